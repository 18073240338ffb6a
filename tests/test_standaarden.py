"""Reports, exports and pages meet Dutch public-sector standards (issue 13).

- Every PDF the portal makes (the partnership and region verantwoording, concept and
  adopted, and the zelfevaluatie) is tagged PDF/UA-1: structure tree with headings,
  table header cells and the chart as a figure with alt text; document language nl;
  a title shown as the window title; XMP metadata; every font embedded (pdffonts).
  Its text has Dutch dates and amounts. No PDF/UA validator (veraPDF) is in the
  registries this project may use; these checks stand in for it.
- Every XLSX export reads back with numeric cells for amounts and counts, dates as
  dates, no formula cells and no sheet called "Sheet".
- The defects seen on the way each have a test with the exact text or cell type.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from subsidie.models import Verantwoording
from tests.kwaliteit.conftest import kwaliteit_voor


def _download(client, v, formaat) -> bytes:
    antwoord = client.get(
        reverse("subsidie:verantwoording_download", kwargs={"uuid": v.uuid, "formaat": formaat})
    )
    assert antwoord.status_code == 200
    return b"".join(antwoord.streaming_content)


def _poppler(programma: str, pdf: bytes, tmp_path, *args) -> str:
    bestand = tmp_path / "rapport.pdf"
    bestand.write_bytes(pdf)
    uitvoer = ["-"] if programma == "pdftotext" else []
    return subprocess.run(
        [programma, *args, str(bestand), *uitvoer], capture_output=True, text=True, check=True
    ).stdout


def _structuur(pdf: bytes) -> list[tuple[str, str | None]]:
    """The structure tree's elements in order: (type, alt text)."""
    lezer = PdfReader(io.BytesIO(pdf))
    uit = []

    def loop(knoop):
        knoop = knoop.get_object()
        if not isinstance(knoop, dict):
            return
        if "/S" in knoop:
            uit.append((str(knoop["/S"]), knoop.get("/Alt")))
        kinderen = knoop.get("/K")
        if kinderen is None:
            return
        for kind in kinderen if isinstance(kinderen, list) else [kinderen]:
            if hasattr(kind, "get_object"):
                loop(kind)
            elif isinstance(kind, dict):
                loop(kind)

    loop(lezer.trailer["/Root"]["/StructTreeRoot"])
    return uit


def controleer_pdf_ua(pdf: bytes, tmp_path, *, titel: str, figuur_alt: str | None) -> str:
    """The PDF/UA checks every report passes; returns its text (layout kept)."""
    lezer = PdfReader(io.BytesIO(pdf))
    root = lezer.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    assert lezer.metadata.title == titel
    assert lezer.xmp_metadata.dc_title == {"x-default": titel}
    info = _poppler("pdfinfo", pdf, tmp_path)
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^Title:\s+" + re.escape(titel) + "$", info, re.M)
    # Every font embedded (pdffonts: the "emb" column).
    fonts = _poppler("pdffonts", pdf, tmp_path).splitlines()[2:]
    assert fonts and all(regel.split()[-5] == "yes" for regel in fonts), fonts
    soorten = [s for s, _ in _structuur(pdf)]
    assert soorten[0] == "/Document" and "/H1" in soorten and "/H2" in soorten
    if figuur_alt is not None:
        assert ("/Table" in soorten, "/TH" in soorten, "/TD" in soorten) == (True, True, True)
        figuren = [alt for s, alt in _structuur(pdf) if s == "/Figure"]
        assert figuren == [figuur_alt]
    return _poppler("pdftotext", pdf, tmp_path, "-layout").replace("\xa0", " ")


def _concept(client, url, django_capture_on_commit_callbacks, **filter):
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url + "?schooljaar=2025-2026").status_code == 302
    return Verantwoording.objects.get(schooljaar=2025, **filter)


