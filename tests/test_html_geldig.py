"""Every page of the access matrix, rendered for its owner (the first role that sees it),
passes the Nu Html Checker (vnu) with 0 errors; so do the error pages (403, 404, 500,
CSRF) and the MFA page. One vnu run for all pages (the JVM starts once).

vnu comes from the npm registry (vnu-jar, pinned in scripts/test.sh, which sets
VNU_JAR) and runs on Debian's default-jre-headless.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import ingelogde_client
from tests.test_access_matrix import OPENBARE_BESTANDEN
from tests.test_downloads import DOWNLOADS

BESTANDEN = {d[0] for d in DOWNLOADS}
# Not HTML pages of ours: files (private downloads and the public ones: health check,
# OpenAPI document, open figures, .ics), an htmx fragment of <option>s, and the Django admin.
OVERSLAAN = BESTANDEN | OPENBARE_BESTANDEN | {"subsidie:plaatsing_vestigingen"}


def _vnu(bestanden: list[Path]) -> list[dict]:
    jar = os.environ.get("VNU_JAR", "")
    if not Path(jar).is_file():
        pytest.fail("VNU_JAR ontbreekt: scripts/test.sh (make test) haalt vnu-jar op.")
    uit = subprocess.run(
        ["java", "-Xss8m", "-jar", jar, "--format", "json", "--errors-only", *map(str, bestanden)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return json.loads(uit.stderr or '{"messages": []}')["messages"]


def _pagina_html(wereld) -> dict[str, str]:
    from tests.test_access_matrix import zichtbare_urls

    paginas = {}
    clients = {}
    for naam, rol, url in zichtbare_urls(wereld):
        if naam.startswith("admin:") or naam in OVERSLAAN:
            continue
        if rol not in clients:
            clients[rol] = ingelogde_client(wereld.gebruikers.get(rol))
        antwoord = clients[rol].get(url)
        assert antwoord.status_code == 200, (naam, url)
        assert antwoord["Content-Type"].startswith("text/html"), naam
        paginas[naam] = antwoord.content.decode()
    return paginas


def _foutpaginas(client_als) -> dict[str, str]:
    from django.conf import settings

    paginas = {}
    anoniem = Client()
    niet_gevonden = anoniem.get("/bestaat-niet/")
    assert niet_gevonden.status_code == 404
    paginas["404"] = niet_gevonden.content.decode()
    # A visible partnership, an action the role may not take: 403.
    verboden = client_als("km_regio").get(reverse("partnerschappen:bewerken", args=["P-A"]))
    assert verboden.status_code == 403
    paginas["403"] = verboden.content.decode()
    csrf = Client(enforce_csrf_checks=True).post(reverse("account_login"), {})
    assert csrf.status_code == 403
    paginas["csrf"] = csrf.content.decode()
    paginas["500"] = (Path(settings.BASE_DIR) / "templates/500.html").read_text()
    paginas["mfa"] = mfa_pagina()
    return paginas


def mfa_pagina() -> str:
    """The second login step (TOTP) of a kwartiermaker, as the browser gets it."""
    from tests.core.test_mfa import WACHTWOORD

    client = Client()
    antwoord = client.post(
        reverse("account_login"), {"login": "km.a@test.example", "password": WACHTWOORD}
    )
    assert antwoord["Location"] == reverse("mfa_authenticate")
    pagina = client.get(reverse("mfa_authenticate"))
    assert pagina.status_code == 200
    return pagina.content.decode()


@pytest.mark.django_db
def test_every_page_is_valid_html(wereld, client_als, tmp_path):
    paginas = {**_pagina_html(wereld), **_foutpaginas(client_als)}
    bestanden = []
    for naam, html in paginas.items():
        bestand = tmp_path / (naam.replace(":", "_") + ".html")
        bestand.write_text(html)
        bestanden.append(bestand)
    fouten = [
        f"{Path(m['url']).stem} r{m.get('lastLine')}: {m['message']}"
        for m in _vnu(bestanden)
        if m["type"] == "error"
    ]
    assert fouten == [], "\n".join(fouten)
    # Grows with the matrix: 93 pages of ours and allauth's, the four error pages and
    # the MFA step.
    assert len(paginas) == 117
