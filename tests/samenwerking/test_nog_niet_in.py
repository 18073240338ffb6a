"""Towards 100%: the schools and boards of a region not in any partnership (issue 14)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerschappen import services as org_services
from partnerschappen.models import Regio, Rol, Vestiging
from regio_portal.core.services import Opdrachtregel
from regio_portal.samenwerking import selectors
from regio_portal.samenwerking.models import Aanmelding, Bijeenkomst
from tests.conftest import importeer_voorbeeld, ingelogde_client, met_mfa
from tests.factories import GebruikerFactory


@pytest.fixture
def voorbeeld(db, capsys):
    importeer_voorbeeld()
    capsys.readouterr()


def _kort(lijst):
    return [
        (
            b["bestuur"].nummer,
            b["geheel"],
            [(v["vestiging"].code, v["plaatsingen"], v["bijeenkomst"]) for v in b["vestigingen"]],
        )
        for b in lijst["besturen"]
    ]


def test_the_list_matches_the_duo_data_and_memberships_exactly(voorbeeld):
    mn, zh = Regio.objects.get(code="R-MN"), Regio.objects.get(code="R-ZH")
    # R-MN 2025-2026: 04DD00 (of 41001, whose other two schools are in P-DPO) is in no
    # partnership; student J's placement there counts nowhere.
    lijst = selectors.nog_niet_in(mn, 2025)
    assert _kort(lijst) == [("41001", False, [("04DD00", 1, False)])]
    assert (lijst["aantal"], lijst["totaal"], lijst["plaatsingen"]) == (1, 4, 1)
    # R-ZH: both schools of 41003 joined in August 2025 (P-HOF's membership of 03CC01
    # ended in December: it was in for part of the year, so it is in).
    assert _kort(selectors.nog_niet_in(zh, 2025)) == []
    assert _kort(selectors.nog_niet_in(zh, 2023)) == [
        ("41003", True, [("03CC00", 0, False), ("03CC01", 0, False)])
    ]
    assert [t["aantal"] for t in selectors.nog_niet_in_trend(zh, list(range(2021, 2026)))] == [
        2,
        2,
        2,
        2,
        0,
    ]
    assert [t["aantal"] for t in selectors.nog_niet_in_trend(mn, list(range(2021, 2026)))] == [
        1
    ] * 5


def test_taking_part_in_a_meeting_and_contact_notes_show(voorbeeld):
    mn = Regio.objects.get(code="R-MN")
    km = met_mfa(GebruikerFactory())
    org_services.rol_toekennen(
        gebruiker=km,
        soort=Rol.Soort.KWARTIERMAKER,
        regio=mn,
        door=Opdrachtregel(),
        geldig_van=dt.date(2024, 8, 1),
    )
    begin = timezone.make_aware(dt.datetime(2026, 3, 10, 15, 0))
    b = Bijeenkomst.objects.create(
        regio=mn,
        titel="Doorstroom",
        thema="doorstroom",
        begin=begin,
        eind=begin + dt.timedelta(hours=2),
        locatie="Utrecht",
        capaciteit=10,
    )
    Aanmelding.objects.create(
        bijeenkomst=b,
        naam="Juf",
        email="juf@wilg.example",
        vestiging=Vestiging.objects.get(code="04DD00"),
        status="bevestigd",
    )
    client = ingelogde_client(km)
    notitie = client.post(
        reverse("samenwerking:notitie_toevoegen", args=["R-MN", "41001"]),
        {"datum": "2026-11-20", "contact": "Gesprek met de bestuurder", "volgende_stap": "offerte"},
    )
    assert notitie.status_code == 302
    pagina = client.get(
        reverse("samenwerking:nog_niet_in", args=["R-MN"]), {"schooljaar": "2025-2026"}
    )
    assert _kort(pagina.context["lijst"]) == [("41001", False, [("04DD00", 1, True)])]
    assert pagina.context["lijst"]["besturen"][0]["notitie"].volgende_stap == "offerte"
    export = client.get(
        reverse("samenwerking:nog_niet_in", args=["R-MN"]),
        {"schooljaar": "2025-2026", "export": "csv"},
    )
    rijen = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert rijen[1] == [
        "2025-2026",
        "41001",
        "Stichting Domstad Primair",
        "nee",
        "04DD00",
        "Basisschool De Wilg",
        "po",
        "1",
        "ja",
        "2026-11-20",
        "offerte",
    ]
    # A board of another region: 404, like everything not yours.
    assert (
        client.get(reverse("samenwerking:notitie_toevoegen", args=["R-MN", "41003"])).status_code
        == 404
    )
    dashboard = client.get(reverse("dashboard:regio", args=["R-MN"]), {"schooljaar": "2025-2026"})
    assert [(t["label"], t["aantal"], t["totaal"]) for t in dashboard.context["nog_niet_in"]][
        -1
    ] == (
        "2025-2026",
        1,
        4,
    )
