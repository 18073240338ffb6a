from celery import shared_task

from regio_portal.core.taken import BETROUWBAAR
from regio_portal.core.wachtrij import plaats_elk
from regio_portal.core.werk import wachtend

# The modules, not their names: services imports this module (it queues these tasks),
# so either may be imported first.
from . import herinneringen as herinnering
from . import services
from .models import Voorstel


def _mislukt(voorstel_id: int) -> None:
    Voorstel.objects.filter(pk=voorstel_id, status=Voorstel.Status.BEZIG).update(
        status=Voorstel.Status.MISLUKT
    )


@shared_task(**BETROUWBAAR, time_limit=120, bij_opgeven=staticmethod(_mislukt))
def voorstel_berekenen(voorstel_id: int) -> str:
    """Run the panel solver for a stored proposal (id only)."""
    return services.voorstel_bereken(voorstel=Voorstel.objects.get(pk=voorstel_id)).status


@shared_task(**BETROUWBAAR)
def herinneringen() -> int:
    """Daily (beat): reminders and, on Mondays, the coordinators' digest. Idempotent."""
    return herinnering.herinneringen_versturen()


@wachtend("voorstellen")
def _voorstellen_opnieuw(even, te_lang) -> int:
    return plaats_elk(
        voorstel_berekenen,
        Voorstel.objects.filter(status=Voorstel.Status.BEZIG, aangemaakt_op__lt=even).values_list(
            "pk", flat=True
        ),
    )
