"""End to end in a real browser: Debian's Chromium driven by Playwright against the live
server (real PostgreSQL), with axe-core (WCAG 2.1 AA rules) and CSP checks on every page.

The journeys as a new user walks them (issue 12):
- a programmaleider logs in with password + TOTP, opens the upload from the placements
  page, reads "7 tellen mee, 2 niet" with the reasons before confirming, and the new
  totals after;
- a kwartiermaker logs in (TOTP), lands on the dashboard of the year with data and
  approves panels through the confirmation that names the empty places;
- a bestuurder logs in (TOTP), downloads the report PDF and adopts it;
- a self-assessment survives a session time-out with its text (the browser's draft).

No browser download: Playwright launches /usr/bin/chromium (scripts/test.sh installs
the Debian package). axe-core comes from the axe-playwright-python wheel (its
axe.min.js, MPL-2.0), evaluated through the DevTools protocol, which the page's CSP does
not block.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from pathlib import Path

import pytest

from tests.conftest import csv_bytes, totp_code, voorbeeld_zonder_plaatsingen_van

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
GEHEIM = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
WACHTWOORD = "E2e-wachtwoord-123"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CSP_OPVANGEN = """
window.__cspSchendingen = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspSchendingen.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


def _axe_bron() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} ontbreekt: apt-get install chromium (scripts/test.sh doet dat)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the tests
    # are still ordinary synchronous code. Only while the browser runs (a subprocess
    # started meanwhile, such as check --deploy, must not inherit it).
    with pytest.MonkeyPatch.context() as mp, sync_playwright() as p:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


class Controle:
    """Runs axe and reads CSP violations on every page a test visits."""

    def __init__(self, page):
        self.page = page
        self.axe = _axe_bron()
        self.bezocht: list[str] = []
        self.ernstig: list[tuple[str, str, str, int]] = []
        self.alle: list[tuple[str, str, str, int]] = []
        self.csp: list[tuple[str, str]] = []

    def pagina(self, naam: str) -> None:
        self.page.wait_for_load_state("load")
        self.page.evaluate(self.axe)
        schendingen = self.page.evaluate(
            """async (tags) => {
                const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
                return r.violations.map(v => [v.id, v.impact, v.nodes.length]);
            }""",
            WCAG,
        )
        self.bezocht.append(naam)
        self.alle += [(naam, regel, impact, n) for regel, impact, n in schendingen]
        self.ernstig += [
            (naam, regel, impact, n)
            for regel, impact, n in schendingen
            if impact in ("serious", "critical")
        ]
        self.csp += [(naam, s) for s in self.page.evaluate("window.__cspSchendingen || []")]