def test_partnership_report_is_pdf_ua_with_dutch_dates_names_and_who_adopted_it(
    client_als, wereld, django_capture_on_commit_callbacks, tmp_path
):
    client = client_als("bestuurder")
    v = _concept(
        client,
        reverse("subsidie:verantwoording_partnerschap", kwargs={"code": "P-A"}),
        django_capture_on_commit_callbacks,
        partnerschap=wereld.partnerschap_a,
    )
    alt = (
        "Getelde personen van Partnerschap A per schooljaar, vijf jaar. 2021-2022: geen "
        "telling; 2022-2023: geen telling; 2023-2024: geen telling; 2024-2025: geen telling; "
        "2025-2026: 1 studenten, 0 zij-instromers."
    )
    tekst = controleer_pdf_ua(
        _download(client, v, "pdf"),
        tmp_path,
        titel="Verantwoording Partnerschap A 2025-2026",
        figuur_alt=alt,
    )
    regels = [" ".join(r.split()) for r in tekst.splitlines()]
    assert "Peildatum 01-10-2025" in regels
    assert "2025-10-01" not in tekst
    assert (
        "alo, eerstegraads, pabo, tweedegraads, universitaire lerarenopleiding, zij-instroom"
        in " ".join(tekst.split())
    )
    assert "zij_instroom" not in tekst
    assert "Bedrag € 1.250,00" in regels  # the sign stays with the amount
    assert "CONCEPT — nog niet vastgesteld." in regels

    antwoord = client.post(reverse("subsidie:verantwoording_vaststellen", kwargs={"uuid": v.uuid}))
    assert antwoord.status_code == 302
    v.refresh_from_db()
    op = v.vastgesteld_op.astimezone(dt.timezone(dt.timedelta(hours=1)))  # Europe/Amsterdam
    vastgesteld = controleer_pdf_ua(
        _download(client, v, "pdf"),
        tmp_path,
        titel="Verantwoording Partnerschap A 2025-2026",
        figuur_alt=alt,
    )
    naam = wereld.gebruikers["bestuurder"].naam or wereld.gebruikers["bestuurder"].email
    assert f"Vastgesteld door {naam} op {op:%d-%m-%Y %H:%M}." in [
        " ".join(r.split()) for r in vastgesteld.splitlines()
    ]
    assert v.inhoud_sha256 in vastgesteld.replace(" ", "")

    # The adopted workbook: who and when, the PDF's checksum, typed cells.
    boek = load_workbook(io.BytesIO(_download(client, v, "xlsx")))
    controleer_xlsx(boek)
    assert boek.sheetnames == [
        "Samenvatting",
        "Vijf jaar",
        "Per vestiging",
        "Per bestuur",
        "Niet geteld",
        "Aandachtspunten",
    ]
    samenvatting = {r[0].value: r[1] for r in boek["Samenvatting"].iter_rows(min_row=2)}
    assert samenvatting["Status"].value == "vastgesteld"
    assert samenvatting["Vastgesteld door"].value == naam
    assert samenvatting["Vastgesteld op"].value == op.replace(tzinfo=None, second=0, microsecond=0)
    assert samenvatting["Vastgesteld op"].number_format == "DD-MM-YYYY HH:MM"
    assert samenvatting["Controlegetal (SHA-256)"].value == v.inhoud_sha256
    assert (samenvatting["Bedrag"].value, samenvatting["Bedrag"].number_format) == (
        1250,
        '"€" #,##0.00',
    )
    assert (samenvatting["Bedrag per student"].value, samenvatting["Studenten"].value) == (
        1250,
        1,
    )
    assert (samenvatting["Peildatum"].value, samenvatting["Peildatum"].number_format) == (
        dt.datetime(2025, 10, 1),
        "DD-MM-YYYY",
    )
    assert samenvatting["Getelde opleidingstypen"].value == (
        "alo, eerstegraads, pabo, tweedegraads, universitaire lerarenopleiding, zij-instroom"
    )
    assert [[c.value for c in r] for r in boek["Vijf jaar"].iter_rows()] == [
        ["Schooljaar", "Studenten", "Zij-instromers"],
        ["2021-2022", 0, 0],
        ["2022-2023", 0, 0],
        ["2023-2024", 0, 0],
        ["2024-2025", 0, 0],
        ["2025-2026", 1, 0],
    ]


def controleer_xlsx(boek) -> None:
    """What every workbook of the portal holds to: named sheets, a bold frozen header,
    no formula cells; numbers and dates are typed with a format."""
    for blad in boek.worksheets:
        assert not blad.title.startswith("Sheet"), blad.title
        assert blad.freeze_panes == "A2", blad.title
        assert all(c.font.b for c in blad[1] if c.value is not None), blad.title
        for rij in blad.iter_rows(min_row=2):
            for cel in rij:
                assert cel.data_type != "f", (blad.title, cel.coordinate)
                if isinstance(cel.value, int | float | Decimal) and not isinstance(cel.value, bool):
                    assert cel.number_format != "General", (blad.title, cel.coordinate)
                if isinstance(cel.value, dt.datetime | dt.date):
                    assert cel.number_format.startswith("DD-MM-YYYY"), (blad.title, cel.coordinate)
                if isinstance(cel.value, str):
                    # No amount or count hides as text ("57500.00").
                    assert not re.fullmatch(r"-?\d+([.,]\d+)?", cel.value) or blad.title in (
                        "Per bestuur",
                    ), (blad.title, cel.coordinate, cel.value)


