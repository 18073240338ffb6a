"""Query budgets: every list and detail page renders with 1 and with 50 rows in the same
number of queries (a literal per page), so no page grows a query per row."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.urls import reverse

from partnerschappen import services
from partnerschappen.models import Rol
from regio_portal.core.services import Opdrachtregel
from tests.factories import (
    BestuurFactory,
    ContactpersoonFactory,
    GebruikerFactory,
    InstituutFactory,
    LidmaatschapFactory,
    PartnerschapFactory,
    RegioFactory,
    VestigingFactory,
)

AANTALLEN = [1, 50]


def _vrijgegeven_regios(w, n):
    """n regions, each with a member vestiging, released for the open figures."""
    from subsidie.services import open_cijfers_vrijgeven, telling_bereken

    telling_bereken(schooljaar=2025)
    for _ in range(n):
        regio = RegioFactory()
        LidmaatschapFactory(partnerschap=w.partnerschap_a, vestiging=VestigingFactory(regio=regio))
        open_cijfers_vrijgeven(regio=regio, schooljaar=2025, door=Opdrachtregel())


def _opgaven_van_a(w, n):
    """n institutes in A, each with a placement and its own figure, then counted."""
    from subsidie.models import InstituutOpgave, Plaatsing
    from subsidie.services import telling_bereken

    for i in range(n):
        instituut = InstituutFactory()
        LidmaatschapFactory(partnerschap=w.partnerschap_a, vestiging=None, instituut=instituut)
        Plaatsing.objects.create(
            schooljaar=2025,
            partnerschap=w.partnerschap_a,
            vestiging=w.vestiging_a,
            instituut=instituut,
            studentnummer=f"o{i}",
            student_sleutel=f"o{i}",
            opleidingstype="pabo",
            startdatum=dt.date(2025, 9, 1),
        )
        InstituutOpgave.objects.create(
            instituut=instituut,
            partnerschap=w.partnerschap_a,
            schooljaar=2025,
            aantal=2,
            bron="api",
        )
    telling_bereken(schooljaar=2025)


def _bijeenkomsten_in_regio_a(w, n):
    """n meetings of region A, the first with n registrations (and n schools in A);
    its pk for the detail page, its key for the public one."""
    from django.utils import timezone

    from regio_portal.samenwerking.models import Aanmelding, Bijeenkomst

    begin = timezone.now() + dt.timedelta(days=5)
    for i in range(n):
        b = Bijeenkomst.objects.create(
            regio=w.regio_a,
            titel=f"Bijeenkomst {i}",
            thema="inductie",
            begin=begin,
            eind=begin + dt.timedelta(hours=2),
            locatie="Utrecht",
            capaciteit=100,
            aangemaakt_door=w.gebruikers["km_regio"],
        )
        if i == 0:
            w.cyclus_pk = b.pk  # the detail page's pk (the name is the cycle's)
            w.sleutel_b = b.sleutel
            eerste = b
    for i in range(n):
        Aanmelding.objects.create(
            bijeenkomst=eerste,
            naam=f"Persoon {i}",
            email=f"p{i}@school.example",
            vestiging=VestigingFactory(regio=w.regio_a),
            status="bevestigd",
        )


def _vestigingen_buiten_in_a(w, n):
    """n vestigingen of region A in no partnership, each of its own board and with a
    placement, and a contact note on the first board."""
    from regio_portal.samenwerking.models import Contactnotitie
    from subsidie.models import Plaatsing

    for i in range(n):
        v = VestigingFactory(regio=w.regio_a)
        Plaatsing.objects.create(
            schooljaar=2025,
            partnerschap=w.partnerschap_a,
            vestiging=v,
            instituut=w.plaatsing_a.instituut,
            studentnummer=f"b{i}",
            student_sleutel=f"b{i}",
            opleidingstype="pabo",
            startdatum=dt.date(2025, 9, 1),
        )
        if i == 0:
            Contactnotitie.objects.create(
                regio=w.regio_a, bestuur=v.bestuur, datum=dt.date(2026, 1, 1), contact="x"
            )


def _afspraken_in_a(w, n):
    """n topics in region A with A's practice and a regional agreement each."""
    from regio_portal.samenwerking.models import AfspraakOnderwerp, Praktijk, RegionaleAfspraak

    for i in range(n):
        o = AfspraakOnderwerp.objects.create(
            regio=w.regio_a, titel=f"Onderwerp {i}", soort="bedrag"
        )
        Praktijk.objects.create(onderwerp=o, partnerschap=w.partnerschap_a, bedrag=100 + i)
        RegionaleAfspraak.objects.create(onderwerp=o, bedrag=100, ingangsdatum=dt.date(2025, 8, 1))


