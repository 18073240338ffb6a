"""`/gezondheid`: the load balancer's health check.

It checks the four things the portal runs on and answers JSON without any detail an
attacker could use (no versions, no hosts, no error texts; those go to the log).

Status code: 503 only when the database is unreachable, because without it this node
can serve nothing. Redis, the Celery workers or beat being down makes the answer `beperkt`
with status 200: pages keep working for reading (work that needs the queue says so on
the page), so taking every web node out of the pool would turn a partial outage into a
full one. Monitoring alerts on `status != "ok"`.

Beat: every BEAT_HARTSLAG_SECONDEN beat sends `hartslag`, which a worker stores in the
cache (Redis). No heartbeat within three intervals plus a minute means that no periodic
work runs (beat crashed, or no worker takes its tasks): "geen hartslag".
"""

from __future__ import annotations

import logging
import time

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from regio_portal.celery import app as celery_app

log = logging.getLogger(__name__)

TIJDSLIMIET = 0.5  # seconds per check; the load balancer's own timeout is a few seconds
HARTSLAG_SLEUTEL = "gezondheid:beat-hartslag"


def hartslag_vastleggen() -> None:
    """What the beat task `hartslag` does on a worker: note the time."""
    cache.set(HARTSLAG_SLEUTEL, time.time(), timeout=None)


def hartslag_grens() -> float:
    return 3 * settings.BEAT_HARTSLAG_SECONDEN + 60


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        log.exception("gezondheid: database onbereikbaar")
        return "fout"
    return "ok"


def _redis() -> str:
    if not settings.REDIS_URL:
        return "niet gebruikt"
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL,
            socket_connect_timeout=TIJDSLIMIET,
            socket_timeout=TIJDSLIMIET,
        )
        try:
            client.ping()
        finally:
            client.close()
    except Exception:
        log.exception("gezondheid: redis onbereikbaar")
        return "fout"
    return "ok"


def _celery(redis_status: str) -> str:
    if celery_app.conf.task_always_eager:
        return "niet gebruikt"  # tasks run in the web process (make run without Redis)
    if redis_status == "fout":
        return "onbekend"  # the broker is down, so no worker can be asked
    try:
        antwoorden = celery_app.control.ping(timeout=TIJDSLIMIET)
    except Exception:
        log.exception("gezondheid: celery niet te bevragen")
        return "fout"
    return "ok" if antwoorden else "geen worker"


def _beat(redis_status: str) -> str:
    if celery_app.conf.task_always_eager:
        return "niet gebruikt"  # no beat without Redis (make run)
    if redis_status == "fout":
        return "onbekend"
    laatste = cache.get(HARTSLAG_SLEUTEL)
    if laatste is None or time.time() - laatste > hartslag_grens():
        return "geen hartslag"
    return "ok"


@never_cache
@require_GET
def gezondheid(request):
    """Public on purpose (the load balancer has no account); see the module docstring."""
    onderdelen = {"database": _database(), "redis": _redis()}
    onderdelen["celery"] = _celery(onderdelen["redis"])
    onderdelen["beat"] = _beat(onderdelen["redis"])
    goed = {"ok", "niet gebruikt"}
    if onderdelen["database"] != "ok":
        status, code = "fout", 503
    elif all(waarde in goed for waarde in onderdelen.values()):
        status, code = "ok", 200
    else:
        status, code = "beperkt", 200
    return JsonResponse({"status": status, "onderdelen": onderdelen}, status=code)
