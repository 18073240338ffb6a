"""Thin Celery tasks: ids in, services do the work. No personal data in arguments."""

from celery import shared_task
from django.db.models import Q

# The module, not its names: importbestanden imports this module (it queues these tasks),
# so either may be imported first.
from . import gezondheid, importbestanden, paginacache
from .models import Importbestand
from .taken import BETROUWBAAR, TIJDELIJKE_FOUTEN
from .wachtrij import achterstallig_werk_plaatsen, plaats
from .werk import wachtend


def _mislukt(importbestand_id: str) -> None:
    Importbestand.objects.filter(
        pk=importbestand_id,
        status__in=[Importbestand.Status.WACHTRIJ, Importbestand.Status.BEZIG],
    ).update(status=Importbestand.Status.MISLUKT)


@shared_task(bind=True, bij_opgeven=staticmethod(_mislukt), **BETROUWBAAR)
def importbestand_verwerken(self, importbestand_id: str) -> str:
    """A temporary fault is retried; any other failure (or the last retry) marks the
    import 'mislukt', so it is not picked up again and again by achterstallig_werk. The
    import itself rolled back, so nothing of it was written."""
    importbestand = Importbestand.objects.get(pk=importbestand_id)
    try:
        return importbestanden.importbestand_verwerk(importbestand=importbestand).status
    except TIJDELIJKE_FOUTEN:
        if self.request.retries < self.max_retries:
            raise
        _mislukt(importbestand_id)
        raise
    except Exception:
        _mislukt(importbestand_id)
        raise


@shared_task(**BETROUWBAAR)
def achterstallig_werk() -> dict:
    """Periodic (beat, every 5 minutes): queue again whatever still waits, e.g. after
    Redis was away. Idempotent."""
    return achterstallig_werk_plaatsen()


@shared_task(**BETROUWBAAR)
def hartslag() -> None:
    """Periodic (beat, every BEAT_HARTSLAG_SECONDEN): shows /gezondheid that beat fires
    and a worker takes its tasks."""
    gezondheid.hartslag_vastleggen()


@wachtend("imports")
def _imports_opnieuw(even, te_lang) -> int:
    wachtend_ = Importbestand.objects.filter(
        Q(status=Importbestand.Status.WACHTRIJ, bijgewerkt__lt=even)
        | Q(status=Importbestand.Status.BEZIG, bijgewerkt__lt=te_lang)
    )
    return sum(
        plaats(importbestand_verwerken, str(pk)) for pk in wachtend_.values_list("pk", flat=True)
    )


@shared_task(**BETROUWBAAR)
def wijzigingen_samenvoegen() -> int:
    """Periodic (beat, every 10 minutes): keep the page cache's write log short
    (regio_portal/core/paginacache.py); versions do not change."""
    return paginacache.wijzigingen_samenvoegen()
