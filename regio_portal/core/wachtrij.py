"""Putting work on the Celery queue without ever failing a request.

The database is the source of truth for every piece of background work (an import in
status "in de wachtrij", a stale count, a report "wordt gemaakt", a proposal "wordt
berekend"); the queue message is only the nudge to do it now. So:

- `plaats()` never raises: if Redis (the broker) is unreachable it logs, tells the user
  in plain Dutch (a message on the current request, if any) and returns False;
- `achterstallig_werk` (Celery beat, every 5 minutes, and `manage.py achterstallig_werk`)
  puts everything that is still waiting back on the queue; every task is idempotent, so
  a duplicate message does no harm. Work therefore resumes by itself when Redis is back.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .werk import WACHTEND

logger = logging.getLogger(__name__)

_verzoek: contextvars.ContextVar = contextvars.ContextVar("regio_verzoek", default=None)


def melding_wachtrij_weg() -> str:
    return _(
        "De achtergrondverwerking is op dit moment niet bereikbaar. Uw gegevens zijn "
        "opgeslagen; de verwerking start vanzelf zodra de wachtrij weer werkt. U hoeft "
        "niets opnieuw te doen."
    )


class HuidigVerzoekMiddleware:
    """Makes the current request known to plaats(), so that it can tell the user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _verzoek.set(request)
        try:
            return self.get_response(request)
        finally:
            _verzoek.reset(token)


def plaats(taak, *args) -> bool:
    """Queue `taak` with `args` (ids only). False, with a log line and a message to the
    user, when the broker is unreachable."""
    if taak.app.conf.task_always_eager:
        # No broker (make run without Redis, most tests): the task runs here and now, and
        # its own errors are its own, not the queue's.
        taak.apply_async(args=args)
        return True
    try:
        # One quick reconnect (a pooled connection may be stale after a Redis restart),
        # then give up: a request never waits for the broker.
        taak.apply_async(
            args=args,
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.2},
        )
    except (OperationalError, RedisConnectionError, RedisTimeoutError, OSError) as fout:
        logger.warning("wachtrij niet bereikbaar, %s wacht: %s", taak.name, type(fout).__name__)
        verzoek = _verzoek.get()
        if verzoek is not None and not getattr(verzoek, "_wachtrij_gemeld", False):
            messages.warning(verzoek, melding_wachtrij_weg(), fail_silently=True)
            verzoek._wachtrij_gemeld = True  # once per request, however many tasks
        return False
    return True


def plaats_elk(taak, waarden) -> int:
    """plaats(taak, w) for each id in `waarden`; how many went on the queue."""
    return sum(plaats(taak, w) for w in waarden)


def na_commit(taak, *args) -> None:
    """plaats() once the current transaction has committed (the task must see the rows)."""
    transaction.on_commit(lambda: plaats(taak, *args))


def achterstallig_werk_plaatsen() -> dict[str, int]:
    """Queue all waiting work again, as each app registered it (regio_portal/core/werk.py).
    Returns how many of each kind were queued."""
    nu = timezone.now()
    # Never started (queued while Redis was away, or the message was lost): after a
    # minute. Started but not finished: only after the task time limit, when no worker
    # can still be on it (a killed worker's message also comes back by itself after the
    # broker's visibility timeout).
    even = nu - dt.timedelta(minutes=1)
    te_lang = nu - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 300)
    geplaatst = {naam: functie(even, te_lang) for naam, functie in WACHTEND.items()}
    if any(geplaatst.values()):
        logger.info("achterstallig werk opnieuw in de wachtrij: %s", geplaatst)
    return geplaatst
