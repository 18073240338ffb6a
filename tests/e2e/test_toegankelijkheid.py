"""axe-core (WCAG 2.1 AA) on every page of the portal that answers 200, in Chromium, as
the role that may see it: no serious or critical violations, and no CSP violation."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings

from tests.e2e.test_browser import CSP_OPVANGEN, Controle, browser  # noqa: F401
from tests.test_downloads import DOWNLOADS

BESTANDEN = {d[0] for d in DOWNLOADS}
# htmx fragments (a list of <option>s) are parts of a page, checked inside it.
FRAGMENTEN = {"subsidie:plaatsing_vestigingen"}

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _paginas(wereld):
    from tests.test_access_matrix import zichtbare_urls

    for naam, rol, url in zichtbare_urls(wereld):
        if naam.startswith(("admin:", "account_")) or naam in BESTANDEN | FRAGMENTEN:
            continue  # the admin and allauth pages are in the journeys; files are not pages
        if naam != "core:gezondheid":
            yield naam, rol, url


def test_every_page_passes_axe(browser, live_server, regelingen, wereld):  # noqa: F811
    from tests.conftest import ingelogde_client

    bekeken = []
    ernstig = []
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
        antwoord = controle.page.goto(url)
        assert antwoord.status == 200, url
        controle.pagina(naam)
        bekeken.append(naam)
    for context, controle in contexten.values():
        ernstig += controle.ernstig
        csp += controle.csp
        context.close()
    assert ernstig == []
    assert csp == []
    # Every page of the matrix that answers 200 to some role (files excluded); grows
    # with the matrix.
    assert len(bekeken) == 59