@pytest.fixture
def pagina(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", accept_downloads=True)
    context.add_init_script(CSP_OPVANGEN)
    page = context.new_page()
    page.set_default_timeout(20_000)
    controle = Controle(page)
    yield page, controle
    context.close()
    assert controle.ernstig == [], f"axe: ernstige schendingen {controle.ernstig}"
    assert controle.csp == [], f"CSP-schendingen {controle.csp}"


@pytest.fixture
def portal(tmp_path, regelingen):
    """The worked example (shared/examples/telling) without P-DPO's placements, which the
    programmaleider uploads in the browser; one user per role with TOTP."""
    from allauth.mfa.totp.internal.auth import TOTP

    from partnerschappen import services
    from partnerschappen.models import Bestuur, Partnerschap, Regio
    from regio_portal.core.importeren import importeer
    from regio_portal.core.services import Opdrachtregel
    from tests.factories import GebruikerFactory

    door = Opdrachtregel()
    eigen, kolommen = voorbeeld_zonder_plaatsingen_van("P-DPO")
    assert len(eigen) == 10
    upload = tmp_path / "plaatsingen-dpo.csv"
    upload.write_bytes(csv_bytes(eigen, kolommen))

    def gebruiker(email, soort, **doel):
        g = GebruikerFactory(email=email)
        g.set_password(WACHTWOORD)
        g.save()
        services.rol_toekennen(gebruiker=g, soort=soort, door=door, **doel)
        TOTP.activate(g, GEHEIM)
        return g

    gebruiker(
        "pl@e2e.example", "programmaleider", partnerschap=Partnerschap.objects.get(code="P-DPO")
    )
    gebruiker("km@e2e.example", "kwartiermaker", regio=Regio.objects.get(code="R-MN"))
    gebruiker("bestuurder@e2e.example", "bestuurder", bestuur=Bestuur.objects.get(nummer="41001"))

    def ook_eigen_plaatsingen():
        """For the tests that do not upload in the browser: P-DPO's placements too."""
        r = importeer(soort="plaatsingen", inhoud=upload.read_bytes(), door=door, dry_run=False)
        assert r.fouten == []

    return {"upload": upload, "ook_eigen_plaatsingen": ook_eigen_plaatsingen}


def _inloggen(page, controle, email):
    page.goto("/accounts/login/")
    controle.pagina("inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    controle.pagina("tweestapsverificatie")
    page.get_by_label("Code").fill(totp_code(GEHEIM))
    page.get_by_role("button", name=re.compile("Inloggen|Aanmelden|Bevestigen")).click()
    page.wait_for_url(lambda url: "/accounts/" not in url)


SCHERMAFDRUKKEN = os.environ.get("E2E_SCHERMAFDRUKKEN", "")


def _schermafdruk(page, naam: str) -> None:
    """With E2E_SCHERMAFDRUKKEN=<dir>, each journey step is kept as a full-page PNG to
    look at (the notes on the journeys issue name them)."""
    if SCHERMAFDRUKKEN:
        Path(SCHERMAFDRUKKEN).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCHERMAFDRUKKEN) / f"{naam}.png"), full_page=True)


def _negen_rijen() -> bytes:
    """A programmaleider's file of 9 placements for P-DPO: 7 count, 1 is of a type the
    Regeling does not count, 1 is at a vestiging that is no member of P-DPO."""
    kop = [
        "schooljaar",
        "vestiging",
        "instituut",
        "studentnummer",
        "naam",
        "opleidingstype",
        "startdatum",
        "einddatum",
    ]
    rijen = [
        {
            "schooljaar": "2025-2026",
            "vestiging": v,
            "instituut": "21PB",
            "studentnummer": f"50{n:02d}",
            "naam": f"Student {n}",
            "opleidingstype": "pabo",
            "startdatum": "2025-09-01",
            "einddatum": "2026-06-30",
        }
        for n, v in enumerate(
            ["01AA00", "01AA00", "01AA00", "01AA01", "01AA01", "03CC00", "03CC00"], start=1
        )
    ]
    rijen.append(
        {**rijen[0], "studentnummer": "5008", "naam": "Assistent", "opleidingstype": "overig"}
    )
    rijen.append({**rijen[0], "studentnummer": "5009", "naam": "Elders", "vestiging": "04DD00"})
    return csv_bytes(rijen, kop)


