"""Warnings read as grouped lines with counts and proper plurals, each linked to the
placements concerned (subsidie/aandachtspunten.py), the same on every page and report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from subsidie import aandachtspunten
from subsidie.models import Plaatsing
from subsidie.services import telling_bereken

pytestmark = pytest.mark.django_db


def _geen_lid(plaatsing_id, vestiging="13CC01", partnerschap="P-DPO"):
    return {
        "soort": "vestiging_geen_lid",
        "partnerschap": partnerschap,
        "regio": "R-MN",
        "vestiging": vestiging,
        "plaatsing_id": plaatsing_id,
        "tekst": f"plaatsing op {vestiging}, geen lid van {partnerschap}",
    }


def test_same_problem_twice_is_one_line_with_a_count_and_a_link():
    punten = aandachtspunten.groeperen(
        [
            _geen_lid(1),
            _geen_lid(2),
            _geen_lid(3, vestiging="13CC02"),
            {
                "soort": "overlap_partnerschappen",
                "partnerschap": "P-DPO",
                "persoon": 4,
                "tekst": "persoon met overlappende plaatsingen in P-DPO, P-EVO",
            },
        ],
        schooljaar=2025,
        namen={"P-DPO": "Opleidingsschool Domstad PO"},
    )
    assert [(p["tekst"], p["aantal"], p["url"]) for p in punten] == [
        (
            "2 plaatsingen op 13CC01: die vestiging is geen lid van P-DPO",
            2,
            "/partnerschappen/P-DPO/plaatsingen/?schooljaar=2025-2026&status=niet&q=13CC01",
        ),
        (
            "1 plaatsing op 13CC02: die vestiging is geen lid van P-DPO",
            1,
            "/partnerschappen/P-DPO/plaatsingen/?schooljaar=2025-2026&status=niet&q=13CC02",
        ),
        ("1 persoon met overlappende plaatsingen in P-DPO, P-EVO", 1, ""),
    ]
    assert aandachtspunten.teksten(
        [_geen_lid(1), _geen_lid(2)],
        schooljaar=2025,
        namen={"P-DPO": "Opleidingsschool Domstad PO"},
        met_naam=True,
    ) == [
        "Opleidingsschool Domstad PO: 2 plaatsingen op 13CC01: die vestiging is geen lid van P-DPO"
    ]
    assert aandachtspunten.aantal_tekst(1) == "1 aandachtspunt in de telling."
    assert aandachtspunten.aantal_tekst(3) == "3 aandachtspunten in de telling."


def test_telling_page_groups_and_links_for_the_programmaleider(client_als, wereld):
    from tests.factories import VestigingFactory

    buiten = VestigingFactory(code="04DD00", regio=wereld.regio_a)
    for n in range(2):
        Plaatsing.objects.create(
            schooljaar=2025,
            partnerschap=wereld.partnerschap_a,
            vestiging=buiten,
            instituut=wereld.plaatsing_a.instituut,
            studentnummer=f"x{n}",
            student_sleutel=f"k-x{n}",
            opleidingstype="pabo",
            startdatum=dt.date(2025, 9, 1),
        )
    telling_bereken(schooljaar=2025)
    link = (
        '<a class="utrecht-link" href="/partnerschappen/P-A/plaatsingen/?schooljaar=2025-2026'
        '&amp;status=niet&amp;q=04DD00">bekijk de 2 plaatsingen</a>'
    )
    url = reverse("subsidie:partnerschap_telling", args=["P-A"])
    html = client_als("pl_a").get(url).content.decode()
    assert "2 plaatsingen op 04DD00: die vestiging is geen lid van P-A · " + link in html
    assert html.count("op 04DD00") == 1
    # The bestuurder reads the line but cannot open placement rows: no link.
    html = client_als("bestuurder").get(url).content.decode()
    assert "2 plaatsingen op 04DD00: die vestiging is geen lid van P-A" in html
    assert "bekijk de 2 plaatsingen" not in html
    # The linked page shows exactly those two.
    pagina = client_als("pl_a").get(
        reverse("subsidie:plaatsingen", args=["P-A"]) + "?schooljaar=2025-2026&status=niet&q=04DD00"
    )
    assert [p.studentnummer for p in pagina.context["page_obj"]] == ["x0", "x1"]
