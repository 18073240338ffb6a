"""Faults, with real servers: Redis stopped and started again, a Celery worker killed
halfway through an import. Nothing is lost and nothing fails with a 500."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from partnerschappen.models import Lidmaatschap
from regio_portal.celery import app
from regio_portal.core.models import Importbestand
from regio_portal.core.wachtrij import achterstallig_werk_plaatsen, melding_wachtrij_weg
from regio_portal.settings import base
from tests.conftest import database_url, vrije_poort

ROOT = Path(__file__).resolve().parents[2]
LEDEN = b"partnerschap,soort,code,startdatum\nP-A,vestiging,02BB00,2025-08-01\n"


class EigenRedis:
    """A redis-server of this test alone, so stopping it does not disturb other tests."""

    def __init__(self, poort: int):
        self.poort = poort
        self.url = f"redis://127.0.0.1:{poort}/0"
        self.proces = None

    def start(self):
        self.proces = subprocess.Popen(
            ["redis-server", "--port", str(self.poort), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
        )
        import redis

        for _ in range(100):
            try:
                redis.Redis.from_url(self.url).ping()
                return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server start niet")

    def stop(self):
        self.proces.terminate()
        self.proces.wait(timeout=10)


def _celery_naar(url: str) -> None:
    """Point the Celery app at another broker and drop its pooled connections."""
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def eigen_redis(niet_eager):
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server ontbreekt (scripts/test.sh installeert het)")
    server = EigenRedis(vrije_poort())
    server.start()
    oud = app.conf.broker_url
    caches = {
        "default": {
            "BACKEND": "regio_portal.core.cache.VerdraagzameRedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    _celery_naar(server.url)
    with override_settings(CACHES=caches, REDIS_URL=server.url):
        yield server
    _celery_naar(oud)
    if server.proces.poll() is None:
        server.stop()


def _wacht_tot(voorwaarde, seconden=30):
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if voorwaarde():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db(transaction=True)
def test_redis_down_pages_read_logins_work_queue_work_waits_and_resumes(wereld, eigen_redis):
    client = Client()
    client.force_login(wereld.gebruikers["pl_a"])
    eigen_redis.stop()

    # Reading keeps working.
    for url in (
        reverse("start"),
        reverse("partnerschappen:detail", kwargs={"code": "P-A"}),
        reverse("subsidie:plaatsingen", kwargs={"code": "P-A"}) + "?schooljaar=2025-2026",
        reverse("dashboard:regio", kwargs={"code": "R-A"}),
    ):
        rol = "km_regio" if "dashboard" in url else "pl_a"
        c = Client()
        c.force_login(wereld.gebruikers[rol])
        assert c.get(url).status_code == 200, url
    gezondheid = Client().get("/gezondheid").json()
    assert (gezondheid["status"], gezondheid["onderdelen"]["redis"]) == ("beperkt", "fout")

    # Logging in keeps working (the rate-limit counters are unavailable, not fatal).
    with override_settings(ACCOUNT_RATE_LIMITS=base.ACCOUNT_RATE_LIMITS):
        inlog = Client().post(
            reverse("account_login"),
            {"login": "pl.b@test.example", "password": "Test-wachtwoord-123"},
        )
    assert (inlog.status_code, inlog["Location"]) == (302, "/")

    # Work that needs the queue says so, and waits; nothing is lost.
    client.post(
        reverse("core:import_start"),
        {"soort": "lidmaatschappen", "bestand": SimpleUploadedFile("leden.csv", LEDEN)},
    )
    importbestand = Importbestand.objects.get()
    antwoord = client.post(reverse("core:import_bevestig", kwargs={"pk": importbestand.pk}))
    assert antwoord.status_code == 302
    pagina = client.get(antwoord["Location"])
    assert [str(m) for m in pagina.context["messages"]] == [melding_wachtrij_weg()]
    assert "wacht op verwerking" in pagina.content.decode()
    importbestand.refresh_from_db()
    assert importbestand.status == Importbestand.Status.WACHTRIJ
    assert Lidmaatschap.objects.filter(vestiging=wereld.vestiging_b).count() == 1  # B's own

    # Redis is back: the periodic sweep queues the waiting import, a worker does it.
    eigen_redis.start()
    _celery_naar(eigen_redis.url)
    Importbestand.objects.filter(pk=importbestand.pk).update(
        bijgewerkt=timezone.now() - dt.timedelta(minutes=2)
    )
    assert achterstallig_werk_plaatsen() == {
        "imports": 1,
        "tellingen": 0,
        "verantwoordingen": 0,
        "voorstellen": 0,
    }
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert _wacht_tot(lambda: Importbestand.objects.get(pk=importbestand.pk).status == "klaar")
    assert Lidmaatschap.objects.filter(vestiging=wereld.vestiging_b).count() == 2
    assert Client().get("/gezondheid").json()["onderdelen"]["redis"] == "ok"


def _worker(redis_url: str, media_root: str) -> subprocess.Popen:
    omgeving = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "TEST_MEDIA_ROOT": media_root,
        "CELERY_EAGER": "0",
        "DJANGO_SETTINGS_MODULE": "regio_portal.settings.test",
        # Short, so that the message of the killed worker comes back within the test.
        "CELERY_VISIBILITY_TIMEOUT": "3",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "regio_portal",
            "worker",
            "--pool",
            "solo",
            "--concurrency",
            "1",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "WARNING",
        ],
        cwd=ROOT,
        env=omgeving,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _plaatsingen_csv(aantal: int) -> bytes:
    rijen = [
        "schooljaar,partnerschap,vestiging,instituut,studentnummer,persoonsnummer,naam,"
        "opleidingstype,startdatum,einddatum"
    ]
    rijen += [
        f"2025-2026,P-A,01AA00,21PB,{500000 + i},,Student {i},pabo,2025-09-01,2026-06-30"
        for i in range(aantal)
    ]
    return ("\n".join(rijen) + "\n").encode()


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_import_leaves_nothing_half_and_the_task_completes(
    wereld, eigen_redis, settings
):
    from subsidie.models import Plaatsing

    importbestand = Importbestand.objects.create(
        soort="plaatsingen",
        bestandsnaam="plaatsingen.csv",
        geupload_door=wereld.gebruikers["pl_a"],
        status=Importbestand.Status.GECONTROLEERD,
    )
    importbestand.bestand.save("upload.bin", SimpleUploadedFile("p.csv", _plaatsingen_csv(30000)))
    voor = Plaatsing.objects.count()

    from regio_portal.core.importbestanden import importbestand_bevestig

    eerste = _worker(eigen_redis.url, str(settings.MEDIA_ROOT))
    try:
        assert importbestand_bevestig(importbestand=importbestand) is True
        assert _wacht_tot(
            lambda: Importbestand.objects.get(pk=importbestand.pk).status == "bezig", 60
        ), eerste.stderr.read1().decode() if eerste.poll() is not None else "geen bezig"
        time.sleep(0.5)  # well inside the import of 30,000 rows (about 5 s)
        os.killpg(eerste.pid, signal.SIGKILL)
        eerste.wait(timeout=10)
    finally:
        if eerste.poll() is None:
            os.killpg(eerste.pid, signal.SIGKILL)
    # Killed halfway: the import's transaction never committed.
    importbestand.refresh_from_db()
    assert importbestand.status == Importbestand.Status.BEZIG
    assert Plaatsing.objects.count() == voor

    # A new worker gets the unacknowledged message back (after the visibility timeout)
    # and completes the import, exactly once.
    time.sleep(3.5)
    tweede = _worker(eigen_redis.url, str(settings.MEDIA_ROOT))
    try:
        assert _wacht_tot(
            lambda: Importbestand.objects.get(pk=importbestand.pk).status == "klaar", 90
        )
    finally:
        os.killpg(tweede.pid, signal.SIGTERM)
        tweede.wait(timeout=20)
    assert Plaatsing.objects.count() == voor + 30000
    importbestand.refresh_from_db()
    assert importbestand.samenvatting["aangemaakt"] == 30000
