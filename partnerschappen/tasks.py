from celery import shared_task

from regio_portal.core.taken import BETROUWBAAR


@shared_task(**BETROUWBAAR)
def rollen_synchroniseren() -> int:
    """Periodic (beat): permissions follow the roles' validity dates."""
    from .services import rollen_synchroniseer_allen

    return rollen_synchroniseer_allen()