def _routes_in_regio_a(w, n):
    """A's route 2026-2029 with n ambitions (each on two principles, with a waarborg-free
    source list), n options, n actions and n comments; n more partnerships in region A
    with a route each (the side-by-side page). The route's pk for the detail page."""
    from regio_portal.samenwerking.models import (
        Actie,
        Ambitie,
        Analyse,
        Optie,
        Route,
        RouteOpmerking,
    )
    from regio_portal.samenwerking.selectors import huidige_principes

    versie = huidige_principes()
    principes = list(versie.principes.all())
    route = Route.objects.create(
        partnerschap=w.partnerschap_a, principes=versie, begin_jaar=2026, eind_jaar=2029
    )
    w.cyclus_pk = route.pk  # the detail page's pk (the name is the cycle's)
    for i in range(n):
        a = Ambitie.objects.create(route=route, tekst=f"Ambitie {i}")
        a.principes.set(principes[i % 5 : i % 5 + 2])
        Optie.objects.create(route=route, titel=f"Optie {i}", gekozen=i == 0)
        Actie.objects.create(
            route=route, ambitie=a, wat=f"Actie {i}", eigenaar="PL", deadline=dt.date(2027, 1, 1)
        )
        RouteOpmerking.objects.create(route=route, principe=principes[i % 5], tekst=f"Opm {i}")
    Analyse.objects.create(route=route, principe=principes[0], tekst="Analyse")
    for i in range(n):
        p = PartnerschapFactory(code=f"P-R{i}")
        LidmaatschapFactory(partnerschap=p, vestiging=VestigingFactory(regio=w.regio_a))
        r = Route.objects.create(partnerschap=p, principes=versie, begin_jaar=2026, eind_jaar=2029)
        a = Ambitie.objects.create(route=r, tekst=f"Ambitie van {p.code}")
        a.principes.set(principes[:2])
        Analyse.objects.create(route=r, principe=principes[1], tekst="Analyse")


def _sleutels_van_a(w, n):
    """n API keys of 21PB (a member of A), the first one used n times."""
    from koppelingen.services import api_gebruik_vastleggen, api_sleutel_uitgeven
    from partnerschappen.models import Instituut

    instituut = Instituut.objects.get(code="21PB")
    for i in range(n):
        sleutel, _tekst = api_sleutel_uitgeven(
            instituut=instituut,
            naam=f"systeem {i}",
            verloopt_op=dt.date.today() + dt.timedelta(days=30),
            door=Opdrachtregel(),
        )
        if i == 0:
            eerste = sleutel
            w.cyclus_pk = sleutel.pk  # the detail page's pk (the name is the cycle's)
    for _ in range(n):
        api_gebruik_vastleggen(
            sleutel=eerste, methode="GET", pad="/api/v1/partnerschappen", status=200, ip=None
        )


def _partnerschappen_in_regio_a(w, n):
    for _ in range(n):
        p = PartnerschapFactory()
        LidmaatschapFactory(partnerschap=p, vestiging=VestigingFactory(regio=w.regio_a))
        LidmaatschapFactory(partnerschap=p, vestiging=None, instituut=InstituutFactory())


def _leden_van_a(w, n):
    for _ in range(n):
        LidmaatschapFactory(
            partnerschap=w.partnerschap_a, vestiging=VestigingFactory(regio=w.regio_a)
        )
        ContactpersoonFactory(partnerschap=w.partnerschap_a)


def _vestigingen_van_bestuur_a(w, n):
    for _ in range(n):
        v = VestigingFactory(bestuur=w.bestuur_a, regio=w.regio_a)
        LidmaatschapFactory(partnerschap=PartnerschapFactory(), vestiging=v)


def _gebruikers_met_rollen(w, n):
    for _ in range(n):
        services.rol_toekennen(
            gebruiker=GebruikerFactory(),
            soort=Rol.Soort.PROGRAMMALEIDER,
            partnerschap=w.partnerschap_b,
            door=Opdrachtregel(),
            geldig_van=dt.date(2024, 8, 1),
        )


