"""axe-core (WCAG 2.1 AA) on every page of the portal that answers 200, in Chromium, as
the role that may see it, at 1280 px and at 375 px: no violation of any impact, no CSP
violation, and at 375 px (and at 320 px) no horizontal page scroll (WCAG 1.4.10 reflow:
tables scroll inside their own region, the menu collapses)."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings

from tests.e2e.test_browser import CSP_OPVANGEN, Controle, browser  # noqa: F401
from tests.test_downloads import DOWNLOADS

BESTANDEN = {d[0] for d in DOWNLOADS}
# htmx fragments (a list of <option>s) are parts of a page, checked inside it.
FRAGMENTEN = {"subsidie:plaatsing_vestigingen"}

BREEDTES = (1280, 375, 320)
AXE_BREEDTES = (1280, 375)  # at 320 px only the reflow is measured

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _paginas(wereld):
    from tests.test_access_matrix import OPENBARE_BESTANDEN, zichtbare_urls

    for naam, rol, url in zichtbare_urls(wereld):
        if naam.startswith(("admin:", "account_")) or naam in BESTANDEN | FRAGMENTEN:
            continue  # the admin and allauth pages are in the journeys; files are not pages
        if naam not in OPENBARE_BESTANDEN:  # files, not pages
            yield naam, rol, url


def test_every_page_passes_axe(browser, live_server, regelingen, wereld):  # noqa: F811
    from tests.conftest import ingelogde_client

    bekeken = []
    ernstig = []
    te_breed = []
    csp = []
    contexten = {}
    for naam, rol, url in _paginas(wereld):
        if rol not in contexten:
            c = ingelogde_client(wereld.gebruikers.get(rol))
            context = browser.new_context(base_url=live_server.url, locale="nl-NL")
            context.add_init_script(CSP_OPVANGEN)
            if rol != "anoniem":
                context.add_cookies(
                    [
                        {
                            "name": django_settings.SESSION_COOKIE_NAME,
                            "value": c.cookies[django_settings.SESSION_COOKIE_NAME].value,
                            "url": live_server.url,
                        }
                    ]
                )
            contexten[rol] = (context, Controle(context.new_page()))
        context, controle = contexten[rol]
        for breedte in BREEDTES:
            controle.page.set_viewport_size({"width": breedte, "height": 800})
            antwoord = controle.page.goto(url)
            assert antwoord.status == 200, url
            if breedte in AXE_BREEDTES:
                controle.pagina(f"{naam}@{breedte}")
            else:
                controle.page.wait_for_load_state("load")
            scroll = controle.page.evaluate("document.documentElement.scrollWidth")
            if scroll > breedte:
                te_breed.append((naam, breedte, scroll))
        bekeken.append(naam)
    for context, controle in contexten.values():
        ernstig += controle.alle
        csp += controle.csp
        context.close()
    assert ernstig == []
    assert csp == []
    assert te_breed == []
    # Every page of the matrix that answers 200 to some role (files excluded); grows
    # with the matrix.
    assert len(bekeken) == 108