def test_region_report_is_pdf_ua_and_its_workbook_typed(
    client_als, wereld, django_capture_on_commit_callbacks, tmp_path
):
    client = client_als("km_regio")
    v = _concept(
        client,
        reverse("subsidie:verantwoording_regio", kwargs={"code": "R-A"}),
        django_capture_on_commit_callbacks,
        regio=wereld.regio_a,
    )
    tekst = controleer_pdf_ua(
        _download(client, v, "pdf"),
        tmp_path,
        titel="Verantwoording Regio A 2025-2026",
        figuur_alt=(
            "Getelde personen van Regio A per schooljaar, vijf jaar. 2021-2022: geen "
            "telling; 2022-2023: geen telling; 2023-2024: geen telling; 2024-2025: geen "
            "telling; 2025-2026: 1 studenten, 0 zij-instromers."
        ),
    )
    regels = [" ".join(r.split()) for r in tekst.splitlines()]
    # The summary's amount on one line with its sign (it wrapped onto its own line).
    assert any(r.endswith("€ 1.250,00") and r.startswith("Bedrag (personen") for r in regels)
    assert "€" not in [r.strip() for r in regels]
    assert "Peildatum 01-10-2025" in regels
    boek = load_workbook(io.BytesIO(_download(client, v, "xlsx")))
    controleer_xlsx(boek)
    assert [[c.value for c in r] for r in boek["Per partnerschap"].iter_rows()] == [
        [
            "Code",
            "Partnerschap",
            "Landelijk studenten",
            "Landelijk zij-instromers",
            "Bedrag partnerschap",
            "In de regio studenten",
            "In de regio zij-instromers",
            "Niet geteld",
            "Elders geteld",
        ],
        ["P-A", "Partnerschap A", 1, 0, 1250, 1, 0, 0, 0],
    ]
    assert boek["Per partnerschap"]["E2"].number_format == '"€" #,##0.00'


def test_region_report_names_an_overlapping_person_once():
    """A person with overlapping placements in two partnerships is stored once per
    partnership; the region's list printed it twice (once for each side)."""
    from subsidie.verantwoording import _regio_waarschuwingen

    telling = SimpleNamespace(
        schooljaar=2025,
        waarschuwingen=[
            {
                "soort": "regio_onder_minimum",
                "regio": "R-A",
                "tekst": "regio R-A onder het minimum: 3 geteld, minimum 150",
            },
            *(
                {
                    "soort": "overlap_partnerschappen",
                    "partnerschap": code,
                    "persoon": 7,
                    "tekst": "persoon met overlappende plaatsingen in P-A, P-B",
                }
                for code in ("P-A", "P-B")
            ),
        ],
    )
    assert _regio_waarschuwingen(telling, "R-A", {"P-A", "P-B"}, {"P-A": "A", "P-B": "B"}) == [
        "regio R-A onder het minimum: 3 geteld, minimum 150",
        "1 persoon met overlappende plaatsingen in P-A, P-B",
    ]


def test_zelfevaluatie_pdf_is_tagged_with_language_and_title(client_als, wereld, tmp_path):
    k = kwaliteit_voor(wereld)
    antwoord = client_als("pl_a").get(reverse("kwaliteit:pdf", args=["P-A", k["z"].jaar]))
    assert antwoord.status_code == 200
    tekst = controleer_pdf_ua(
        antwoord.content,
        tmp_path,
        titel=f"Zelfevaluatie Partnerschap A {k['z'].jaar}-{k['z'].jaar + 1}",
        figuur_alt=None,
    )
    assert "Zelfevaluatie Partnerschap A" in tekst


def test_dashboard_and_template_workbooks_are_typed(client_als, wereld):
    from subsidie.services import telling_bereken

    telling_bereken(schooljaar=2025)
    client = client_als("km_regio")
    basis = reverse("dashboard:regio", args=["R-A"]) + "?schooljaar=2025-2026&formaat=xlsx"
    tellingen = load_workbook(io.BytesIO(client.get(basis + "&export=tellingen").content))
    dekking = load_workbook(io.BytesIO(client.get(basis + "&export=dekking").content))
    sjabloon = load_workbook(
        io.BytesIO(client_als("pl_a").get("/importeren/sjabloon/plaatsingen.xlsx").content)
    )
    for boek in (tellingen, dekking, sjabloon):
        controleer_xlsx(boek)
    blad = dekking.active
    assert blad.title == "Op weg naar 100%"
    assert [[c.value for c in r] for r in blad.iter_rows()] == [
        ["Sector", "Plaatsingen", "In een partnerschap", "Percentage in een partnerschap"],
        ["po", 1, 1, 1],
    ]
    assert blad["D2"].number_format == "0%"
    # Columns as wide as their header or content (plus a margin), at least 8.
    assert [blad.column_dimensions[c].width for c in "ABCD"] == [8, 13, 21, 32]


