"""Shared fixtures: a small two-tenant world with a user for every role of the matrix."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.files.base import ContentFile

from partnerschappen import services
from partnerschappen.models import Rol
from regio_portal.core.services import Opdrachtregel
from tests.factories import (
    BestuurFactory,
    ContactpersoonFactory,
    GebruikerFactory,
    GemeenteFactory,
    InstituutFactory,
    LidmaatschapFactory,
    PartnerschapFactory,
    PlaatsingFactory,
    RegioFactory,
    VestigingFactory,
)

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
VOORBEELDEN = SHARED / "examples"
# shared/examples/telling in the order its README gives (`importeer_voorbeeld`).
VOORBEELD_VOLGORDE = (
    "regios",
    "instituten",
    "besturen",
    "vestigingen",
    "partnerschappen",
    "lidmaatschappen",
    "plaatsingen",
)
MINI_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
ROLLEN = ("anoniem", "pl_a", "pl_b", "km_regio", "km_elders", "bestuurder", "peer", "beheerder")


@dataclass
class Wereld:
    regio_a: object
    regio_b: object
    bestuur_a: object
    bestuur_b: object
    partnerschap_a: object
    partnerschap_b: object
    vestiging_a: object
    vestiging_b: object
    lid_a: object
    contact_a: object
    overeenkomst_a: object
    gebruikers: dict
    rol_pl_b: object
    plaatsing_a: object


def totp_code(geheim: str) -> str:
    """The current TOTP code for `geheim`, taken at least 5 s before its window ends. The
    server checks it against its own clock without tolerance (MFA_TOTP_TOLERANCE 0): a code
    taken in the last moment of its window arrived after the boundary and was refused (a
    browser login on a loaded CI machine waited on the code page until it timed out,
    2026-12-07)."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    periode = app_settings.TOTP_PERIOD
    if (over := periode - time.time() % periode) < 5:
        time.sleep(over + 0.1)
    return format_hotp_value(hotp_value(geheim, int(time.time()) // periode))


def met_mfa(gebruiker):
    TOTP.activate(gebruiker, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    return gebruiker


@pytest.fixture
def wereld(db) -> Wereld:
    """Partnerschap A (regio A, bestuur A) and B (regio B, bestuur B), and one user per
    role: programmaleider of A and of B, kwartiermaker of regio A and of regio B,
    bestuurder of bestuur A, a peer reviewer, a beheerder."""
    door = Opdrachtregel()
    regio_a = RegioFactory(code="R-A", naam="Regio A")
    regio_b = RegioFactory(code="R-B", naam="Regio B")
    GemeenteFactory(nummer="0344", regio=regio_a)
    GemeenteFactory(nummer="0518", regio=regio_b)
    bestuur_a = BestuurFactory(nummer="41001", naam="Bestuur A")
    bestuur_b = BestuurFactory(nummer="41002", naam="Bestuur B")
    vestiging_a = VestigingFactory(code="01AA00", bestuur=bestuur_a, regio=regio_a)
    vestiging_b = VestigingFactory(code="02BB00", bestuur=bestuur_b, regio=regio_b, gemeente="0518")
    partnerschap_a = PartnerschapFactory(code="P-A", naam="Partnerschap A")
    partnerschap_b = PartnerschapFactory(code="P-B", naam="Partnerschap B")
    lid_a = LidmaatschapFactory(partnerschap=partnerschap_a, vestiging=vestiging_a)
    wereld_instituut = InstituutFactory(code="21PB")
    LidmaatschapFactory(partnerschap=partnerschap_a, vestiging=None, instituut=wereld_instituut)
    LidmaatschapFactory(partnerschap=partnerschap_b, vestiging=vestiging_b)
    contact_a = ContactpersoonFactory(partnerschap=partnerschap_a)
    overeenkomst_a = services.overeenkomst_toevoegen(
        partnerschap=partnerschap_a,
        titel="Samenwerkingsovereenkomst A",
        soort="samenwerkingsovereenkomst",
        datum=dt.date(2024, 6, 1),
        bestand=ContentFile(MINI_PDF, name="a.pdf"),
        door=door,
    )
    g = {
        "pl_a": GebruikerFactory(email="pl.a@test.example"),
        "pl_b": GebruikerFactory(email="pl.b@test.example"),
        "km_regio": met_mfa(GebruikerFactory(email="km.a@test.example")),
        "km_elders": met_mfa(GebruikerFactory(email="km.b@test.example")),
        "bestuurder": met_mfa(GebruikerFactory(email="bestuurder.a@test.example")),
        "peer": GebruikerFactory(email="peer@test.example"),
        "beheerder": met_mfa(GebruikerFactory(email="beheerder@test.example")),
    }
    van = dt.date(2024, 8, 1)
    services.rol_toekennen(
        gebruiker=g["pl_a"],
        soort=Rol.Soort.PROGRAMMALEIDER,
        partnerschap=partnerschap_a,
        door=door,
        geldig_van=van,
    )
    rol_pl_b = services.rol_toekennen(
        gebruiker=g["pl_b"],
        soort=Rol.Soort.PROGRAMMALEIDER,
        partnerschap=partnerschap_b,
        door=door,
        geldig_van=van,
    )
    services.rol_toekennen(
        gebruiker=g["km_regio"],
        soort=Rol.Soort.KWARTIERMAKER,
        regio=regio_a,
        door=door,
        geldig_van=van,
    )
    services.rol_toekennen(
        gebruiker=g["km_elders"],
        soort=Rol.Soort.KWARTIERMAKER,
        regio=regio_b,
        door=door,
        geldig_van=van,
    )
    services.rol_toekennen(
        gebruiker=g["bestuurder"],
        soort=Rol.Soort.BESTUURDER,
        bestuur=bestuur_a,
        door=door,
        geldig_van=van,
    )
    services.rol_toekennen(
        gebruiker=g["peer"], soort=Rol.Soort.PEER_REVIEWER, door=door, geldig_van=van
    )
    services.rol_toekennen(
        gebruiker=g["beheerder"], soort=Rol.Soort.BEHEERDER, door=door, geldig_van=van
    )
    for gebruiker in g.values():
        gebruiker.refresh_from_db()
    plaatsing_a = PlaatsingFactory(
        schooljaar=2025,
        partnerschap=partnerschap_a,
        vestiging=vestiging_a,
        instituut=wereld_instituut,
        studentnummer="1001",
        naam="Student A",
        opleidingstype="pabo",
        startdatum=dt.date(2025, 9, 1),
        einddatum=dt.date(2026, 6, 30),
    )
    return Wereld(
        regio_a=regio_a,
        regio_b=regio_b,
        bestuur_a=bestuur_a,
        bestuur_b=bestuur_b,
        partnerschap_a=partnerschap_a,
        partnerschap_b=partnerschap_b,
        vestiging_a=vestiging_a,
        vestiging_b=vestiging_b,
        lid_a=lid_a,
        contact_a=contact_a,
        overeenkomst_a=overeenkomst_a,
        gebruikers=g,
        rol_pl_b=rol_pl_b,
        plaatsing_a=plaatsing_a,
    )


def recent_geauthenticeerd(client, gebruiker):
    """As if the user just entered their password again (allauth's reauthentication
    record): role changes need it (tests/partnerschappen/test_herauthenticatie.py tests
    the prompt itself)."""
    import time

    sessie = client.session
    sessie["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "reauthenticated": True}
    ]
    sessie["account_authentication_methods_user"] = str(gebruiker.pk)
    sessie.save()


def ingelogde_client(gebruiker):
    """A fresh test client logged in as `gebruiker` (None: anonymous), just reauthenticated."""
    from django.test import Client

    c = Client()
    if gebruiker is not None:
        c.force_login(gebruiker)
        recent_geauthenticeerd(c, gebruiker)
    return c


def vrije_poort() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(naam: str | None = None) -> str:
    """The test database (or another database `naam` on the same server) as a URL, for
    subprocesses: a real worker, pg_dump, manage.py."""
    from django.db import connection

    d = connection.settings_dict
    return f"postgres://{d['USER']}@{d['HOST']}:{d['PORT']}/{naam or d['NAME']}"


@pytest.fixture
def client_als(client, wereld):
    """client_als("pl_a") gives a test client logged in as that matrix role."""

    def _als(rol: str):
        if rol != "anoniem":
            client.force_login(wereld.gebruikers[rol])
            recent_geauthenticeerd(client, wereld.gebruikers[rol])
        return client

    return _als


@pytest.fixture
def niet_eager():
    """Tasks go through the real Redis broker for this test (the test settings run them
    eagerly); back to eager afterwards, also when the test fails."""
    from regio_portal.celery import app

    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


@pytest.fixture(scope="session", autouse=True)
def _media_opruimen():
    """The test settings put uploads in a temporary folder per process; remove it."""
    import shutil

    from django.conf import settings

    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def _nederlands():
    """Each test starts in Dutch: a request in English (LocaleMiddleware activates the
    language for the thread and leaves it) must not carry into the next test's messages."""
    from django.utils import translation

    translation.activate("nl")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _gezaaide_regelingen(request):
    """The seeded Regelingen (data migration subsidie 0002) belong to every database
    test's world. A transactional test empties the database when it ends, so a later
    test in the same process found none ("Geen regeling voor schooljaar …"): sow them
    again when they are gone (idempotent; one query when they are there)."""
    marker = request.node.get_closest_marker("django_db")
    transactioneel = "transactional_db" in request.fixturenames or bool(
        marker and marker.kwargs.get("transaction")
    )
    if transactioneel:
        request.getfixturevalue("transactional_db")
    elif marker or "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    from importlib import import_module

    from django.apps import apps

    from regio_portal.samenwerking.models import Principeversie
    from subsidie.models import Regeling

    if not Regeling.objects.exists():
        import_module("subsidie.migrations.0002_regelingen").zaai(apps, None)
    # The ontwerpprincipes are seeded by a data migration too (version 1, published).
    if not Principeversie.objects.exists():
        import_module("regio_portal.samenwerking.migrations.0005_ontwerpprincipes_zaaien").zaaien(
            apps, None
        )


@pytest.fixture(autouse=True)
def _eigen_cachesleutels():
    """Each test its own cache namespace: rate-limit counters and used TOTP codes live in
    the real Redis and would otherwise leak from one test into the next."""
    import secrets

    from django.core.cache import caches

    cache = caches["default"]
    oud = cache.key_prefix
    cache.key_prefix = f"{oud}-{secrets.token_hex(4)}"
    yield
    cache.key_prefix = oud


def importeer_voorbeeld() -> None:
    """Import shared/examples/telling with `manage.py importeer`, as its README says."""
    from django.core.management import call_command

    for soort in VOORBEELD_VOLGORDE:
        call_command("importeer", soort, str(VOORBEELDEN / "telling" / f"{soort}.csv"))


def csv_bytes(rijen: list[dict], kolommen: list[str]) -> bytes:
    import csv
    import io

    uit = io.StringIO()
    schrijver = csv.DictWriter(uit, fieldnames=kolommen, lineterminator="\n")
    schrijver.writeheader()
    schrijver.writerows(rijen)
    return uit.getvalue().encode()


def voorbeeld_zonder_plaatsingen_van(code: str) -> tuple[list[dict], list[str]]:
    """shared/examples/telling imported, except the placements of partnership `code`:
    those rows (and the header) are returned, for a test to upload them."""
    import csv

    from regio_portal.core.importeren import importeer

    door = Opdrachtregel()
    for soort in VOORBEELD_VOLGORDE[:-1]:
        r = importeer(
            soort=soort,
            inhoud=(VOORBEELDEN / "telling" / f"{soort}.csv").read_bytes(),
            door=door,
            dry_run=False,
        )
        assert r.fouten == []
    with (VOORBEELDEN / "telling" / "plaatsingen.csv").open(encoding="utf-8") as f:
        lezer = csv.DictReader(f)
        kolommen = list(lezer.fieldnames)
        rijen = list(lezer)
    overig = [r for r in rijen if r["partnerschap"] != code]
    r = importeer(soort="plaatsingen", inhoud=csv_bytes(overig, kolommen), door=door, dry_run=False)
    assert r.fouten == []
    return [r for r in rijen if r["partnerschap"] == code], kolommen


# The live server of the browser tests and of the API test (tests/koppelingen/test_openapi).
@pytest.fixture(scope="session")
def _media_url_voor_live_server():
    """Media are never served by URL (MEDIA_URL = None), but Django's live server wraps a
    media handler that cannot parse None. A URL on another host is never matched by that
    handler, so still nothing is served; set before the (session-wide) server starts."""
    from django.conf import settings

    oud = settings.MEDIA_URL
    settings.MEDIA_URL = "http://media.invalid/"
    yield
    settings.MEDIA_URL = oud


@pytest.fixture(scope="session")
def live_server(_media_url_voor_live_server, live_server):
    return live_server