def test_programmaleider_uploads_and_sees_what_counts_before_confirming(pagina, portal, tmp_path):
    """Journey 1: from the placements page, the upload opens with the right kind and
    its columns; the check says 7 count and 2 do not, with reasons, before anything is
    written; after confirming, the new totals and links onward."""
    from subsidie.models import Plaatsing

    bestand = tmp_path / "plaatsingen-dpo.csv"
    bestand.write_bytes(_negen_rijen())
    page, controle = pagina
    _inloggen(page, controle, "pl@e2e.example")
    controle.pagina("start programmaleider")
    _schermafdruk(page, "1-1-start-programmaleider")

    page.goto("/partnerschappen/P-DPO/plaatsingen/")
    controle.pagina("plaatsingen")
    page.get_by_role("link", name="Plaatsingen uploaden").click()
    page.wait_for_url(re.compile(r"/importeren/\?soort=plaatsingen&partnerschap=P-DPO"))
    controle.pagina("upload plaatsingen")
    assert page.get_by_label("Soort gegevens").input_value() == "plaatsingen"
    assert page.get_by_role("link", name=re.compile("CSV-sjabloon")).count() == 1
    kolommen = page.get_by_role("table", name=re.compile("Kolommen van Plaatsingen"))
    assert kolommen.get_by_role("row").count() == 11  # header and 10 columns
    _schermafdruk(page, "1-2-upload")
    page.get_by_label("Bestand").set_input_files(str(bestand))
    page.get_by_role("button", name="Controleren").click()
    page.wait_for_url(re.compile(r"/importeren/[0-9a-f-]+/$"))
    controle.pagina("controle met effect")
    _schermafdruk(page, "1-3-controle")
    kop = page.get_by_role("heading", name=re.compile("Effect op de telling"))
    assert kop.inner_text() == "Effect op de telling, als u bevestigt: 7 tellen mee, 2 niet"
    per_rij = page.get_by_role("table", name="Per rij van het bestand")
    assert [r.strip() for r in per_rij.locator("tbody tr td:last-child").all_inner_texts()] == [
        *["telt mee"] * 7,
        "telt niet: opleidingstype telt niet mee onder deze regeling",
        "telt niet: vestiging is geen lid van het partnerschap tijdens de plaatsing",
    ]
    totalen = page.get_by_role("table", name=re.compile("Aantallen en bedrag"))
    cellen = [c.strip() for c in totalen.locator("tbody tr").first.locator("td").all_inner_texts()]
    assert cellen == ["2025-2026", "0 → 7", "0 → 0", "€\u00a00,00 → €\u00a08.750,00"]
    assert not Plaatsing.objects.filter(partnerschap__code="P-DPO").exists()  # nothing yet

    page.get_by_role("button", name="Bevestigen en importeren").click()
    page.wait_for_load_state("load")
    page.wait_for_selector("text=is bijgewerkt")
    controle.pagina("import klaar")
    _schermafdruk(page, "1-4-resultaat")
    assert (
        "De telling van Opleidingsschool Domstad PO voor 2025-2026 is bijgewerkt: 7 studenten, "
        "0 zij-instromers, €\u00a08.750,00." in page.locator(".regio-telling-nu").inner_text()
    )
    page.get_by_role("link", name="Naar de plaatsingen").click()
    controle.pagina("plaatsingen na import")
    assert page.get_by_role("heading", level=1).inner_text() == "Plaatsingen 2025-2026"
    assert page.locator(".regio-kaart__getal").all_inner_texts()[:3] == [
        "7",
        "0",
        "€\u00a08.750,00",
    ]  # no-break space: the sign never wraps
    _schermafdruk(page, "1-5-plaatsingen")


