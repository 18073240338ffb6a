from celery import shared_task


@shared_task(acks_late=True, max_retries=3, default_retry_delay=30)
def telling_herberekenen(schooljaar: int, regeling_id: int) -> str:
    """Recount a school year after uploads (ids only: no personal data in arguments)."""
    from .models import Regeling
    from .services import telling_bereken

    snapshot = telling_bereken(schooljaar=schooljaar, regeling=Regeling.objects.get(pk=regeling_id))
    return snapshot.vingerafdruk


@shared_task(acks_late=True, max_retries=3, default_retry_delay=30)
def verantwoording_maken(verantwoording_id: int) -> str:
    """Render a concept report (PDF, Excel). Id only in the arguments."""
    from .models import Verantwoording
    from .services import verantwoording_maak

    verantwoording = Verantwoording.objects.select_related("telling__regeling").get(
        pk=verantwoording_id
    )
    try:
        verantwoording_maak(verantwoording=verantwoording)
    except Exception:
        Verantwoording.objects.filter(pk=verantwoording_id).update(
            status=Verantwoording.Status.MISLUKT
        )
        raise
    return verantwoording.status
