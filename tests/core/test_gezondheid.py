"""`/gezondheid` against the real PostgreSQL and Redis of `make test`, and a real worker."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.db.utils import OperationalError
from django.test import override_settings

from regio_portal.celery import app
from regio_portal.core import gezondheid, tasks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _geen_hartslag():
    """Each test starts as if beat never ran (the cache outlives a test)."""
    cache.delete(gezondheid.HARTSLAG_SLEUTEL)
    yield
    cache.delete(gezondheid.HARTSLAG_SLEUTEL)


def test_all_well_with_eager_tasks(client, django_assert_num_queries):
    # The load balancer asks every few seconds: one query, no session, no user lookup.
    with django_assert_num_queries(1):
        antwoord = client.get("/gezondheid")
    assert antwoord.status_code == 200
    assert antwoord.json() == {
        "status": "ok",
        "onderdelen": {
            "database": "ok",
            "redis": "ok",
            "celery": "niet gebruikt",
            "beat": "niet gebruikt",
        },
    }
    assert "no-store" in antwoord["Cache-Control"]


def test_redis_unreachable_is_limited_not_down(client, niet_eager):
    # Port 1 on loopback: nothing listens, the connection is refused at once.
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        antwoord = client.get("/gezondheid")
    assert antwoord.status_code == 200
    assert antwoord.json() == {
        "status": "beperkt",
        "onderdelen": {"database": "ok", "redis": "fout", "celery": "onbekend", "beat": "onbekend"},
    }


def test_database_unreachable_answers_503_without_details(client):
    with mock.patch(
        "regio_portal.core.gezondheid.connection.cursor",
        side_effect=OperationalError("connection to server at 10.0.0.5 failed"),
    ):
        antwoord = client.get("/gezondheid")
    assert antwoord.status_code == 503
    assert antwoord.json() == {
        "status": "fout",
        "onderdelen": {
            "database": "fout",
            "redis": "ok",
            "celery": "niet gebruikt",
            "beat": "niet gebruikt",
        },
    }
    assert b"10.0.0.5" not in antwoord.content


def test_no_worker_listening_is_limited(client, niet_eager):
    antwoord = client.get("/gezondheid")
    assert antwoord.status_code == 200
    assert antwoord.json() == {
        "status": "beperkt",
        "onderdelen": {
            "database": "ok",
            "redis": "ok",
            "celery": "geen worker",
            "beat": "geen hartslag",
        },
    }


@pytest.mark.django_db(transaction=True)
def test_real_worker_answers_the_ping_and_stores_beats_heartbeat(client, niet_eager, monkeypatch):
    # The worker thread has its own cache connection with the process's key prefix (each
    # test's own suffix is set on this thread's connection only): read what it writes.
    monkeypatch.setattr(
        caches["default"], "key_prefix", django_settings.CACHES["default"]["KEY_PREFIX"]
    )
    cache.delete(gezondheid.HARTSLAG_SLEUTEL)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        voor = client.get("/gezondheid").json()
        # What beat sends every BEAT_HARTSLAG_SECONDEN, through the broker to the worker.
        tasks.hartslag.delay()
        for _ in range(100):
            if cache.get(gezondheid.HARTSLAG_SLEUTEL) is not None:
                break
            time.sleep(0.1)
        antwoord = client.get("/gezondheid")
    assert voor["onderdelen"]["beat"] == "geen hartslag"
    assert antwoord.status_code == 200
    assert antwoord.json() == {
        "status": "ok",
        "onderdelen": {"database": "ok", "redis": "ok", "celery": "ok", "beat": "ok"},
    }


def test_a_heartbeat_older_than_three_intervals_and_a_minute_is_none(client, niet_eager, settings):
    settings.BEAT_HARTSLAG_SECONDEN = 10
    assert gezondheid.hartslag_grens() == 90
    cache.set(gezondheid.HARTSLAG_SLEUTEL, time.time() - 80, timeout=None)
    assert client.get("/gezondheid").json()["onderdelen"]["beat"] == "ok"
    cache.set(gezondheid.HARTSLAG_SLEUTEL, time.time() - 100, timeout=None)
    assert client.get("/gezondheid").json() == {
        "status": "beperkt",
        "onderdelen": {
            "database": "ok",
            "redis": "ok",
            "celery": "geen worker",
            "beat": "geen hartslag",
        },
    }


def test_post_is_not_allowed(client):
    assert client.post("/gezondheid").status_code == 405
