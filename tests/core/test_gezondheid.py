"""`/gezondheid` against the real PostgreSQL and Redis of `make test`, and a real worker."""

from __future__ import annotations

from unittest import mock

import pytest
from celery.contrib.testing.worker import start_worker
from django.db.utils import OperationalError
from django.test import override_settings

from regio_portal.celery import app

pytestmark = pytest.mark.django_db


def test_all_well_with_eager_tasks(client, django_assert_num_queries):
    # The load balancer asks every few seconds: one query, no session, no user lookup.
    with django_assert_num_queries(1):
        antwoord = client.get("/gezondheid")
    assert antwoord.status_code == 200
    assert antwoord.json() == {
        "status": "ok",
        "onderdelen": {"database": "ok", "redis": "ok", "celery": "niet gebruikt"},
    }
    assert "no-store" in antwoord["Cache-Control"]


def test_redis_unreachable_is_limited_not_down(client, niet_eager):
    # Port 1 on loopback: nothing listens, the connection is refused at once.
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        antwoord = client.get("/gezondheid")
    assert antwoord.status_code == 200
    assert antwoord.json() == {
        "status": "beperkt",
        "onderdelen": {"database": "ok", "redis": "fout", "celery": "onbekend"},
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
        "onderdelen": {"database": "fout", "redis": "ok", "celery": "niet gebruikt"},
    }
    assert b"10.0.0.5" not in antwoord.content


def test_no_worker_listening_is_limited(client, niet_eager):
    antwoord = client.get("/gezondheid")
    assert antwoord.status_code == 200
    assert antwoord.json() == {
        "status": "beperkt",
        "onderdelen": {"database": "ok", "redis": "ok", "celery": "geen worker"},
    }


@pytest.mark.django_db(transaction=True)
def test_real_worker_answers_the_ping(client, niet_eager):
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        antwoord = client.get("/gezondheid")
    assert antwoord.status_code == 200
    assert antwoord.json() == {
        "status": "ok",
        "onderdelen": {"database": "ok", "redis": "ok", "celery": "ok"},
    }


def test_post_is_not_allowed(client):
    assert client.post("/gezondheid").status_code == 405