def test_csv_exports_have_dutch_headers(client_als, wereld):
    import csv

    def kop(antwoord):
        inhoud = antwoord.content.decode("utf-8-sig")
        assert antwoord.content.startswith("\ufeff".encode())
        return next(csv.reader(io.StringIO(inhoud), delimiter=";"))

    pl = client_als("pl_a")
    assert kop(pl.get(reverse("subsidie:plaatsingen", args=["P-A"]) + "?export=csv")) == [
        "Schooljaar",
        "Vestigingscode",
        "Instituutscode",
        "Studentnummer",
        "Naam",
        "Opleidingstype",
        "Startdatum",
        "Einddatum",
        "Telling",
    ]
    assert kop(pl.get(reverse("partnerschappen:vestiging_lijst") + "?export=csv")) == [
        "Vestigingscode",
        "Naam",
        "Bestuur",
        "Bestuursnummer",
        "Gemeente",
        "Sector",
        "Regio",
    ]
    dekking = client_als("km_regio").get(
        reverse("dashboard:regio", args=["R-A"]) + "?export=dekking"
    )
    assert kop(dekking) == [
        "Sector",
        "Plaatsingen",
        "In een partnerschap",
        "Percentage in een partnerschap",
    ]


# Pages --------------------------------------------------------------------------------

VOET = [
    ("/hulp/", "Help"),
    ("/contact/", "Contact"),
    ("/open-cijfers/", "Open cijfers"),
    ("/privacy/", "Privacyverklaring"),
    ("/toegankelijkheid/", "Toegankelijkheidsverklaring"),
]


def _voetlinks(html: str) -> list[tuple[str, str]]:
    voet = html[html.index('<footer class="regio-voet">') :]
    return re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', voet)


def test_every_page_has_the_footer_and_favicon(client_als, wereld):
    for client, url in (
        (Client(), reverse("account_login")),
        (client_als("pl_a"), reverse("partnerschappen:lijst")),
        (Client(), "/bestaat-niet/"),
        (Client(), reverse("core:privacy")),
    ):
        html = client.get(url).content.decode()
        assert _voetlinks(html) == VOET, url
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html


def test_error_pages_are_dutch(client_als, wereld, settings):
    niet = Client().get("/bestaat-niet/")
    assert niet.status_code == 404
    assert '<h1 class="utrecht-heading-1">Pagina niet gevonden</h1>' in niet.content.decode()
    verboden = client_als("km_regio").get(reverse("partnerschappen:bewerken", args=["P-A"]))
    assert verboden.status_code == 403
    assert '<h1 class="utrecht-heading-1">Geen toegang</h1>' in verboden.content.decode()
    csrf = Client(enforce_csrf_checks=True).post(reverse("account_login"), {"login": "x"})
    assert csrf.status_code == 403
    assert "Het formulier is verlopen" in csrf.content.decode()


def test_500_page_is_plain_html_and_served_in_dutch(settings):
    from pathlib import Path

    tekst = (Path(settings.BASE_DIR) / "templates/500.html").read_text()
    assert "{%" not in tekst and "{{" not in tekst
    assert '<html lang="nl">' in tekst

    # What Django serves for an unhandled error when DEBUG is off.
    from django.test import RequestFactory
    from django.views.defaults import server_error

    antwoord = server_error(RequestFactory().get("/kapot/"))
    assert antwoord.status_code == 500
    assert '<h1 class="utrecht-heading-1">Er ging iets mis</h1>' in antwoord.content.decode()


