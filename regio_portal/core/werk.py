"""Registries of background work that the apps fill from their AppConfig.ready(), so
that core runs the work without naming any app:

- `periodiek(naam, taak=..., schema=...)`: a Celery beat entry. The settings hand this
  registry to Celery as CELERY_BEAT_SCHEDULE (the same dict object); beat reads it after
  Django has started, when every app's ready() has run.
- `@wachtend("tellingen")`: a function `(even, te_lang) -> int` that puts the app's
  waiting work back on the queue and says how much (regio_portal/core/wachtrij.py,
  `achterstallig_werk`). `even`: never-started work older than this waited long enough;
  `te_lang`: started work older than this can no longer be running.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

PERIODIEK: dict[str, dict] = {}
WACHTEND: dict[str, Callable[[dt.datetime, dt.datetime], int]] = {}


def periodiek(naam: str, *, taak: str, schema) -> None:
    PERIODIEK[naam] = {"task": taak, "schedule": schema}


def wachtend(naam: str):
    def registreer(functie: Callable[[dt.datetime, dt.datetime], int]):
        WACHTEND[naam] = functie
        return functie

    return registreer
