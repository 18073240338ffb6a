from celery import shared_task

from regio_portal.core.taken import BETROUWBAAR

from . import services


@shared_task(**BETROUWBAAR)
def opruimen() -> dict:
    """Daily (beat): old idempotency records and records of use (koppelingen/services)."""
    return services.api_opruimen()
