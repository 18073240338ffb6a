"""`/gezondheid`: the load balancer's health check.

It checks the three things the portal runs on and answers JSON without any detail an
attacker could use (no versions, no hosts, no error texts; those go to the log).

Status code: 503 only when the database is unreachable, because without it this node
can serve nothing. Redis or the Celery workers being down makes the answer `beperkt`
with status 200: pages keep working for reading (work that needs the queue says so on
the page), so taking every web node out of the pool would turn a partial outage into a
full one. Monitoring alerts on `status != "ok"`.
"""

from __future__ import annotations

import logging

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from regio_portal.celery import app as celery_app

log = logging.getLogger(__name__)

TIJDSLIMIET = 0.5  # seconds per check; the load balancer's own timeout is a few seconds


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


@never_cache
@require_GET
def gezondheid(request):
    """Public on purpose (the load balancer has no account); see the module docstring."""
    onderdelen = {"database": _database(), "redis": _redis()}
    onderdelen["celery"] = _celery(onderdelen["redis"])
    goed = {"ok", "niet gebruikt"}
    if onderdelen["database"] != "ok":
        status, code = "fout", 503
    elif all(waarde in goed for waarde in onderdelen.values()):
        status, code = "ok", 200
    else:
        status, code = "beperkt", 200
    return JsonResponse({"status": status, "onderdelen": onderdelen}, status=code)
