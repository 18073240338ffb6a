"""The check step of a placements upload says, before anything is written, what the file
does to the count: per row whether it counts and why not, and the totals before → after
(shared/examples/telling: P-DPO's own rows on top of everyone else's)."""

from __future__ import annotations

import datetime as dt

import pytest

from regio_portal.core.importeren import importeer
from regio_portal.core.services import Opdrachtregel
from subsidie import effect
from subsidie.models import Plaatsing, TellingSnapshot
from subsidie.services import telling_bereken
from tests.conftest import csv_bytes, voorbeeld_zonder_plaatsingen_van

pytestmark = pytest.mark.django_db


@pytest.fixture
def dpo():
    rijen, kolommen = voorbeeld_zonder_plaatsingen_van("P-DPO")
    return csv_bytes(rijen, kolommen)


def test_effect_dry_run_gives_each_row_its_outcome_and_writes_nothing(dpo):
    aantal = Plaatsing.objects.count()
    r = importeer(soort="plaatsingen", inhoud=dpo, door=Opdrachtregel(), dry_run=True)
    assert r.fouten == []
    assert Plaatsing.objects.count() == aantal == 9
    uitkomsten = [
        (x["rij"], x["soort"], x["uitkomst"], x["reden"], x["geteld_bij"])
        for x in r.effect["rijen"]
    ]
    assert uitkomsten == [
        (2, "new", "mee", "", ""),  # A
        (3, "new", "mee", "", ""),  # B, first placement
        (4, "new", "niet", "elders_geteld", "P-DPO"),  # B again: one person
        (5, "new", "elders", "elders_geteld", "P-EVO"),  # C counts at P-EVO (peildatum)
        (6, "new", "mee", "", ""),  # D
        (7, "new", "mee", "", ""),  # F
        (8, "new", "niet", "type_niet_geteld", ""),  # I: overig
        (9, "new", "niet", "geen_lid", ""),  # J: not a member
        (10, "new", "mee", "", ""),  # K: lowest code wins
        (11, "new", "mee", "", ""),  # M, 2023-2024
    ]
    assert (r.effect["mee"], r.effect["niet"]) == (6, 4)
    assert effect.samenvatting_tekst(r.effect) == "6 tellen mee, 4 niet"
    totalen = {
        (t["schooljaar"], t["partnerschap"]): (t["voor"], t["na"]) for t in r.effect["totalen"]
    }
    assert totalen == {
        (2023, "P-DPO"): (
            {"studenten": 0, "zij_instromers": 0, "bedrag": "0.00"},
            {"studenten": 1, "zij_instromers": 0, "bedrag": "100955.00"},
        ),
        (2025, "P-DPO"): (
            {"studenten": 0, "zij_instromers": 0, "bedrag": "0.00"},
            {"studenten": 5, "zij_instromers": 0, "bedrag": "6250.00"},
        ),
    }


def test_effect_before_is_the_current_count_when_it_is_up_to_date(dpo):
    importeer(soort="plaatsingen", inhoud=dpo, door=Opdrachtregel(), dry_run=False)
    telling_bereken(schooljaar=2025)
    assert TellingSnapshot.objects.get(schooljaar=2025, actueel=True).verouderd is False
    # The same file again: nothing changes, every row is unchanged.
    r = importeer(soort="plaatsingen", inhoud=dpo, door=Opdrachtregel(), dry_run=True)
    assert {x["soort"] for x in r.effect["rijen"]} == {"skip"}
    t2025 = next(t for t in r.effect["totalen"] if t["schooljaar"] == 2025)
    assert (
        t2025["voor"]
        == t2025["na"]
        == {
            "studenten": 5,
            "zij_instromers": 0,
            "bedrag": "6250.00",
        }
    )


