"""Zip bombs and XML attacks in uploaded xlsx/docx are refused before decompression."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerschappen.models import Lidmaatschap
from regio_portal.core.importeren import importeer
from regio_portal.core.models import Importbestand
from regio_portal.core.uploads import OnveiligBestand, zip_controleer


def _zip(bestanden: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for naam, inhoud in bestanden.items():
            zf.writestr(naam, inhoud)
    return buffer.getvalue()


def zip_bom(megabytes: int = 150) -> bytes:
    """An "xlsx" whose sheet inflates ~1000x: 150 MB of zeros in ~150 kB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as blad:
            blok = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                blad.write(blok)
    return buffer.getvalue()


def test_zip_bomb_is_refused_from_the_directory_alone():
    bom = zip_bom()
    assert len(bom) < 1024 * 1024
    with pytest.raises(OnveiligBestand, match="verdacht sterk gecomprimeerd"):
        zip_controleer(io.BytesIO(bom))


def test_too_many_entries_or_too_large_in_total_is_refused():
    veel = _zip({f"xl/{i}.xml": b"x" for i in range(1001)})
    with pytest.raises(OnveiligBestand, match="1001 onderdelen"):
        zip_controleer(io.BytesIO(veel))
    import os

    # 210 MB of random data does not compress, so the ratio rule does not fire: the
    # total-size rule does. (Written once into a file to keep memory low.)
    groot = io.BytesIO()
    with zipfile.ZipFile(groot, "w", zipfile.ZIP_STORED) as zf:
        with zf.open("xl/a.bin", "w", force_zip64=True) as f:
            for _ in range(210):
                f.write(os.urandom(1024 * 1024))
    with pytest.raises(OnveiligBestand, match="uitgepakt 210 MB"):
        zip_controleer(groot)


def test_openpyxl_parses_with_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def _xlsx_met_blad(blad_xml: bytes) -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    buffer.seek(0)
    uit = io.BytesIO()
    with zipfile.ZipFile(buffer) as bron, zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as doel:
        for info in bron.infolist():
            inhoud = bron.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                inhoud = blad_xml
            doel.writestr(info.filename, inhoud)
    return uit.getvalue()


LACHSALVO = b"""<?xml version="1.0"?>
<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&d;</t></is></c></row></sheetData>
</worksheet>"""

EXTERNE_ENTITEIT = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData>
</worksheet>"""


@pytest.mark.parametrize("blad", [LACHSALVO, EXTERNE_ENTITEIT], ids=["billion-laughs", "xxe"])
def test_xml_entities_in_an_xlsx_are_refused_with_a_dutch_message(blad, wereld):
    resultaat = importeer(
        soort="lidmaatschappen",
        inhoud=_xlsx_met_blad(blad),
        door=wereld.gebruikers["beheerder"],
        dry_run=True,
    )
    assert resultaat.fouten == ["Het bestand is geen leesbaar Excel-bestand (xlsx)."]


def test_zip_bomb_upload_is_refused_and_nothing_is_written(client_als, wereld):
    client = client_als("pl_a")
    voor = Lidmaatschap.objects.count()
    antwoord = client.post(
        reverse("core:import_start"),
        {"soort": "lidmaatschappen", "bestand": SimpleUploadedFile("leden.xlsx", zip_bom())},
    )
    importbestand = Importbestand.objects.get()
    assert antwoord["Location"] == reverse("core:import_detail", kwargs={"pk": importbestand.pk})
    assert importbestand.status == "fouten"
    assert importbestand.fouten == [
        "Excel-bestand geweigerd: Het onderdeel xl/worksheets/sheet1.xml is verdacht sterk "
        "gecomprimeerd (mogelijk een zip-bom)."
    ]
    assert Lidmaatschap.objects.count() == voor


def test_zip_bomb_as_evidence_file_is_not_recognised(wereld):
    from kwaliteit.services import herken_bestand

    bom = zip_bom(20)
    assert herken_bestand(bom[:8], io.BytesIO(bom)) is None
    gewoon = _xlsx_met_blad(
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    )
    assert herken_bestand(gewoon[:8], io.BytesIO(gewoon)) == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def test_the_same_xlsx_without_entities_is_read(wereld):
    """Control for the two tests above: the file is refused for its entities, not for
    how it was built."""
    blad = b"""<?xml version="1.0"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>partnerschap</t></is></c></row>
</sheetData></worksheet>"""
    resultaat = importeer(
        soort="lidmaatschappen",
        inhoud=_xlsx_met_blad(blad),
        door=wereld.gebruikers["beheerder"],
        dry_run=True,
    )
    assert resultaat.fouten == [
        "rij 1: kolom soort, code, startdatum: ontbreekt in de kopregel "
        "(verwacht: partnerschap, soort, code, startdatum)"
    ]


LIMIETEN = {"MAX_IMPORTBESTAND": 1000, "MAX_OVEREENKOMST": 1000, "MAX_BEWIJSSTUK": 1000}


def test_size_limits_and_content_checks_on_every_upload(client_als, wereld, settings):
    """Import, agreement and evidence: too large or not what it claims to be is refused
    with a Dutch message and nothing is stored. (Limits lowered to 1,000 bytes here; in
    production 20 MB for imports and 10 MB for agreements and evidence.)"""
    from kwaliteit.models import Bewijsstuk
    from partnerschappen.models import Overeenkomst
    from tests.kwaliteit.conftest import kwaliteit_voor

    for naam, waarde in LIMIETEN.items():
        setattr(settings, naam, waarde)
    k = kwaliteit_voor(wereld)
    client = client_als("pl_a")
    groot_pdf = b"%PDF-1.4\n" + b"x" * 1000
    voor = (Importbestand.objects.count(), Overeenkomst.objects.count(), Bewijsstuk.objects.count())

    imp = client.post(
        reverse("core:import_start"),
        {"soort": "lidmaatschappen", "bestand": SimpleUploadedFile("l.csv", b"a" * 1001)},
    )
    assert imp.context["form"].errors == {"bestand": ["Het bestand is groter dan 20 MB."]}
    ovk_url = reverse("partnerschappen:overeenkomst_toevoegen", kwargs={"code": "P-A"})
    ovk = {"titel": "X", "soort": "samenwerkingsovereenkomst", "datum": "2025-01-01"}
    te_groot = client.post(ovk_url, {**ovk, "bestand": SimpleUploadedFile("a.pdf", groot_pdf)})
    assert te_groot.context["form"].errors["bestand"] == ["Het bestand is groter dan 10 MB."]
    geen_pdf = client.post(
        ovk_url, {**ovk, "bestand": SimpleUploadedFile("a.pdf", b"MZ\x90\x00 uitvoerbaar")}
    )
    assert geen_pdf.context["form"].errors["bestand"] == ["Het bestand is geen PDF."]
    bewijs_url = reverse("kwaliteit:bewijs_toevoegen", kwargs={"code": "P-A", "jaar": k["z"].jaar})
    groot = client.post(
        bewijs_url, {"titel": "X", "bestand": SimpleUploadedFile("a.pdf", groot_pdf)}
    )
    assert groot.context["form"].errors["bestand"] == ["Het bestand is groter dan 10 MB."]
    vermomd = client.post(
        bewijs_url, {"titel": "X", "bestand": SimpleUploadedFile("a.pdf", b"<html>nep</html>")}
    )
    assert vermomd.context["form"].errors["bestand"] == [
        "Alleen pdf, docx, xlsx, png of jpg (gecontroleerd op inhoud)."
    ]
    assert (
        Importbestand.objects.count(),
        Overeenkomst.objects.count(),
        Bewijsstuk.objects.count(),
    ) == voor