def _auditregels(w, n):
    for i in range(n):
        ContactpersoonFactory(partnerschap=w.partnerschap_a, naam=f"Audit {i}")
        w.partnerschap_a.naam = f"Naam {i}"
        from regio_portal.core.services import object_opslaan

        object_opslaan(obj=w.partnerschap_a, door=w.gebruikers["pl_a"])
    assert LogEntry.objects.count() >= n


def _inzageregels(w, n):
    from regio_portal.core.inzage import inzage_vastleggen

    for i in range(n):
        inzage_vastleggen(
            gebruiker=w.gebruikers["pl_a"], actie="bekeken", onderwerp=f"{i}", aantal=i
        )


def _plaatsingen_van_a(w, n):
    from subsidie.models import Plaatsing
    from subsidie.services import telling_bereken

    for i in range(n):
        Plaatsing.objects.create(
            schooljaar=2025,
            partnerschap=w.partnerschap_a,
            vestiging=w.vestiging_a,
            instituut=w.plaatsing_a.instituut,
            studentnummer=f"q{i}",
            student_sleutel=f"k{i}",
            opleidingstype="pabo",
            startdatum=dt.date(2025, 9, 1),
        )
    telling_bereken(schooljaar=2025)


def _tellingen(w, n):
    from subsidie.services import telling_bereken

    _partnerschappen_in_regio_a(w, n)
    telling_bereken(schooljaar=2025)
    telling_bereken(schooljaar=2024)


def _verantwoordingen(w, n):
    from django.utils import timezone

    from regio_portal.core.schooljaar import schooljaar_van
    from subsidie.models import Verantwoording
    from subsidie.services import telling_bereken

    jaar = schooljaar_van(timezone.localdate())  # the page shows the current school year
    snapshot = telling_bereken(schooljaar=jaar)
    for versie in range(1, n + 1):
        Verantwoording.objects.create(
            soort="partnerschap",
            partnerschap=w.partnerschap_a,
            schooljaar=jaar,
            versie=versie,
            telling=snapshot,
            status="concept",
        )


def _zelfevaluaties_in_regio_a(w, n):
    from kwaliteit import services as kw
    from tests.kwaliteit.conftest import kwaliteit_voor

    kwaliteit_voor(w)
    _partnerschappen_in_regio_a(w, n)
    from partnerschappen.models import Partnerschap

    for p in Partnerschap.objects.exclude(code__in=["P-A", "P-B"]):
        z = kw.zelfevaluatie_start(partnerschap=p, jaar=2025, door=Opdrachtregel())
        kw.zelfevaluatie_opslaan(
            zelfevaluatie=z,
            revisie=0,
            antwoorden={s.kenmerk_id: ("3", "a", "") for s in z.scores.all()},
            door=Opdrachtregel(),
        )


def _kader_met_kenmerken(w, n):
    """A published framework with n kenmerken and A's zelfevaluatie on it, with last
    year's too (the page compares per kenmerk)."""
    import json

    from kwaliteit import services as kw

    kader = kw.kader_importeer(
        inhoud=json.dumps(
            {
                "naam": "K",
                "jaar": 2025,
                "waarborgen": [
                    {
                        "code": "1",
                        "titel": "W",
                        "kenmerken": [
                            {"code": f"1.{i}", "tekst": f"kenmerk {i}"} for i in range(n)
                        ],
                    }
                ],
            }
        ).encode(),
        door=Opdrachtregel(),
    )
    kw.kader_publiceer(kader=kader, door=Opdrachtregel())
    for jaar in (2024, 2025):
        z = kw.zelfevaluatie_start(partnerschap=w.partnerschap_a, jaar=jaar, door=Opdrachtregel())
        kw.zelfevaluatie_opslaan(
            zelfevaluatie=z,
            revisie=0,
            antwoorden={s.kenmerk_id: ("2", "a", "") for s in z.scores.all()},
            door=Opdrachtregel(),
        )


def _kwaliteit_a(w, n):
    from tests.kwaliteit.conftest import kwaliteit_voor

    kwaliteit_voor(w)


def _reviews_in_cyclus(w, n):
    import datetime as dt

    from peer_review import services as pr
    from peer_review.models import Review

    cyclus = pr.cyclus_aanmaken(
        door=Opdrachtregel(),
        naam="OPR",
        regio=w.regio_a,
        begin=dt.date(2026, 1, 1),
        deadline=dt.date(2029, 12, 31),
    )
    _partnerschappen_in_regio_a(w, n)
    from partnerschappen.models import Partnerschap

    for p in Partnerschap.objects.exclude(code="P-B"):
        review = Review.objects.create(cyclus=cyclus, ontvangend=p)
        review.bezoekers.set([w.partnerschap_b])
    voorstel = pr.voorstel_aanvragen(cyclus=cyclus, door=Opdrachtregel())
    pr.voorstel_bereken(voorstel=voorstel)
    w.cyclus_pk = cyclus.pk