def test_effect_texts_name_the_reason_and_the_other_partnership():
    namen = {"P-EVO": "Partnerschap Eemland-Vallei"}
    assert (
        effect.uitkomst_tekst({"uitkomst": "mee", "reden": "", "geteld_bij": ""}, namen)
        == "telt mee"
    )
    assert (
        effect.uitkomst_tekst(
            {"uitkomst": "elders", "reden": "elders_geteld", "geteld_bij": "P-EVO"}, namen
        )
        == "telt niet: wordt geteld bij ander partnerschap (Partnerschap Eemland-Vallei)"
    )
    assert (
        effect.uitkomst_tekst({"uitkomst": "niet", "reden": "geen_lid", "geteld_bij": ""}, namen)
        == "telt niet: vestiging is geen lid van het partnerschap tijdens de plaatsing"
    )
    assert effect.samenvatting_tekst({"mee": 1, "niet": 2}) == "1 telt mee, 2 niet"


@pytest.fixture
def programmaleider(dpo):
    from partnerschappen import services
    from partnerschappen.models import Partnerschap
    from tests.conftest import ingelogde_client, met_mfa
    from tests.factories import GebruikerFactory

    g = met_mfa(GebruikerFactory(email="pl@dpo.example"))
    services.rol_toekennen(
        gebruiker=g,
        soort="programmaleider",
        door=Opdrachtregel(),
        partnerschap=Partnerschap.objects.get(code="P-DPO"),
    )
    return ingelogde_client(g)


def _tekst(antwoord) -> str:
    import re

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", antwoord.content.decode())).strip()


def test_upload_page_from_the_placements_page_preselects_the_kind_and_lists_the_columns(
    programmaleider,
):
    from django.urls import reverse

    plaatsingen = programmaleider.get(reverse("subsidie:plaatsingen", args=["P-DPO"]))
    assert (
        'href="/importeren/?soort=plaatsingen&amp;partnerschap=P-DPO"'
        in plaatsingen.content.decode()
    )
    antwoord = programmaleider.get("/importeren/?soort=plaatsingen&partnerschap=P-DPO")
    html = antwoord.content.decode()
    assert '<option value="plaatsingen" selected>' in html
    assert 'name="partnerschap" value="P-DPO"' in html
    tekst = _tekst(antwoord)
    assert "Plaatsingen (studenten en zij-instromers) uploaden" in tekst
    assert (
        "opleidingstype ja pabo, tweedegraads, eerstegraads, alo, ulo, zij_instroom of overig. pabo"
        in tekst
    )
    assert "einddatum nee Laatste dag; leeg: tot het einde van het schooljaar. 2026-06-30" in tekst
    assert 'href="/importeren/sjabloon/plaatsingen.csv"' in html
    assert 'href="/importeren/sjabloon/plaatsingen.xlsx"' in html


def test_templates_hold_the_columns_and_an_example_row(programmaleider):
    import io

    from openpyxl import load_workbook

    csv_ = programmaleider.get("/importeren/sjabloon/plaatsingen.csv")
    assert csv_["Content-Disposition"] == 'attachment; filename="sjabloon-plaatsingen.csv"'
    assert csv_.content.decode("utf-8-sig").splitlines() == [
        "schooljaar;partnerschap;vestiging;instituut;studentnummer;persoonsnummer;naam;"
        "opleidingstype;startdatum;einddatum",
        "2025-2026;P-DPO;13AA00;21PB;S1001;;;pabo;2025-09-01;2026-06-30",
    ]
    xlsx = programmaleider.get("/importeren/sjabloon/plaatsingen.xlsx")
    blad = load_workbook(io.BytesIO(xlsx.content)).active
    assert (blad.title, blad.freeze_panes) == ("Sjabloon plaatsingen", "A2")
    rijen = [[c or "" for c in r] for r in blad.iter_rows(values_only=True)]
    assert rijen[0][:3] == ["schooljaar", "partnerschap", "vestiging"]
    # In Excel the example dates are dates (the upload reads a date cell as that date).
    assert rijen[1] == [
        "2025-2026",
        "P-DPO",
        "13AA00",
        "21PB",
        "S1001",
        "",
        "",
        "pabo",
        dt.datetime(2025, 9, 1),
        dt.datetime(2026, 6, 30),
    ]
    assert blad["I2"].number_format == "DD-MM-YYYY"
    # The programmaleider may not import organisations: no template for those (404).
    assert programmaleider.get("/importeren/sjabloon/regios.csv").status_code == 404
    assert programmaleider.get("/importeren/sjabloon/plaatsingen.pdf").status_code == 404


