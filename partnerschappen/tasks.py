from celery import shared_task


@shared_task
def rollen_synchroniseren() -> int:
    """Periodic (beat): permissions follow the roles' validity dates."""
    from .services import rollen_synchroniseer_allen

    return rollen_synchroniseer_allen()
