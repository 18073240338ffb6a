from celery import shared_task


@shared_task(acks_late=True, max_retries=1, time_limit=120)
def voorstel_berekenen(voorstel_id: int) -> str:
    """Run the panel solver for a stored proposal (id only)."""
    from .models import Voorstel
    from .services import voorstel_bereken

    return voorstel_bereken(voorstel=Voorstel.objects.get(pk=voorstel_id)).status


@shared_task(acks_late=True)
def herinneringen() -> int:
    """Daily (beat): reminders and, on Mondays, the coordinators' digest. Idempotent."""
    from .herinneringen import herinneringen_versturen

    return herinneringen_versturen()
