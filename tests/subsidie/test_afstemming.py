"""Reconciliation: an institute's own figure beside the count, every difference
explained, for the programmaleider and the kwartiermaker (issue 15)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from partnerschappen import services as org_services
from partnerschappen.models import Partnerschap, Regio, Rol
from regio_portal.core.importeren import importeer
from regio_portal.core.services import Opdrachtregel
from subsidie.models import InstituutOpgave
from subsidie.services import telling_bereken
from tests.conftest import importeer_voorbeeld, ingelogde_client, met_mfa
from tests.factories import GebruikerFactory

OPGAVEN = (
    "schooljaar,partnerschap,instituut,aantal\n2025-2026,P-DPO,21PB,9\n2025-2026,P-EVO,21PM,1\n"
)


def _rol(soort, **obj):
    g = GebruikerFactory()
    org_services.rol_toekennen(
        gebruiker=g, soort=soort, door=Opdrachtregel(), geldig_van=dt.date(2024, 8, 1), **obj
    )
    g.refresh_from_db()
    return g


@pytest.fixture
def voorbeeld(db, capsys):
    importeer_voorbeeld()
    capsys.readouterr()
    telling_bereken(schooljaar=2025)
    return _rol(Rol.Soort.PROGRAMMALEIDER, partnerschap=Partnerschap.objects.get(code="P-DPO"))


def test_an_upload_of_opgaven_is_checked_row_by_row_and_all_or_nothing(voorbeeld):
    pl = voorbeeld
    # P-EVO is not pl's partnership: the whole file is refused with the row and column.
    r = importeer(soort="instituutopgaven", inhoud=OPGAVEN.encode(), door=pl, dry_run=False)
    assert r.fouten == ["rij 3: partnerschap: onbekend partnerschap (of niet het uwe) 'P-EVO'"]
    assert InstituutOpgave.objects.count() == 0
    slecht = (
        "schooljaar,partnerschap,instituut,aantal\n"
        "2025-2026,P-DPO,21PB,negen\n"
        "2025-2026,P-DPO,25BA,²\n"
        "2025-2026,P-DPO,21PM,3\n"
        "2025-2026,P-DPO,21PB,9\n"
    )
    r = importeer(soort="instituutopgaven", inhoud=slecht.encode(), door=pl, dry_run=False)
    assert r.fouten == [
        "rij 2: aantal: 'negen' is geen geheel getal van 0 tot en met 1.000.000",
        "rij 3: aantal: '²' is geen geheel getal van 0 tot en met 1.000.000",
        "rij 4: instituut: 21PM is in 2025-2026 geen lid van P-DPO",
        "rij 5: instituut: dezelfde opgave als rij 2; één opgave per regel",
    ]
    assert InstituutOpgave.objects.count() == 0
    goed = "schooljaar,partnerschap,instituut,aantal\n2025-2026,P-DPO,21PB,9\n"
    r = importeer(soort="instituutopgaven", inhoud=goed.encode(), door=pl, dry_run=False)
    assert (r.fouten, r.aangemaakt) == ([], 1)
    opgave = InstituutOpgave.objects.get()
    assert (opgave.aantal, opgave.bron) == (9, "upload")


def test_the_programmaleider_sees_every_difference_explained_and_exports_it(voorbeeld):
    pl = voorbeeld
    importeer(
        soort="instituutopgaven",
        inhoud=b"schooljaar,partnerschap,instituut,aantal\n2025-2026,P-DPO,21PB,9\n",
        door=pl,
        dry_run=False,
    )
    client = ingelogde_client(pl)
    url = reverse("subsidie:afstemming_partnerschap", args=["P-DPO"])
    antwoord = client.get(url, {"schooljaar": "2025-2026"})
    rijen = [
        (r["instituut"], r["opgave"], r["aangeleverd"], r["geteld"], r["verschil"], r["uitleg"])
        for r in antwoord.context["rijen"]
    ]
    assert rijen == [
        (
            "21PB",
            9,
            8,
            4,
            5,
            [
                ("dubbel aangeleverd (dezelfde persoon telt via een andere plaatsing hier)", 1),
                ("geteld bij een ander partnerschap", 1),
                ("telt niet: opleidingstype telt niet mee onder deze regeling", 1),
                ("telt niet: vestiging is geen lid van het partnerschap tijdens de plaatsing", 1),
                ("niet aangeleverd aan de portal (opgave min aangeleverd)", 1),
            ],
        ),
        # 25BA has one placement here (D, counted) and gave no figure.
        ("25BA", None, 1, 1, None, []),
    ]
    export = client.get(url, {"schooljaar": "2025-2026", "export": "csv"})
    regels = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert regels[1] == [
        "2025-2026",
        "P-DPO",
        "21PB",
        "9",
        "8",
        "4",
        "5",
        "1",
        "1",
        "1",
        "0",
        "1",
        "0",
        "0",
        "1",
    ]
    assert regels[2] == [
        "2025-2026",
        "P-DPO",
        "25BA",
        "",
        "1",
        "1",
        "",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "",
    ]


def test_the_kwartiermaker_sees_the_regions_partnerships(voorbeeld):
    km = met_mfa(_rol(Rol.Soort.KWARTIERMAKER, regio=Regio.objects.get(code="R-ZH")))
    antwoord = ingelogde_client(km).get(
        reverse("subsidie:afstemming_regio", args=["R-ZH"]), {"schooljaar": "2025-2026"}
    )
    assert [(r["partnerschap"], r["instituut"]) for r in antwoord.context["rijen"]] == [
        ("P-DPO", "21PB"),
        ("P-DPO", "25BA"),
        ("P-HOF", "25BA"),
    ]
    assert (
        ingelogde_client(km).get(reverse("subsidie:afstemming_regio", args=["R-MN"])).status_code
        == 404
    )
