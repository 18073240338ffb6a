"""End to end in a real browser: Debian's Chromium driven by Playwright against the live
server (real PostgreSQL), with axe-core (WCAG 2.1 AA rules) and CSP checks on every page.

- a programmaleider logs in with password + TOTP, uploads placements, confirms, and
  sees the count (shared/examples/telling: P-DPO 2025-2026 = 5 students, € 6.250,00);
- a kwartiermaker logs in (TOTP) and lands on the regional dashboard;
- a bestuurder logs in (TOTP), downloads the report PDF and adopts it.

No browser download: Playwright launches /usr/bin/chromium (scripts/test.sh installs
the Debian package). axe-core comes from the axe-playwright-python wheel (its
axe.min.js, MPL-2.0), evaluated through the DevTools protocol, which the page's CSP does
not block.
"""

from __future__ import annotations

import csv
import io
import os
import re
import time
from pathlib import Path

import pytest

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


TELLING = Path(__file__).resolve().parents[3] / "shared" / "examples" / "telling"


def _csv(rijen: list[dict], kolommen: list[str]) -> bytes:
    uit = io.StringIO()
    schrijver = csv.DictWriter(uit, fieldnames=kolommen, lineterminator="\n")
    schrijver.writeheader()
    schrijver.writerows(rijen)
    return uit.getvalue().encode()


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
    for soort in ["regios", "instituten", "besturen", "vestigingen", "partnerschappen"]:
        r = importeer(
            soort=soort, inhoud=(TELLING / f"{soort}.csv").read_bytes(), door=door, dry_run=False
        )
        assert r.fouten == []
    r = importeer(
        soort="lidmaatschappen",
        inhoud=(TELLING / "lidmaatschappen.csv").read_bytes(),
        door=door,
        dry_run=False,
    )
    assert r.fouten == []
    with (TELLING / "plaatsingen.csv").open(encoding="utf-8") as f:
        lezer = csv.DictReader(f)
        kolommen = lezer.fieldnames
        rijen = list(lezer)
    eigen = [r for r in rijen if r["partnerschap"] == "P-DPO"]
    overig = [r for r in rijen if r["partnerschap"] != "P-DPO"]
    assert (len(eigen), len(overig)) == (10, 9)
    r = importeer(soort="plaatsingen", inhoud=_csv(overig, kolommen), door=door, dry_run=False)
    assert r.fouten == []
    upload = tmp_path / "plaatsingen-dpo.csv"
    upload.write_bytes(_csv(eigen, kolommen))

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


def _totp_code() -> str:
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(GEHEIM, int(time.time()) // app_settings.TOTP_PERIOD))


def _inloggen(page, controle, email):
    page.goto("/accounts/login/")
    controle.pagina("inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    controle.pagina("tweestapsverificatie")
    page.get_by_label("Code").fill(_totp_code())
    page.get_by_role("button", name=re.compile("Inloggen|Aanmelden|Bevestigen")).click()
    page.wait_for_url(lambda url: "/accounts/" not in url)


def test_programmaleider_logs_in_with_mfa_uploads_placements_and_sees_the_count(pagina, portal):
    page, controle = pagina
    _inloggen(page, controle, "pl@e2e.example")
    controle.pagina("start programmaleider")

    page.goto("/importeren/")
    controle.pagina("importeren")
    page.get_by_label("Soort").select_option("plaatsingen")
    page.get_by_label("Bestand").set_input_files(str(portal["upload"]))
    page.get_by_role("button", name="Controleren").click()
    page.wait_for_url(re.compile(r"/importeren/[0-9a-f-]+/$"))
    controle.pagina("importvoorbeeld")
    nieuw = page.get_by_role("row").filter(has_text="Nieuw").get_by_role("cell")
    assert nieuw.inner_text().strip() == "10"
    page.get_by_role("button", name="Bevestigen en importeren").click()
    page.wait_for_load_state("load")
    controle.pagina("import klaar")
    assert page.get_by_role("heading", name="Resultaat").count() == 1

    page.goto("/partnerschappen/P-DPO/telling/")
    controle.pagina("telling")
    rij = page.get_by_role("row").filter(has_text="2025-2026")
    cellen = [c.strip() for c in rij.get_by_role("cell").all_inner_texts()]
    assert cellen[2:5] == ["5", "0", "€ 6.250,00"]


def test_kwartiermaker_opens_the_regional_dashboard(pagina, portal):
    from subsidie.services import telling_bereken

    portal["ook_eigen_plaatsingen"]()
    telling_bereken(schooljaar=2025)
    page, controle = pagina
    _inloggen(page, controle, "km@e2e.example")
    # A kwartiermaker of one region lands on its dashboard.
    assert page.url.endswith("/regios/R-MN/dashboard/")
    controle.pagina("dashboard")
    kop = page.get_by_role("heading", level=1)
    assert kop.inner_text() == "Onderwijsregio Midden-Nederland (voorbeeld) · 2026-2027"
    page.get_by_role("link", name="← 2025-2026").click()
    page.wait_for_url(re.compile(r"schooljaar=2025-2026"))
    controle.pagina("dashboard 2025-2026")
    assert kop.inner_text() == "Onderwijsregio Midden-Nederland (voorbeeld) · 2025-2026"
    # shared/examples/telling/verwacht-2025-2026.json: R-MN 5 students, 1 zij-instromer.
    assert page.locator(".regio-kaart__getal").all_inner_texts()[:3] == [
        "5",
        "1",
        "€ 7.500,00",
    ]
    assert page.locator("svg[role=img] title").count() == 1


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