def test_help_pages_state_the_rules_from_the_data(client, db):
    telling = client.get(reverse("core:hulp_onderwerp", args=["telling"])).content.decode()
    assert "Iedere persoon telt per schooljaar hoogstens één keer in heel Nederland" in telling
    assert "Korter dan het minimum aantal dagen." in telling
    # The seeded Regeling 2025 with its amount and counted types by name.
    assert re.search(
        r"Subsidieregeling landelijk dekkend netwerk onderwijsregio&#x27;s 2025</th>"
        r"<td[^>]*>2024-2025 t/m 2025-2026</td><td[^>]*>€\xa01\.250,00</td>",
        telling,
    )
    assert "universitaire lerarenopleiding, zij-instroom" in telling
    kwaliteit = client.get(reverse("core:hulp_onderwerp", args=["kwaliteit"])).content.decode()
    assert "<dt>3</dt><dd>basiskwaliteit op orde</dd>" in kwaliteit
    peer = client.get(reverse("core:hulp_onderwerp", args=["peer-review"])).content.decode()
    assert "<li>2 bezoekende partnerschappen per review;</li>" in peer
    assert "28 dagen voor het bezoek" in peer
    assert client.get("/hulp/onbekend/").status_code == 404
    # The index lists core's topic and those the apps register from their ready().
    index = client.get(reverse("core:hulp")).content.decode()
    assert re.findall(
        r'<li><a class="utrecht-link" href="(/hulp/[^"]+)">([^<]+)</a></li>', index
    ) == [
        ("/hulp/importeren/", "Bestanden importeren"),
        ("/hulp/telling/", "Hoe er geteld wordt"),
        ("/hulp/kwaliteit/", "Het kwaliteitskader en de zelfevaluatie"),
        ("/hulp/peer-review/", "Peer review: het indelen van panels"),
    ]


def test_help_is_linked_where_its_rules_apply(client_als, wereld):
    pl = client_als("pl_a")
    plaatsingen = pl.get(reverse("subsidie:plaatsingen", args=["P-A"])).content.decode()
    assert 'href="/hulp/telling/">Hoe er geteld wordt</a>' in plaatsingen
    importeren = pl.get(reverse("core:import_start")).content.decode()
    assert 'href="/hulp/importeren/">Hoe importeren werkt</a>' in importeren


def test_login_points_aria_describedby_only_to_ids_on_the_page(client):
    html = client.get(reverse("account_login")).content.decode()
    verwijzingen = [
        i for waarde in re.findall(r'aria-describedby="([^"]+)"', html) for i in waarde.split()
    ]
    assert verwijzingen == ["id_password_helptext"]
    assert 'id="id_password_helptext"' in html


@pytest.mark.django_db
def test_mfa_cancel_is_a_secondary_button(wereld):
    from tests.test_html_geldig import mfa_pagina

    html = mfa_pagina()
    knoppen = re.findall(
        r'<button class="utrecht-button ([^"]+)"[^>]*>\s*([^<]+?)\s*</button>', html
    )
    assert knoppen == [
        ("utrecht-button--primary-action", "Aanmelden"),
        ("utrecht-button--secondary-action", "Annuleren"),
    ]


# Charts ---------------------------------------------------------------------------------


def test_dashboard_charts_carry_more_than_colour(client_als, wereld):
    from subsidie.services import telling_bereken

    telling_bereken(schooljaar=2025)
    kwaliteit_voor(wereld)
    html = (
        client_als("km_regio")
        .get(reverse("dashboard:regio", args=["R-A"]) + "?schooljaar=2025-2026")
        .content.decode()
    )
    trend = html[
        html.index('<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="trend') :
    ]
    trend = trend[: trend.index("</svg>")]
    # A legend with both series, and the zij-instromers hatched (a pattern, not a hue).
    assert re.findall(r'<text [^>]*font-size="11"[^>]*>([^<]+)</text>', trend)[-2:] == [
        "studenten",
        "zij-instromers",
    ]
    assert '<pattern id="trend-arcering"' in trend and 'fill="url(#trend-arcering)"' in trend
    # Coverage toward 100% per sector over the years, with its table.
    assert 'aria-labelledby="dekking-titel dekking-uitleg"' in html
    assert (
        '<desc id="dekking-uitleg">po: 2021-2022 –, 2022-2023 –, 2023-2024 –, 2024-2025 –, '
        "2025-2026 100%</desc>"
    ) in html
    assert "Percentage plaatsingen in een partnerschap, per sector en schooljaar" in html
    # The heatmap's legend: each colour-and-pattern with its score and label.
    assert re.findall(
        r'<span class="regio-staal (regio-heat-\w+)" aria-hidden="true"></span>([^<]+)</li>', html
    ) == [
        ("regio-heat-1", "rond 1: nog niet aanwezig"),
        ("regio-heat-2", "rond 2: in ontwikkeling"),
        ("regio-heat-3", "rond 3: basiskwaliteit op orde"),
        ("regio-heat-4", "rond 4: voorbeeldpraktijk"),
        ("regio-heat-leeg", "– : geen score (of alleen n.v.t.)"),
    ]
