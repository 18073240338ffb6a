"""The regional dashboard: every number from the stored count and the quality and
peer-review data, exactly."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from peer_review import services as pr
from peer_review.models import Review
from regio_portal.core.services import Opdrachtregel
from subsidie.models import Plaatsing
from subsidie.services import telling_bereken
from tests.factories import VestigingFactory
from tests.kwaliteit.conftest import kwaliteit_voor


def test_kwartiermaker_lands_on_the_dashboard(client_als, wereld):
    antwoord = client_als("km_regio").get(reverse("start"))
    assert antwoord["Location"] == reverse("dashboard:regio", args=["R-A"])


def test_dashboard_numbers_match_count_quality_and_peer_review(client_als, wereld):
    # 2025: A's own placement (counted) and one at a non-member vestiging in region A.
    buiten = VestigingFactory(code="04DD00", regio=wereld.regio_a, sector="vo")
    Plaatsing.objects.create(
        schooljaar=2025,
        partnerschap=wereld.partnerschap_a,
        vestiging=buiten,
        instituut=wereld.plaatsing_a.instituut,
        studentnummer="x",
        student_sleutel="kx",
        opleidingstype="zij_instroom",
        startdatum=dt.date(2025, 9, 1),
    )
    telling_bereken(schooljaar=2025)
    Plaatsing.objects.filter(pk=wereld.plaatsing_a.pk).update(
        schooljaar=2024, startdatum=dt.date(2024, 9, 1), einddatum=dt.date(2025, 6, 30)
    )
    telling_bereken(schooljaar=2024)
    k = kwaliteit_voor(wereld)
    from kwaliteit import services as kw

    kw.zelfevaluatie_opslaan(
        zelfevaluatie=k["z"],
        revisie=0,
        door=Opdrachtregel(),
        antwoorden={s.kenmerk_id: ("3", "a", "") for s in k["z"].scores.all()},
    )
    cyclus = pr.cyclus_aanmaken(
        door=Opdrachtregel(),
        naam="OPR",
        regio=wereld.regio_a,
        begin=dt.date(2020, 1, 1),
        deadline=dt.date(2021, 12, 31),
    )
    Review.objects.create(
        cyclus=cyclus, ontvangend=wereld.partnerschap_a, bezoekdatum=dt.date(2021, 3, 1)
    )

    c = (
        client_als("km_regio")
        .get(reverse("dashboard:regio", args=["R-A"]) + "?schooljaar=2025-2026")
        .context
    )
    assert c["regio_rij"] == {
        "code": "R-A",
        "studenten": 1,
        "zij_instromers": 0,
        "bedrag": "1250.00",
    }
    assert (c["minimum"], c["onder_minimum"]) == (150, True)
    assert [(t["label"], t["studenten"], t["zij_instromers"], t["geteld"]) for t in c["trend"]] == [
        ("2021-2022", 0, 0, False),
        ("2022-2023", 0, 0, False),
        ("2023-2024", 0, 0, False),
        ("2024-2025", 1, 0, True),
        ("2025-2026", 1, 0, True),
    ]
    assert c["tellingen"] == [
        {"code": "P-A", "naam": "Partnerschap A", "jaren": [None, None, None, 1, 1]}
    ]
    # From the stored 2025 count (made before A's placement moved to 2024-2025).
    assert c["dekking"] == [
        {"sector": "po", "totaal": 1, "in_partnerschap": 1, "procent": 100},
        {"sector": "vo", "totaal": 1, "in_partnerschap": 0, "procent": 0},
    ]
    assert c["statussen"] == {"niet_gestart": 0, "concept": 1, "ingediend": 0}
    assert [
        (r["partnerschap"].code, [x["waarde"] for x in r["cellen"]])
        for r in c["kwaliteit"]["rijen"]
    ] == [("P-A", [3.0, 3.0, 3.0, 3.0])]
    assert [(p["partnerschap"].code, p["review"].status, p["te_laat"]) for p in c["peer"]] == [
        ("P-A", "gepland", True)
    ]
    assert [w["tekst"] for w in c["problemen"]] == [
        "regio R-A onder het minimum: 1 geteld, minimum 150",
        "1 plaatsing op 04DD00: die vestiging is geen lid van P-A",
    ]


def test_dashboard_exports_are_csv(client_als, wereld):
    telling_bereken(schooljaar=2025)
    antwoord = client_als("km_regio").get(
        reverse("dashboard:regio", args=["R-A"]) + "?schooljaar=2025-2026&export=tellingen"
    )
    assert antwoord.content.decode("utf-8-sig").splitlines() == [
        "Code;Partnerschap;Geteld 2021-2022;Geteld 2022-2023;Geteld 2023-2024;Geteld 2024-2025;"
        "Geteld 2025-2026",
        "P-A;Partnerschap A;;;;;1",
    ]


def test_programmaleider_start_lists_what_needs_doing(client_als, wereld):
    from regio_portal.core.schooljaar import schooljaar_label, schooljaar_van

    jaar = schooljaar_van(dt.date.today())
    c = client_als("pl_a").get(reverse("start")).context
    [item] = c["te_doen"]
    assert item["partnerschap"].code == "P-A"
    assert item["taken"] == [
        ("plaatsingen", f"Nog geen plaatsingen voor {schooljaar_label(jaar)} geüpload."),
        ("kwaliteit", f"De zelfevaluatie {schooljaar_label(jaar)} is nog niet gestart."),
    ]


def _vorig_jaar_geteld(wereld) -> int:
    """The start pages show the last complete school year; put A's placement there."""
    from regio_portal.core.schooljaar import schooljaar_van

    vorig = schooljaar_van(dt.date.today()) - 1
    Plaatsing.objects.filter(pk=wereld.plaatsing_a.pk).update(
        schooljaar=vorig, startdatum=dt.date(vorig, 9, 1), einddatum=dt.date(vorig + 1, 6, 30)
    )
    telling_bereken(schooljaar=vorig)
    return vorig