def test_kwartiermaker_lands_on_a_year_with_data_and_approves_panels(pagina, portal):
    """Journey 2: the dashboard opens on the most recent year with a count (not the
    empty new year), the current year one click away; approving panels asks first and
    says which places stay empty."""
    from partnerschappen.models import Regio
    from peer_review import services as pr
    from peer_review.models import Review

    portal["ook_eigen_plaatsingen"]()
    cyclus = pr.cyclus_aanmaken(
        door=None,
        naam="Peer review R-MN 2026",
        regio=Regio.objects.get(code="R-MN"),
        begin=dt.date(2026, 9, 1),
        deadline=dt.date(2027, 6, 30),
        andere_regio_verplicht=False,
    )
    voorstel = pr.voorstel_aanvragen(cyclus=cyclus, door=None)
    voorstel.refresh_from_db()
    assert voorstel.status == "klaar"
    page, controle = pagina
    _inloggen(page, controle, "km@e2e.example")
    assert page.url.endswith("/regios/R-MN/dashboard/")
    controle.pagina("dashboard")
    _schermafdruk(page, "2-1-dashboard")
    kop = page.get_by_role("heading", level=1)
    assert kop.inner_text() == "Onderwijsregio Midden-Nederland (voorbeeld) · 2025-2026"
    # shared/examples/telling/verwacht-2025-2026.json: R-MN 5 students, 1 zij-instromer.
    assert page.locator(".regio-kaart__getal").all_inner_texts()[:3] == [
        "5",
        "1",
        "€\u00a07.500,00",
    ]
    huidig = page.get_by_role("link", name=re.compile(r"Huidig schooljaar"))
    assert huidig.inner_text() == "Huidig schooljaar (2026-2027)"

    page.goto(f"/peer-review/{cyclus.pk}/")
    controle.pagina("cyclus")
    _schermafdruk(page, "2-2-cyclus")
    page.get_by_role("link", name="Voorstel goedkeuren").click()
    controle.pagina("panels goedkeuren?")
    _schermafdruk(page, "2-3-bevestigen")
    s = voorstel.uitkomst["statistiek"]
    leeg = s["plaatsen"] - s["gevuld"]
    vraag = page.locator("main .utrecht-paragraph").first.inner_text()
    n = len(voorstel.uitkomst["toewijzing"])
    assert vraag.startswith(
        f"Weet u zeker dat u de panels van {n} review{'s' if n != 1 else ''} wilt goedkeuren?"
    )
    if leeg:
        assert f"Let op: {leeg} van de {s['plaatsen']} plaatsen" in vraag
    assert Review.objects.filter(cyclus=cyclus).count() == 0
    page.get_by_role("button", name="Ja, panels goedkeuren").click()
    page.wait_for_load_state("load")
    controle.pagina("panels goedgekeurd")
    _schermafdruk(page, "2-4-goedgekeurd")
    assert Review.objects.filter(cyclus=cyclus).count() == n
    assert f"Goedgekeurd: {n} review" in page.content()


def test_zelfevaluatie_survives_a_session_time_out(pagina, portal, settings):
    """Journey 4: the programmaleider types, the session ends (idle limit), the save
    sends them to the login; after logging in again the text is back (kept in the
    browser) and is saved."""
    from kwaliteit import services as kw
    from kwaliteit.models import Score
    from partnerschappen.models import Partnerschap
    from regio_portal.core.services import Opdrachtregel
    from tests.kwaliteit.conftest import DEMO_KADER

    kader = kw.kader_importeer(inhoud=DEMO_KADER.read_bytes(), door=Opdrachtregel())
    kw.kader_publiceer(kader=kader, door=Opdrachtregel())
    z = kw.zelfevaluatie_start(
        partnerschap=Partnerschap.objects.get(code="P-DPO"), jaar=2026, door=Opdrachtregel()
    )
    eerste = (
        z.scores.select_related("kenmerk")
        .order_by("kenmerk__waarborg__volgorde", "kenmerk__volgorde")
        .first()
    )
    page, controle = pagina
    _inloggen(page, controle, "pl@e2e.example")
    page.goto("/partnerschappen/P-DPO/kwaliteit/2026/")
    controle.pagina("zelfevaluatie")
    tekst = "Wij begeleiden elke student met een vaste schoolopleider en intervisie per maand."
    assert page.locator("#sessie-waarschuwing").is_hidden()  # 25 minutes to go
    assert page.locator("#concept-melding").is_hidden()  # nothing to restore
    veld = page.locator(f"#id_onderbouwing_{eerste.kenmerk_id}")
    veld.fill(tekst)
    _schermafdruk(page, "4-1-zelfevaluatie-getypt")
    settings.SESSIE_INACTIEF_MAX = 1  # the idle limit passes while the user types
    time.sleep(2.2)
    page.get_by_role("button", name=re.compile(r"Opslaan \(waarborg")).first.click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    settings.SESSIE_INACTIEF_MAX = 30 * 60
    controle.pagina("afgemeld")
    assert "U bent afgemeld omdat u" in page.content()
    assert Score.objects.get(pk=eerste.pk).onderbouwing == ""
    time.sleep(30.5 - time.time() % 30)  # a fresh TOTP code (a used one is refused)
    page.get_by_label("E-mailadres").fill("pl@e2e.example")
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.get_by_label("Code").fill(totp_code(GEHEIM))
    page.get_by_role("button", name=re.compile("Inloggen|Aanmelden|Bevestigen")).click()
    page.wait_for_url(re.compile(r"/kwaliteit/2026/"))
    controle.pagina("zelfevaluatie na inloggen")
    melding = page.locator("#concept-melding")
    melding.wait_for(state="visible")
    _schermafdruk(page, "4-2-teruggezet")
    assert re.fullmatch(
        r"Uw niet-opgeslagen tekst van \d\d:\d\d is teruggezet\. Sla op om hem te bewaren\.",
        melding.inner_text().strip(),
    )
    assert page.locator(f"#id_onderbouwing_{eerste.kenmerk_id}").input_value() == tekst
    page.get_by_role("button", name=re.compile(r"Opslaan \(waarborg")).first.click()
    page.wait_for_load_state("load")
    controle.pagina("zelfevaluatie opgeslagen")
    assert Score.objects.get(pk=eerste.pk).onderbouwing == tekst
    assert page.locator("#laatst-opgeslagen").count() == 1


