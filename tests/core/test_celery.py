"""A real Celery worker on the real Redis broker runs the import task."""

from __future__ import annotations

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from partnerschappen.models import Lidmaatschap
from regio_portal.celery import app
from regio_portal.core.importbestanden import importbestand_controleer
from regio_portal.core.models import Importbestand
from regio_portal.core.tasks import importbestand_verwerken


@pytest.mark.django_db(transaction=True)
def test_import_task_runs_on_real_worker(wereld, niet_eager):
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    importbestand = importbestand_controleer(
        soort="lidmaatschappen",
        inhoud=b"partnerschap,soort,code,startdatum\nP-A,vestiging,02BB00,2025-08-01\n",
        bestandsnaam="leden.csv",
        door=wereld.gebruikers["pl_a"],
    )
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        uitkomst = importbestand_verwerken.delay(str(importbestand.pk))
        assert uitkomst.get(timeout=30) == "klaar"
    assert Importbestand.objects.get(pk=importbestand.pk).status == "klaar"
    assert (
        Lidmaatschap.objects.filter(
            partnerschap=wereld.partnerschap_a, vestiging=wereld.vestiging_b
        ).count()
        == 1
    )
