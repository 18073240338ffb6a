"""Thin Celery tasks: ids in, services do the work. No personal data in arguments."""

from celery import shared_task


@shared_task(acks_late=True, max_retries=3, default_retry_delay=10)
def importbestand_verwerken(importbestand_id: str) -> str:
    from .importbestanden import importbestand_verwerk
    from .models import Importbestand

    importbestand = Importbestand.objects.get(pk=importbestand_id)
    return importbestand_verwerk(importbestand=importbestand).status
