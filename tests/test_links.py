"""No page links to a page its reader cannot open (issue 16, fault 4): every internal
link on every page of the access matrix, followed as every role that may open that
page, answers 200 or a redirect, never 403 or 404."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest

from tests.conftest import ingelogde_client
from tests.test_html_geldig import OVERSLAAN

HREF = re.compile(r'<a\s[^>]*href="([^"#]+)')


@pytest.mark.django_db
def test_every_link_opens_for_the_reader(wereld):
    from django.urls import reverse

    from tests.conftest import ROLLEN
    from tests.test_access_matrix import KWARGS, MATRIX

    clients, gevolgd, kapot = {}, {}, []
    paginas = [
        (naam, rol, reverse(naam, kwargs=KWARGS[sleutel](wereld)))
        for naam, (sleutel, get_verwacht, _post) in MATRIX.items()
        for rol, status in zip(ROLLEN, get_verwacht, strict=True)
        if status == 200 and not naam.startswith("admin:") and naam not in OVERSLAAN
    ]
    for naam, rol, url in paginas:
        client = clients.setdefault(rol, ingelogde_client(wereld.gebruikers.get(rol)))
        antwoord = client.get(url)
        if not antwoord["Content-Type"].startswith("text/html"):
            continue
        html = antwoord.content.decode()
        for href in HREF.findall(html):
            doel = urljoin(url, unescape(href))
            delen = urlsplit(doel)
            if delen.scheme in ("mailto",) or delen.netloc or delen.path.startswith("/static/"):
                continue
            sleutel = (rol, doel)
            if sleutel not in gevolgd:
                gevolgd[sleutel] = client.get(doel).status_code
            if gevolgd[sleutel] in (403, 404, 405, 500):
                kapot.append((naam, rol, doel, gevolgd[sleutel]))
    assert kapot == []
    # (role, link) pairs followed; grows with the matrix and its pages.
    assert len(gevolgd) == 547
    # The fault as found: the bestuurder's region report linked to the region's count.
    assert gevolgd[("bestuurder", "/")] == 200
    bestuurder = clients["bestuurder"].get("/regios/R-A/verantwoording/").content.decode()
    assert '<a class="utrecht-link" href="/">← Start</a>' in bestuurder
    assert 'href="/regios/R-A/telling/"' not in bestuurder