def _dashboard_gegevens(w, n):
    """n partnerships in region A with counts over two years, zelfevaluaties and reviews."""
    _zelfevaluaties_in_regio_a(w, n)
    from subsidie.services import telling_bereken

    _plaatsingen_van_a(w, 1)
    telling_bereken(schooljaar=2024)
    import datetime as dt

    from partnerschappen.models import Partnerschap
    from peer_review import services as pr
    from peer_review.models import Review

    cyclus = pr.cyclus_aanmaken(
        door=Opdrachtregel(),
        naam="OPR",
        regio=w.regio_a,
        begin=dt.date(2026, 1, 1),
        deadline=dt.date(2029, 12, 31),
    )
    for p in Partnerschap.objects.exclude(code="P-B"):
        Review.objects.create(cyclus=cyclus, ontvangend=p)


def _vorig_jaar(w):
    """The start pages show the last complete school year; count A's placement there."""
    from django.utils import timezone

    from regio_portal.core.schooljaar import schooljaar_van
    from subsidie.models import Plaatsing
    from subsidie.services import telling_bereken

    vorig = schooljaar_van(timezone.localdate()) - 1
    Plaatsing.objects.filter(pk=w.plaatsing_a.pk).update(
        schooljaar=vorig, startdatum=dt.date(vorig, 9, 1), einddatum=dt.date(vorig + 1, 6, 30)
    )
    telling_bereken(schooljaar=vorig)


def _bestuurder_start(w, n):
    _vestigingen_van_bestuur_a(w, n)
    _vorig_jaar(w)


def _beheerder_start(w, n):
    RegioFactory.create_batch(n)
    _vorig_jaar(w)


