from celery import shared_task

from regio_portal.core.taken import BETROUWBAAR

# The module, not its names: services imports this module (it queues these tasks),
# so either may be imported first.
from . import services


@shared_task(**BETROUWBAAR)
def rollen_synchroniseren() -> int:
    """Periodic (beat): permissions follow the roles' validity dates."""
    return services.rollen_synchroniseer_allen()