def test_a_file_of_another_kind_is_recognised(programmaleider, dpo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from regio_portal.core.models import Importbestand

    programmaleider.post(
        "/importeren/",
        {"soort": "lidmaatschappen", "bestand": SimpleUploadedFile("p.csv", dpo, "text/csv")},
    )
    assert Importbestand.objects.get().fouten == [
        "rij 1: kolom soort, code: ontbreekt in de kopregel (verwacht: partnerschap, soort, "
        "code, startdatum). Dit lijkt een plaatsingenbestand: kies bij 'Soort gegevens' voor "
        "'Plaatsingen (studenten en zij-instromers)'."
    ]


def test_check_page_shows_the_effect_and_the_result_page_links_on(
    programmaleider, dpo, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from regio_portal.core.models import Importbestand

    antwoord = programmaleider.post(
        "/importeren/?soort=plaatsingen&partnerschap=P-DPO",
        {
            "soort": "plaatsingen",
            "partnerschap": "P-DPO",
            "bestand": SimpleUploadedFile("dpo.csv", dpo, "text/csv"),
        },
    )
    importbestand = Importbestand.objects.get()
    assert importbestand.opties == {"partnerschap": "P-DPO"}
    assert Plaatsing.objects.count() == 9
    tekst = _tekst(programmaleider.get(antwoord["Location"]))
    assert "Effect op de telling, als u bevestigt: 6 tellen mee, 4 niet" in tekst
    assert "Opleidingsschool Domstad PO (P-DPO) 2025-2026 0 → 5 0 → 0 € 0,00 → € 6.250,00" in tekst
    assert (
        "5 nieuw 03CC00 telt niet: wordt geteld bij ander partnerschap "
        "(Opleidingsschool Eemland VO)" in tekst
    )
    assert "4 nieuw 01AA01 telt niet apart: dezelfde persoon telt al via een andere rij" in tekst
    assert "8 nieuw 01AA00 telt niet: opleidingstype telt niet mee onder deze regeling" in tekst
    assert (
        "9 nieuw 04DD00 telt niet: vestiging is geen lid van het partnerschap tijdens de plaatsing"
        in tekst
    )
    assert "Naar de plaatsingen" not in tekst

    with django_capture_on_commit_callbacks(execute=True):  # the recount after commit
        programmaleider.post(f"/importeren/{importbestand.pk}/bevestigen/")
    importbestand.refresh_from_db()
    assert importbestand.status == "klaar"
    html = programmaleider.get(f"/importeren/{importbestand.pk}/").content.decode()
    assert (
        'href="/partnerschappen/P-DPO/plaatsingen/?schooljaar=2025-2026">Naar de plaatsingen'
        in html
    )
    tekst = _tekst(programmaleider.get(f"/importeren/{importbestand.pk}/"))
    assert (
        "De telling van Opleidingsschool Domstad PO voor 2025-2026 is bijgewerkt: 5 studenten, "
        "0 zij-instromers, € 6.250,00." in tekst
    )


def test_upload_page_ignores_a_partnership_parameter_that_is_no_code(programmaleider):
    import re

    antwoord = programmaleider.get("/importeren/?soort=plaatsingen&partnerschap=a/b%22")
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert re.findall(r'<input type="hidden" name="partnerschap"[^>]*>', html) == [
        '<input type="hidden" name="partnerschap" id="id_partnerschap">'
    ]
    assert "← Plaatsingen" not in html  # no back-link built from it
