"""The verantwoording: PDF text, Excel safety, adoption freezes the file."""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from subsidie.models import Plaatsing, Verantwoording


def _pdf_tekst(inhoud: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(inhoud)).pages)


def _maak_concept(client, wereld, django_capture_on_commit_callbacks):
    url = (
        reverse("subsidie:verantwoording_partnerschap", kwargs={"code": "P-A"})
        + "?schooljaar=2025-2026"
    )
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(url)
    assert antwoord.status_code == 302
    return Verantwoording.objects.get(partnerschap=wereld.partnerschap_a, schooljaar=2025, versie=1)


def _download(client, v, formaat="pdf") -> bytes:
    antwoord = client.get(
        reverse("subsidie:verantwoording_download", kwargs={"uuid": v.uuid, "formaat": formaat})
    )
    assert antwoord.status_code == 200
    return b"".join(antwoord.streaming_content)


def test_bestuurder_downloads_pdf_with_counts_amount_and_checksum(
    client_als, wereld, django_capture_on_commit_callbacks
):
    client = client_als("bestuurder")
    v = _maak_concept(client, wereld, django_capture_on_commit_callbacks)
    assert v.status == "concept" and len(v.inhoud_sha256) == 64
    tekst = _pdf_tekst(_download(client, v))
    plat = " ".join(tekst.split())
    assert "Verantwoording Partnerschap A" in plat
    assert "schooljaar 2025-2026" in plat
    assert "Studenten 1" in plat and "Zij-instromers 0" in plat
    assert "€ 1.250,00" in plat
    assert "CONCEPT" in plat
    assert v.inhoud_sha256 in tekst.replace("\n", "").replace(" ", "")
    assert "onderwijsregios-2025" in plat
    assert "Iedere persoon telt per schooljaar hoogstens één keer in heel Nederland" in plat


def test_adopted_report_stays_byte_identical_after_new_uploads(
    client_als, wereld, django_capture_on_commit_callbacks
):
    client = client_als("bestuurder")
    v = _maak_concept(client, wereld, django_capture_on_commit_callbacks)
    antwoord = client.post(reverse("subsidie:verantwoording_vaststellen", kwargs={"uuid": v.uuid}))
    assert antwoord.status_code == 302
    v.refresh_from_db()
    assert (v.status, v.vastgesteld_door) == ("vastgesteld", wereld.gebruikers["bestuurder"])
    vastgesteld = _download(client, v)
    plat = " ".join(_pdf_tekst(vastgesteld).split())
    assert "Vastgesteld door" in plat and "CONCEPT" not in plat
    import hashlib

    assert hashlib.sha256(vastgesteld).hexdigest() == v.pdf_sha256

    # New placements arrive and are counted; a new concept shows them.
    with django_capture_on_commit_callbacks(execute=True):
        Plaatsing.objects.create(
            schooljaar=2025,
            partnerschap=wereld.partnerschap_a,
            vestiging=wereld.vestiging_a,
            instituut=wereld.plaatsing_a.instituut,
            studentnummer="2002",
            student_sleutel="k2",
            opleidingstype="zij_instroom",
            startdatum=dt.date(2025, 9, 1),
        )
        from regio_portal.core.signalen import Bereik, telinvoer_melden

        telinvoer_melden(soort="plaatsing", bereik=Bereik(schooljaren=frozenset({2025})))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("subsidie:verantwoording_partnerschap", kwargs={"code": "P-A"})
            + "?schooljaar=2025-2026"
        )
    nieuw = Verantwoording.objects.get(
        partnerschap=wereld.partnerschap_a, schooljaar=2025, versie=2
    )
    assert "Zij-instromers 1" in " ".join(_pdf_tekst(_download(client, nieuw)).split())
    v.refresh_from_db()
    assert v.status == "vastgesteld"
    assert _download(client, v) == vastgesteld


def test_concept_of_an_outdated_count_cannot_be_adopted(
    client_als, wereld, django_capture_on_commit_callbacks
):
    client = client_als("bestuurder")
    v = _maak_concept(client, wereld, django_capture_on_commit_callbacks)
    from subsidie.services import telling_bereken

    Plaatsing.objects.filter(pk=wereld.plaatsing_a.pk).update(opleidingstype="alo")
    telling_bereken(schooljaar=2025)
    antwoord = client.post(
        reverse("subsidie:verantwoording_vaststellen", kwargs={"uuid": v.uuid}), follow=True
    )
    assert (
        "Deze versie kan niet worden vastgesteld: er is een nieuwere telling dan dit "
        "concept. Maak eerst een nieuwe conceptversie." in antwoord.content.decode()
    )
    v.refresh_from_db()
    assert v.status == "concept"


def test_excel_neutralises_formula_cells(client_als, wereld, django_capture_on_commit_callbacks):
    wereld.vestiging_a.naam = '=HYPERLINK("http://x")'
    wereld.vestiging_a.save()
    client = client_als("beheerder")
    v = _maak_concept(client, wereld, django_capture_on_commit_callbacks)
    boek = load_workbook(io.BytesIO(_download(client, v, "xlsx")))
    assert [c.value for c in boek["Per vestiging"][2]] == ["01AA00", '\'=HYPERLINK("http://x")', 1]
    samenvatting = {r[0].value: r[1].value for r in boek["Samenvatting"].iter_rows()}
    assert (
        samenvatting["Studenten"],
        samenvatting["Bedrag"],
        samenvatting["Controlegetal (SHA-256)"],
    ) == (
        1,
        1250,
        v.inhoud_sha256,
    )


def test_region_report_has_table_of_contents_and_partnerships(
    client_als, wereld, django_capture_on_commit_callbacks
):
    client = client_als("km_regio")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("subsidie:verantwoording_regio", kwargs={"code": "R-A"})
            + "?schooljaar=2025-2026"
        )
    v = Verantwoording.objects.get(regio=wereld.regio_a, schooljaar=2025)
    plat = " ".join(_pdf_tekst(_download(client, v)).split())
    assert "Inhoud" in plat and "Partnerschap A (P-A)" in plat
    assert "Verantwoording Regio A" in plat
    assert "pagina 1 van" in plat


def test_pdf_renderer_fetches_only_our_own_static_files():
    """WeasyPrint really renders HTML that points at our stylesheet and at hostile
    places: the stylesheet is read from disk, everything else is refused unopened."""
    from regio_portal.core.pdf import AlleenEigenStatischeBestanden, html_string_naar_pdf

    vijandig = [
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.org/x.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "/static/../regio_portal/settings/base.py",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/media/overeenkomsten/a.pdf",
        "//example.org/static/css/thema.css",
    ]
    html = (
        '<html><head><link rel="stylesheet" href="/static/css/thema.css"></head><body>'
        + "".join(f'<img src="{url}">' for url in vijandig)
        + "<p>Tekst</p></body></html>"
    )
    fetcher = AlleenEigenStatischeBestanden()
    pdf = html_string_naar_pdf(html, fetcher=fetcher)
    assert pdf.startswith(b"%PDF-")
    # Everything but the stylesheet was refused (relative URLs resolved on our base).
    assert len(fetcher.geweigerd) == len(vijandig)
    assert not any("thema.css" in url and "example.org" not in url for url in fetcher.geweigerd)
    gelezen = fetcher.fetch("https://regio-portal.invalid/static/css/thema.css")
    assert gelezen.content_type == "text/css"
    assert b"regio" in gelezen.read()
