"""Shared Celery task options: what "nothing lost under faults" means for every task.

- acks_late + reject_on_worker_lost: a message is acknowledged only when the task has
  finished; if the worker dies halfway (killed, out of memory, node gone) the message is
  delivered again (Redis: after the visibility timeout, 2 h, above the 30-minute time
  limit, so a task that is still running is never handed to a second worker).
- autoretry on temporary faults (database or broker connection), at most 5 times with
  exponential backoff (10 s, 20 s, 40 s … capped at 10 minutes, with jitter).
- every task is idempotent and transactional (see each service), so a second run
  after a crash, a retry or a duplicate message from achterstallig_werk changes nothing.
- a message whose task keeps killing its worker (out of memory, a crash in a library)
  would come back for ever: BetrouwbareTaak counts the starts that never finished and,
  after MAX_AFLEVERINGEN, gives up (logged, and the task's `bij_opgeven` marks the work
  'mislukt' so that achterstallig_werk leaves it alone).
"""

import logging

from celery import Task
from django.core.cache import cache
from django.db import InterfaceError, OperationalError

logger = logging.getLogger(__name__)

TIJDELIJKE_FOUTEN = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
MAX_AFLEVERINGEN = 3
AFLEVERING_TTL = 7 * 24 * 60 * 60


class BetrouwbareTaak(Task):
    # Called with the task's arguments when it is given up; a staticmethod per task.
    bij_opgeven = None

    def __call__(self, *args, **kwargs):
        taak_id = self.request.id
        if not taak_id or self.request.is_eager:
            return super().__call__(*args, **kwargs)
        sleutel = f"taak-begonnen:{taak_id}"
        cache.add(sleutel, 0, timeout=AFLEVERING_TTL)
        try:
            keer = cache.incr(sleutel)
        except ValueError:  # the key expired in between
            keer = 1
        if keer > MAX_AFLEVERINGEN:
            logger.error(
                "taak %s[%s] %d keer begonnen zonder af te komen: opgegeven",
                self.name,
                taak_id,
                keer - 1,
            )
            cache.delete(sleutel)
            if self.bij_opgeven is not None:
                self.bij_opgeven(*args, **kwargs)
            return None
        try:
            return super().__call__(*args, **kwargs)
        finally:
            # Finished, failed or handed to a retry: this start came to an end.
            cache.delete(sleutel)


BETROUWBAAR = {
    "base": BetrouwbareTaak,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TIJDELIJKE_FOUTEN,
    "retry_backoff": 10,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
}
