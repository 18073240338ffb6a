"""Shared Celery task options: what "nothing lost under faults" means for every task.

- acks_late + reject_on_worker_lost: a message is acknowledged only when the task has
  finished; if the worker dies halfway (killed, out of memory, node gone) the message is
  delivered again (Redis: after the visibility timeout, 2 h, above the 30-minute time
  limit, so a task that is still running is never handed to a second worker).
- autoretry on temporary faults (database or broker connection), at most 5 times with
  exponential backoff (10 s, 20 s, 40 s … capped at 10 minutes, with jitter).
- every task is idempotent and transactional (see each service), so a second run
  after a crash, a retry or a duplicate message from achterstallig_werk changes nothing.
"""

from django.db import InterfaceError, OperationalError

TIJDELIJKE_FOUTEN = (OperationalError, InterfaceError, ConnectionError, TimeoutError)

BETROUWBAAR = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TIJDELIJKE_FOUTEN,
    "retry_backoff": 10,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
}
