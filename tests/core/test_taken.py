"""Every task of ours is set up not to lose work (regio_portal/core/taken.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import OperationalError

from regio_portal.celery import app

EIGEN = (
    "regio_portal.",
    "partnerschappen.",
    "subsidie.",
    "kwaliteit.",
    "peer_review.",
    "koppelingen.",
)


def test_every_task_acks_late_is_redelivered_and_retries_with_backoff():
    app.loader.import_default_modules()
    taken = {naam: t for naam, t in app.tasks.items() if naam.startswith(EIGEN)}
    assert sorted(taken) == [
        "koppelingen.tasks.opruimen",
        "partnerschappen.tasks.rollen_synchroniseren",
        "peer_review.tasks.herinneringen",
        "peer_review.tasks.voorstel_berekenen",
        "regio_portal.core.tasks.achterstallig_werk",
        "regio_portal.core.tasks.hartslag",
        "regio_portal.core.tasks.importbestand_verwerken",
        "regio_portal.core.tasks.wijzigingen_samenvoegen",
        "regio_portal.samenwerking.tasks.bijeenkomsten_dagelijks",
        "subsidie.tasks.bewaartermijn",
        "subsidie.tasks.telling_herberekenen",
        "subsidie.tasks.verantwoording_maken",
    ]
    from regio_portal.core.taken import BetrouwbareTaak

    for naam, taak in taken.items():
        assert isinstance(taak, BetrouwbareTaak), naam
        assert (taak.acks_late, taak.reject_on_worker_lost, taak.max_retries) == (True, True, 5), (
            naam
        )
        assert OperationalError in taak.autoretry_for, naam
        assert (taak.retry_backoff, taak.retry_backoff_max, taak.retry_jitter) == (10, 600, True)


def test_visibility_timeout_is_above_the_time_limit():
    # A running task is never handed to a second worker before it could have finished.
    zichtbaar = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert (zichtbaar, settings.CELERY_TASK_TIME_LIMIT) == (7200, 1800)
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True


def test_every_periodic_task_exists():
    app.loader.import_default_modules()
    assert {
        naam: regel["task"] in app.tasks for naam, regel in settings.CELERY_BEAT_SCHEDULE.items()
    } == {
        "rollen-synchroniseren": True,
        "achterstallig-werk": True,
        "bewaartermijn": True,
        "peer-review-herinneringen": True,
        "hartslag": True,
        "api-opruimen": True,
        "bijeenkomsten": True,
        "wijzigingen-samenvoegen": True,
    }


def test_an_import_that_fails_for_good_is_marked_failed_not_retried_forever(wereld, monkeypatch):
    import pytest
    from django.core.files.base import ContentFile

    from regio_portal.core import importbestanden
    from regio_portal.core.models import Importbestand
    from regio_portal.core.tasks import importbestand_verwerken
    from regio_portal.core.wachtrij import achterstallig_werk_plaatsen

    imp = Importbestand.objects.create(
        soort="lidmaatschappen",
        bestandsnaam="l.csv",
        geupload_door=wereld.gebruikers["pl_a"],
        status=Importbestand.Status.WACHTRIJ,
    )
    imp.bestand.save("upload.bin", ContentFile(b"x"))

    def kapot(**kwargs):
        raise RuntimeError("programmeerfout")

    monkeypatch.setattr(importbestanden, "importeer", kapot)
    with pytest.raises(RuntimeError):
        importbestand_verwerken.apply(args=[str(imp.pk)], throw=True)
    imp.refresh_from_db()
    assert imp.status == Importbestand.Status.MISLUKT
    assert achterstallig_werk_plaatsen()["imports"] == 0


def test_a_message_that_keeps_killing_its_worker_is_given_up(wereld):
    """Simulates three starts that never finished (the worker died each time): the
    fourth delivery does not run the task, marks the import 'mislukt' and logs it."""
    from django.core.cache import cache

    from regio_portal.core.models import Importbestand
    from regio_portal.core.taken import MAX_AFLEVERINGEN
    from regio_portal.core.tasks import importbestand_verwerken

    imp = Importbestand.objects.create(
        soort="lidmaatschappen",
        bestandsnaam="l.csv",
        geupload_door=wereld.gebruikers["pl_a"],
        status=Importbestand.Status.BEZIG,
    )
    cache.set("taak-begonnen:t-1", MAX_AFLEVERINGEN)
    importbestand_verwerken.push_request(id="t-1", is_eager=False)
    try:
        assert importbestand_verwerken(str(imp.pk)) is None
    finally:
        importbestand_verwerken.pop_request()
    imp.refresh_from_db()
    assert imp.status == Importbestand.Status.MISLUKT
    assert cache.get("taak-begonnen:t-1") is None


def test_a_start_that_ends_clears_its_count(wereld):
    from django.core.cache import cache

    from subsidie.models import Regeling
    from subsidie.tasks import telling_herberekenen

    cache.set("taak-begonnen:t-2", 1)
    telling_herberekenen.push_request(id="t-2", is_eager=False)
    try:
        telling_herberekenen(2025, Regeling.objects.get(code="onderwijsregios-2025").pk)
    finally:
        telling_herberekenen.pop_request()
    assert cache.get("taak-begonnen:t-2") is None


def test_beat_finds_the_periodic_work_each_app_registers_from_ready():
    """Beat in a fresh process: the schedule is filled by the apps' ready() (core names
    no app), and beat reads it after its loader has started Django."""
    import os
    import subprocess
    import sys

    code = (
        "from regio_portal.celery import app\n"
        "app.loader.init_worker()\n"
        "from celery.beat import Scheduler\n"
        "s = Scheduler(app, lazy=True)\n"
        "s.setup_schedule()\n"
        "print(' '.join(sorted(k for k in s.schedule if not k.startswith('celery.'))))\n"
    )
    uit = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "regio_portal.settings.dev", "REDIS_URL": ""},
        timeout=60,
    )
    assert uit.stdout.split() == [
        "achterstallig-werk",
        "api-opruimen",
        "bewaartermijn",
        "bijeenkomsten",
        "hartslag",
        "peer-review-herinneringen",
        "rollen-synchroniseren",
        "wijzigingen-samenvoegen",
    ]