# name, kwargs, role, how to make n rows, literal query budget
PAGINAS = [
    ("partnerschappen:lijst", {}, "beheerder", _partnerschappen_in_regio_a, 7),
    ("partnerschappen:lijst", {}, "km_regio", _partnerschappen_in_regio_a, 7),
    ("partnerschappen:detail", {"code": "P-A"}, "pl_a", _leden_van_a, 10),
    ("partnerschappen:regio_lijst", {}, "beheerder", lambda w, n: RegioFactory.create_batch(n), 6),
    ("partnerschappen:regio_detail", {"code": "R-A"}, "km_regio", _partnerschappen_in_regio_a, 9),
    (
        "partnerschappen:bestuur_lijst",
        {},
        "beheerder",
        lambda w, n: BestuurFactory.create_batch(n),
        6,
    ),
    (
        "partnerschappen:bestuur_detail",
        {"nummer": "41001"},
        "bestuurder",
        _vestigingen_van_bestuur_a,
        7,
    ),
    (
        "partnerschappen:vestiging_lijst",
        {},
        "beheerder",
        lambda w, n: VestigingFactory.create_batch(n),
        6,
    ),
    ("partnerschappen:vestiging_lijst", {}, "km_regio", _partnerschappen_in_regio_a, 6),
    ("partnerschappen:gebruiker_lijst", {}, "beheerder", _gebruikers_met_rollen, 7),
    # Names instead of ids cost one query per kind of related object on the page
    # (bounded by the audited models, never by rows): one kind here.
    (
        "core:audit",
        {"_q": "?soort=partnerschappen.contactpersoon"},
        "beheerder",
        _auditregels,
        7,
    ),
    ("core:inzage", {}, "beheerder", _inzageregels, 6),
    # +1: the routes of the partnerships ("wat nu te doen"; their actions only when any).
    # +1: the page cache's versions (the start page and the dashboard are kept).
    ("start", {}, "pl_a", lambda w, n: None, 15),
    ("start", {}, "bestuurder", _bestuurder_start, 15),
    ("start", {}, "beheerder", _beheerder_start, 14),
    # +1: the access-log row (core.Inzage) for viewing student data; +2: the year with
    # data that the page opens on (subsidie.selectors.standaard_schooljaar).
    ("subsidie:plaatsingen", {"code": "P-A"}, "pl_a", _plaatsingen_van_a, 14),
    ("subsidie:partnerschap_telling", {"code": "P-A"}, "bestuurder", _tellingen, 7),
    # +1 on both: which partnerships' placements the user may open (data problem links).
    ("subsidie:regio_telling", {"code": "R-A"}, "km_regio", _tellingen, 12),
    ("subsidie:landelijk", {}, "beheerder", _tellingen, 9),
    ("subsidie:regelingen", {}, "beheerder", lambda w, n: None, 5),
    # One query per import kind the page offers (who may import it), for the form and
    # the list: +2 with the institutes' figures (instituutopgaven).
    ("core:import_start", {}, "pl_a", lambda w, n: None, 10),
    # Two of them read the current count, for the notice when it is stale.
    ("subsidie:verantwoording_partnerschap", {"code": "P-A"}, "bestuurder", _verantwoordingen, 11),
    ("kwaliteit:regio", {"code": "R-A"}, "km_regio", _zelfevaluaties_in_regio_a, 11),
    ("kwaliteit:zelfevaluatie", {"code": "P-A", "jaar": 2025}, "pl_a", _kader_met_kenmerken, 11),
    ("kwaliteit:overzicht", {"code": "P-A"}, "bestuurder", _kwaliteit_a, 8),
    ("kwaliteit:kaders", {}, "beheerder", _kwaliteit_a, 5),
    # +2: the pair rule's two lists of partnerships (names with codes).
    ("peer_review:cyclus", None, "km_regio", _reviews_in_cyclus, 13),
    # The counts' large JSON in a second query, only when this process has not parsed
    # it yet (subsidie.selectors.tellingen_met_inhoud): here it has not. +2: the region's
    # vestigingen and their memberships for "nog niet in een partnerschap" over five years.
    (
        "dashboard:regio",
        {"code": "R-A", "_q": "?schooljaar=2025-2026"},
        "km_regio",
        _dashboard_gegevens,
        19,
    ),
    ("peer_review:cycli", {}, "km_regio", _reviews_in_cyclus, 8),
    ("subsidie:wat_als", {}, "km_regio", _partnerschappen_in_regio_a, 9),
    # The count's input in its handful of set-based queries, and the official count.
    (
        "subsidie:wat_als",
        {"_q": "?schooljaar=2025-2026&regeling=opleidingsscholen-2019"},
        "km_regio",
        _partnerschappen_in_regio_a,
        17,
    ),
    ("koppelingen:sleutels", {}, "pl_a", _sleutels_van_a, 6),
    ("samenwerking:bijeenkomsten", {}, "km_regio", _bijeenkomsten_in_regio_a, 7),
    ("samenwerking:nog_niet_in", {"code": "R-A"}, "km_regio", _vestigingen_buiten_in_a, 10),
    ("samenwerking:afspraken", {"code": "R-A"}, "km_regio", _afspraken_in_a, 10),
    ("samenwerking:partnerschap_afspraken", {"code": "P-A"}, "pl_a", _afspraken_in_a, 9),
    ("samenwerking:bijeenkomst", None, "km_regio", _bijeenkomsten_in_regio_a, 8),
    # A concept route reads its Reality live: the year rule (2), the five counts, the
    # regions, the zelfevaluatie (3), the reviews and the not-yet-in list (5); then the
    # parts per principle (prefetched; what is missing before submission follows from them).
    ("samenwerking:route", None, "pl_a", _routes_in_regio_a, 28),
    ("samenwerking:regio_routes", {"code": "R-A"}, "km_regio", _routes_in_regio_a, 19),
    ("samenwerking:partnerschap_routes", {"code": "P-A"}, "pl_a", _routes_in_regio_a, 6),
    ("samenwerking:principes_versies", {}, "beheerder", _routes_in_regio_a, 5),
    ("samenwerking:principes", {}, "pl_a", _routes_in_regio_a, 7),
    # The public page: the meeting, its free places and the region's schools.
    ("samenwerking:publiek", "publiek", "anoniem", _bijeenkomsten_in_regio_a, 3),
    ("subsidie:afstemming_partnerschap", {"code": "P-A"}, "pl_a", _opgaven_van_a, 12),
    ("subsidie:afstemming_regio", {"code": "R-A"}, "km_regio", _opgaven_van_a, 14),
    # Which years have final regions (four queries a year with releases or adoptions),
    # the year's table: its final regions again and the counted persons per region.
    ("subsidie:open_cijfers", {}, "anoniem", _vrijgegeven_regios, 11),
    ("subsidie:open_cijfers_beheer", {}, "beheerder", _vrijgegeven_regios, 13),
    (
        "subsidie:open_cijfers_download",
        {"schooljaar": "2025-2026", "formaat": "csv"},
        "anoniem",
        _vrijgegeven_regios,
        11,
    ),
    ("koppelingen:sleutel_detail", None, "pl_a", _sleutels_van_a, 6),
    # The form lists the institutes of pl_a's partnerships; the confirmation one key.
    ("koppelingen:sleutel_nieuw", {}, "pl_a", _sleutels_van_a, 5),
    ("koppelingen:sleutel_intrekken", None, "pl_a", _sleutels_van_a, 4),
    (
        "subsidie:open_cijfers_vrijgeven",
        {"code": "R-A", "schooljaar": "2025-2026"},
        "beheerder",
        _vrijgegeven_regios,
        5,
    ),
]