def test_bestuurder_downloads_and_adopts_the_report(pagina, portal):
    from partnerschappen.models import Partnerschap
    from subsidie.models import Verantwoording
    from subsidie.services import verantwoording_aanvragen, verantwoording_maak

    portal["ook_eigen_plaatsingen"]()
    v = verantwoording_aanvragen(
        schooljaar=2025, door=None, partnerschap=Partnerschap.objects.get(code="P-DPO")
    )
    verantwoording_maak(verantwoording=v)
    page, controle = pagina
    _inloggen(page, controle, "bestuurder@e2e.example")
    controle.pagina("start bestuurder")

    page.goto("/partnerschappen/P-DPO/verantwoording/?schooljaar=2025-2026")
    controle.pagina("verantwoording")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    v.refresh_from_db()
    import hashlib

    assert hashlib.sha256(pdf).hexdigest() == v.pdf_sha256

    page.get_by_role("link", name="Vaststellen").click()
    controle.pagina("vaststellen bevestigen")
    page.get_by_role("button", name="Ja, vaststellen").click()
    page.wait_for_load_state("load")
    controle.pagina("vastgesteld")
    assert "De verantwoording is vastgesteld." in page.content()
    v.refresh_from_db()
    assert v.status == Verantwoording.Status.VASTGESTELD


def test_beheerder_uses_the_django_admin_and_the_access_log(pagina, portal):
    """The admin sits behind the portal login with MFA; its pages run under the CSP
    (inline styles allowed there only) without violations."""
    from allauth.mfa.totp.internal.auth import TOTP

    from tests.factories import GebruikerFactory

    g = GebruikerFactory(email="beheerder@e2e.example", is_staff=True, is_superuser=True)
    g.set_password(WACHTWOORD)
    g.save()
    TOTP.activate(g, GEHEIM)
    page, controle = pagina
    page.goto("/beheer/django/")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    _inloggen(page, controle, "beheerder@e2e.example")
    for url in (
        "/beheer/django/",
        "/beheer/django/partnerschappen/vestiging/",
        "/beheer/django/partnerschappen/partnerschap/add/",
        "/beheer/inzage/",
    ):
        page.goto(url)
        controle.pagina(url)
        assert page.title() != ""


def test_the_checks_themselves_can_fail(pagina, portal):
    """Proof that the axe and CSP checks of these tests see problems: an inline script
    (refused by the CSP) and an image without alt text (axe: critical)."""
    page, controle = pagina
    page.goto("/accounts/login/")
    page.evaluate(
        """() => {
            const s = document.createElement('script');
            s.textContent = 'window.uitgevoerd = true';
            document.body.appendChild(s);
            const img = document.createElement('img');
            img.src = '/static/css/thema.css';
            document.body.appendChild(img);
        }"""
    )
    page.wait_for_function("window.__cspSchendingen.length > 0")
    controle.pagina("met fouten")
    assert page.evaluate("window.uitgevoerd === true") is False
    assert [s for _, s in controle.csp] == ["script-src-elem inline"]
    assert ("met fouten", "image-alt", "critical", 1) in controle.ernstig
    controle.csp.clear()
    controle.ernstig.clear()
