"""Thin Celery tasks: ids in, services do the work. No personal data in arguments."""

from celery import shared_task

from .taken import BETROUWBAAR


@shared_task(**BETROUWBAAR)
def importbestand_verwerken(importbestand_id: str) -> str:
    from .importbestanden import importbestand_verwerk
    from .models import Importbestand

    importbestand = Importbestand.objects.get(pk=importbestand_id)
    return importbestand_verwerk(importbestand=importbestand).status


@shared_task(**BETROUWBAAR)
def achterstallig_werk() -> dict:
    """Periodic (beat, every 5 minutes): queue again whatever still waits, e.g. after
    Redis was away. Idempotent."""
    from .wachtrij import achterstallig_werk_plaatsen

    return achterstallig_werk_plaatsen()
