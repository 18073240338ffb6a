"""Pages accept only the school years the portal knows (issue 16, fault 5:
`?schooljaar=0001-0002` and `9999-10000` answered 200 with empty pages, so a crawler
following "next year" never ended)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from regio_portal.core.schooljaar import huidig_schooljaar, schooljaar_label

PAGINAS = [
    ("pl_a", "subsidie:plaatsingen", ["P-A"]),
    ("pl_a", "subsidie:verantwoording_partnerschap", ["P-A"]),
    ("km_regio", "subsidie:regio_telling", ["R-A"]),
    ("km_regio", "subsidie:verantwoording_regio", ["R-A"]),
    ("km_regio", "dashboard:regio", ["R-A"]),
    ("beheerder", "subsidie:landelijk", []),
]


@pytest.mark.parametrize(("rol", "naam", "args"), PAGINAS)
def test_only_known_school_years_answer(client_als, wereld, settings, rol, naam, args):
    client = client_als(rol)
    url = reverse(naam, args=args)
    laatste = huidig_schooljaar() + settings.SCHOOLJAAR_VOORUIT
    for jaar in ("0001-0002", "2014-2015", schooljaar_label(laatste + 1), "9999-10000", "x"):
        assert client.get(url, {"schooljaar": jaar}).status_code == 404, (url, jaar)
    for jaar in ("2015-2016", "2025-2026", schooljaar_label(laatste)):
        assert client.get(url, {"schooljaar": jaar}).status_code == 200, (url, jaar)
    assert client.get(url).status_code == 200


def test_the_year_switcher_stops_at_the_ends(client_als, wereld, settings):
    client = client_als("km_regio")
    url = reverse("dashboard:regio", args=["R-A"])
    laatste = schooljaar_label(huidig_schooljaar() + settings.SCHOOLJAAR_VOORUIT)
    nav = client.get(url, {"schooljaar": laatste}).context["nav"]
    assert (nav["vorig"], nav["volgend"]) == (
        schooljaar_label(huidig_schooljaar() + settings.SCHOOLJAAR_VOORUIT - 1),
        None,
    )
    eerste = client.get(url, {"schooljaar": "2015-2016"})
    assert (eerste.context["nav"]["vorig"], eerste.context["nav"]["volgend"]) == (
        None,
        "2016-2017",
    )
    assert 'href="?schooljaar=2014-2015"' not in eerste.content.decode()


def test_the_region_quality_page_takes_only_known_years(client_als, wereld, settings):
    client = client_als("km_regio")
    url = reverse("kwaliteit:regio", args=["R-A"])
    laatste = huidig_schooljaar() + settings.SCHOOLJAAR_VOORUIT
    for jaar in ("1", "2014", str(laatste + 1), "9999", "x", "-1"):
        assert client.get(url, {"jaar": jaar}).status_code == 404, jaar
    for jaar in ("2015", "2025", str(laatste)):
        antwoord = client.get(url, {"jaar": jaar})
        assert (antwoord.status_code, antwoord.context["jaar"]) == (200, int(jaar))
    assert client.get(url).context["jaar"] == huidig_schooljaar()
