from celery import shared_task

from regio_portal.core.taken import BETROUWBAAR

from . import services


@shared_task(**BETROUWBAAR)
def bijeenkomsten_dagelijks() -> dict:
    """Daily (beat): reminders two days ahead, then the retention of registrations."""
    return {
        "herinneringen": services.herinneringen_versturen(),
        "opgeschoond": services.aanmeldingen_opschonen(),
    }
