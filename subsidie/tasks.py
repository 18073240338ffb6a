from celery import shared_task


@shared_task(acks_late=True, max_retries=3, default_retry_delay=30)
def telling_herberekenen(schooljaar: int, regeling_id: int) -> str:
    """Recount a school year after uploads (ids only: no personal data in arguments)."""
    from .models import Regeling
    from .services import telling_bereken

    snapshot = telling_bereken(schooljaar=schooljaar, regeling=Regeling.objects.get(pk=regeling_id))
    return snapshot.vingerafdruk
