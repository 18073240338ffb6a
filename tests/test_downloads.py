"""Object-level checks on every file download: the owner gets the file as a private,
uncached attachment; another tenant gets 404 (the same as for something that does not
exist); anonymous users go to the login. Also: the htmx endpoints are known."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_access_matrix import KWARGS

# Every URL that streams a stored or generated file, with a kwargs key of the matrix
# (extra: the verantwoording's Excel), the role that may, and one that may not.
DOWNLOADS = [
    ("partnerschappen:overeenkomst_download", "A_overeenkomst", {}, "pl_a", "pl_b"),
    ("subsidie:verantwoording_download", "verantwoording_A_pdf", {}, "bestuurder", "pl_b"),
    (
        "subsidie:verantwoording_download",
        "verantwoording_A_pdf",
        {"formaat": "xlsx"},
        "bestuurder",
        "km_elders",
    ),
    ("kwaliteit:bewijs_download", "A_bewijs", {}, "km_regio", "pl_b"),
    ("peer_review:ics", "review_A", {}, "pl_a", "km_elders"),
    ("peer_review:verslag_download", "review_A", {}, "peer", "km_elders"),
    ("peer_review:bewijs", "review_A_bewijs", {}, "peer", "pl_b"),
    ("kwaliteit:pdf", "A_zelfevaluatie", {}, "bestuurder", "pl_b"),
    # An import template: only for a kind the user may import (others: 404).
    ("core:import_sjabloon", "sjabloon", {}, "pl_a", "km_elders"),
    # The framework is no tenant's data: others see that it exists, so 403 (not 404).
    ("kwaliteit:kader_export", "kader", {}, "beheerder", "pl_a"),
    ("samenwerking:principes_export", "principes", {}, "beheerder", "pl_a"),
    # A partnership's practice document: its region's kwartiermaker may, another not.
    ("samenwerking:praktijk_document", "onderwerp_A_document", {}, "km_regio", "pl_b"),
    # A route: for whoever sees the partnership (another tenant: 404).
    ("samenwerking:route_pdf", "route_A", {}, "bestuurder", "pl_b"),
    ("samenwerking:route_excel", "route_A", {}, "km_regio", "km_elders"),
]
GEWEIGERD = {"kwaliteit:kader_export": 403, "samenwerking:principes_export": 403}


def is_bestand(antwoord) -> bool:
    """A download rather than a page: an attachment, or not HTML."""
    return "attachment" in antwoord.get("Content-Disposition", "") or not antwoord.get(
        "Content-Type", ""
    ).startswith("text/html")


def test_every_download_url_is_in_this_list(wereld):
    """Found by behaviour, not by name: every URL of the matrix that answers a file."""
    from tests.conftest import ingelogde_client
    from tests.test_access_matrix import OPENBARE_BESTANDEN, zichtbare_urls

    gevonden = {
        naam
        for naam, rol, url in zichtbare_urls(wereld)
        if naam not in OPENBARE_BESTANDEN
        and is_bestand(ingelogde_client(wereld.gebruikers.get(rol)).get(url))
    }
    assert gevonden == {d[0] for d in DOWNLOADS}


@pytest.mark.parametrize(
    ("naam", "sleutel", "extra", "mag", "mag_niet"),
    DOWNLOADS,
    ids=[f"{d[0]}-{d[2].get('formaat', '')}" for d in DOWNLOADS],
)
def test_download_is_private_and_object_checked(naam, sleutel, extra, mag, mag_niet, wereld):
    from tests.conftest import ingelogde_client

    url = reverse(naam, kwargs={**KWARGS[sleutel](wereld), **extra})

    def als(rol):
        return ingelogde_client(wereld.gebruikers[rol]).get(url)

    goed = als(mag)
    assert goed.status_code == 200
    assert goed["Content-Disposition"].startswith("attachment")
    assert {"no-store", "private"} <= {d.strip() for d in goed["Cache-Control"].split(",")}
    assert goed["X-Content-Type-Options"] == "nosniff"
    assert als(mag_niet).status_code == GEWEIGERD.get(naam, 404)
    anoniem = Client().get(url)
    assert anoniem.status_code == 302
    assert anoniem["Location"].startswith("/accounts/login/")


def test_htmx_endpoints_are_known():
    """Pages refresh with <meta http-equiv=refresh>; the one htmx call is the server-side
    search in a long list (includes/formulier.html, the placement form's vestigingen),
    whose URL (subsidie:plaatsing_vestigingen) is in the access matrix."""
    sjablonen = Path(__file__).resolve().parent.parent / "templates"
    gevonden = [
        str(p.relative_to(sjablonen))
        for p in sjablonen.rglob("*.html")
        if re.search(r"hx-(get|post|put|patch|delete)=", p.read_text())
    ]
    assert gevonden == ["includes/formulier.html"]
    from tests.test_access_matrix import MATRIX

    assert "subsidie:plaatsing_vestigingen" in MATRIX