def test_bestuurder_start_shows_counts_and_reports(client_als, wereld):
    vorig = _vorig_jaar_geteld(wereld)
    c = client_als("bestuurder").get(reverse("start")).context
    assert c["vorig_schooljaar"] == f"{vorig}-{vorig + 1}"
    assert [
        (r["partnerschap"].code, r["telling"]["studenten"], r["telling"]["bedrag"])
        for r in c["bestuurder_partnerschappen"]
    ] == [("P-A", 1, "1250.00")]


def test_beheerder_start_shows_all_regions(client_als, wereld):
    _vorig_jaar_geteld(wereld)
    c = client_als("beheerder").get(reverse("start")).context
    assert [(r["code"], r["studenten"]) for r in c["regios_landelijk"]] == [("R-A", 1), ("R-B", 0)]
    assert c["minimum_regio"] == 150


def test_dashboard_exports_xlsx_with_safe_cells(client_als, wereld):
    import io

    from openpyxl import load_workbook

    wereld.partnerschap_a.naam = "=SOM(A1)"
    wereld.partnerschap_a.save()
    telling_bereken(schooljaar=2025)
    antwoord = client_als("km_regio").get(
        reverse("dashboard:regio", args=["R-A"])
        + "?schooljaar=2025-2026&export=tellingen&formaat=xlsx"
    )
    blad = load_workbook(io.BytesIO(antwoord.content)).active
    assert [[c.value for c in r] for r in blad.iter_rows()] == [
        [
            "Code",
            "Partnerschap",
            "Geteld 2021-2022",
            "Geteld 2022-2023",
            "Geteld 2023-2024",
            "Geteld 2024-2025",
            "Geteld 2025-2026",
        ],
        ["P-A", "'=SOM(A1)", None, None, None, None, 1],  # empty cells stay empty
    ]
    assert (blad.title, blad.freeze_panes, blad["G2"].number_format) == (
        "Tellingen per partnerschap",
        "A2",
        "#,##0",
    )
