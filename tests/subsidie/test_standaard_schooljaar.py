"""One rule for the school year a page opens on (subsidie.selectors.standaard_schooljaar):
the most recent year, not after the current one, with a count or placements; the
current year one click away."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from regio_portal.core.schooljaar import huidig_schooljaar, schooljaar_label
from subsidie.models import Plaatsing
from subsidie.selectors import standaard_schooljaar
from subsidie.services import telling_bereken

pytestmark = pytest.mark.django_db

HUIDIG = huidig_schooljaar()


def _verplaats(plaatsing, jaar):
    Plaatsing.objects.filter(pk=plaatsing.pk).update(
        schooljaar=jaar, startdatum=dt.date(jaar, 9, 1), einddatum=dt.date(jaar + 1, 6, 30)
    )


def test_without_any_data_the_current_year():
    assert standaard_schooljaar() == HUIDIG


def test_the_most_recent_year_with_placements_or_a_count_never_a_later_one(wereld):
    _verplaats(wereld.plaatsing_a, HUIDIG - 2)
    assert standaard_schooljaar() == HUIDIG - 2
    telling_bereken(schooljaar=HUIDIG - 1)  # a count (of no placements) for the year after
    assert standaard_schooljaar() == HUIDIG - 1
    _verplaats(wereld.plaatsing_a, HUIDIG + 1)  # registered ahead: not opened on
    assert standaard_schooljaar() == HUIDIG - 1
    # Limited to one partnership's placements, the counts still count.
    assert standaard_schooljaar(plaatsingen=wereld.partnerschap_b.plaatsingen) == HUIDIG - 1


def test_dashboard_and_placements_open_on_the_year_with_data_and_link_the_current(
    client_als, wereld
):
    vorig, huidig = schooljaar_label(HUIDIG - 1), schooljaar_label(HUIDIG)
    _verplaats(wereld.plaatsing_a, HUIDIG - 1)
    telling_bereken(schooljaar=HUIDIG - 1)
    link = f'<a class="utrecht-link" href="?schooljaar={huidig}">Huidig schooljaar ({huidig})</a>'
    dashboard = client_als("km_regio").get(reverse("dashboard:regio", args=["R-A"]))
    html = dashboard.content.decode()
    assert f"Regio A · {vorig}</h1>" in html
    assert link in html
    assert "nog geen telling" not in html
    plaatsingen = client_als("pl_a").get(reverse("subsidie:plaatsingen", args=["P-A"]))
    html = plaatsingen.content.decode()
    assert f"Plaatsingen {vorig}</h1>" in html
    assert link in html
    # On the current year itself, no link to it.
    html = (
        client_als("km_regio")
        .get(reverse("dashboard:regio", args=["R-A"]) + f"?schooljaar={huidig}")
        .content.decode()
    )
    assert f"Regio A · {huidig}</h1>" in html
    assert "Huidig schooljaar" not in html


def test_bestuurder_start_page_and_reports_use_the_same_year(client_als, wereld):
    vorig = schooljaar_label(HUIDIG - 1)
    _verplaats(wereld.plaatsing_a, HUIDIG - 1)
    telling_bereken(schooljaar=HUIDIG - 1)
    start = client_als("bestuurder").get(reverse("start")).content.decode()
    assert f"Uw partnerschappen, telling {vorig}" in start
    verantwoording = client_als("bestuurder").get(
        reverse("subsidie:verantwoording_partnerschap", args=["P-A"])
    )
    assert f"Verantwoording {vorig}</h1>" in verantwoording.content.decode()
