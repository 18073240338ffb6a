"""The dashboards read a count's large JSON from a per-process cache
(subsidie.selectors.tellingen_met_inhoud): a recount that updates the same snapshot in
place (subsidie/hertellen.py) must reach the pages at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from regio_portal.core.services import Opdrachtregel
from subsidie import services
from subsidie.models import Plaatsing


@pytest.mark.django_db
def test_the_dashboard_follows_a_recount_of_the_same_snapshot(client_als, wereld):
    eerste = services.telling_bereken(schooljaar=2025)
    client = client_als("km_regio")
    url = reverse("dashboard:regio", kwargs={"code": wereld.regio_a.code}) + "?schooljaar=2025-2026"
    voor = client.get(url).context
    # A second student at partnership A, through the service (its year marked stale).
    services.plaatsing_opslaan(
        plaatsing=Plaatsing(
            schooljaar=2025,
            partnerschap=wereld.partnerschap_a,
            vestiging=wereld.vestiging_a,
            instituut=wereld.plaatsing_a.instituut,
            studentnummer="1002",
            naam="Student B",
            opleidingstype="pabo",
            startdatum=dt.date(2025, 9, 1),
            einddatum=dt.date(2026, 6, 30),
        ),
        persoonsnummer=None,
        door=Opdrachtregel(),
    )
    tweede = services.telling_bereken(schooljaar=2025)
    assert tweede.pk == eerste.pk  # brought up to date in place
    na = client.get(url).context
    assert (voor["regio_rij"]["studenten"], na["regio_rij"]["studenten"]) == (1, 2)
    assert [t["jaren"][-1] for t in na["tellingen"] if t["code"] == "P-A"] == [2]
    assert na["dekking"] == [
        {"sector": wereld.vestiging_a.sector, "totaal": 2, "in_partnerschap": 2, "procent": 100}
    ]