@pytest.mark.parametrize(
    ("naam", "kwargs", "rol", "maak", "budget"),
    [pytest.param(*p, id=f"{p[0]}-{p[2]}") for p in PAGINAS],
)
@pytest.mark.parametrize("aantal", AANTALLEN)
# Budgets include the MFA middleware's authenticator check for roles that require MFA
# (kwartiermaker, bestuurder, beheerder): one query per request.
def test_query_budget(
    naam, kwargs, rol, maak, budget, aantal, client_als, wereld, django_assert_num_queries
):
    maak(wereld, aantal)
    client = client_als(rol)
    if kwargs == "publiek":
        kwargs = {"sleutel": wereld.sleutel_b}
    kwargs = dict(kwargs) if kwargs is not None else {"pk": wereld.cyclus_pk}
    query = kwargs.pop("_q", "")
    url = reverse(naam, kwargs=kwargs) + query
    # A browser has its CSRF cookie after its first page; with it, the pages kept by the
    # page cache (regio_portal/core/paginacache.py) render and are kept: +1 query, the
    # tables' versions (the first look; a repeated one is tests/core/test_paginacache.py).
    client.cookies[settings.CSRF_COOKIE_NAME] = "q" * 32
    with django_assert_num_queries(budget):
        antwoord = client.get(url)
    assert antwoord.status_code == 200


@pytest.mark.parametrize("status", ["gecontroleerd", "klaar"])
@pytest.mark.parametrize("aantal", AANTALLEN)
def test_query_budget_import_check_and_result_page(
    status, aantal, client_als, wereld, django_assert_num_queries
):
    """The check page of a placements file lists every row with its outcome, and the
    result page the refreshed count: the same queries for 1 row or 50."""
    from regio_portal.core.importbestanden import importbestand_controleer
    from tests.conftest import csv_bytes

    rijen = [
        {
            "schooljaar": "2025-2026",
            "vestiging": wereld.vestiging_a.code,
            "instituut": wereld.plaatsing_a.instituut.code,
            "studentnummer": f"n{i}",
            "opleidingstype": "pabo",
            "startdatum": "2025-09-01",
        }
        for i in range(aantal)
    ]
    importbestand = importbestand_controleer(
        soort="plaatsingen",
        inhoud=csv_bytes(rijen, list(rijen[0])),
        bestandsnaam="p.csv",
        door=wereld.gebruikers["pl_a"],
    )
    assert importbestand.fouten == [] and len(importbestand.effect["rijen"]) == aantal
    importbestand.status = status
    importbestand.save()
    client = client_als("pl_a")
    url = reverse("core:import_detail", kwargs={"pk": importbestand.pk})
    with django_assert_num_queries(5 if status == "gecontroleerd" else 7):
        antwoord = client.get(url)
    assert antwoord.status_code == 200


@pytest.mark.parametrize("aantal", AANTALLEN)
def test_query_budget_vestiging_search(aantal, client_als, wereld, django_assert_num_queries):
    """The placement form's server-side search lists up to 50 of the partnership's
    vestigingen in the same queries for 1 or many."""
    for i in range(aantal):
        LidmaatschapFactory(
            partnerschap=wereld.partnerschap_a, vestiging=VestigingFactory(naam=f"Zon {i}")
        )
    client = client_als("pl_a")
    url = reverse("subsidie:plaatsing_vestigingen", kwargs={"code": "P-A"}) + "?q=zon"
    with django_assert_num_queries(6):
        antwoord = client.get(url)
    assert antwoord.content.decode().count("<option") == aantal + 1
