from celery import shared_task

from regio_portal.core.taken import BETROUWBAAR, TIJDELIJKE_FOUTEN
from regio_portal.core.wachtrij import plaats, plaats_elk
from regio_portal.core.werk import wachtend

# The module, not its names: services imports this module (it queues these tasks),
# so either may be imported first.
from . import services
from .bewaren import bewaartermijn_toepassen
from .models import Regeling, TellingSnapshot, Verantwoording


@shared_task(**BETROUWBAAR)
def telling_herberekenen(schooljaar: int, regeling_id: int) -> str:
    """Recount a school year after uploads (ids only: no personal data in arguments).
    Idempotent: the same input gives the same snapshot (fingerprint)."""
    snapshot = services.telling_bereken(
        schooljaar=schooljaar, regeling=Regeling.objects.get(pk=regeling_id)
    )
    return snapshot.vingerafdruk


def _mislukt(verantwoording_id: int) -> None:
    Verantwoording.objects.filter(pk=verantwoording_id, status=Verantwoording.Status.BEZIG).update(
        status=Verantwoording.Status.MISLUKT
    )


@shared_task(bind=True, bij_opgeven=staticmethod(_mislukt), **BETROUWBAAR)
def verantwoording_maken(self, verantwoording_id: int) -> str:
    """Render a concept report (PDF, Excel). Id only in the arguments. A temporary fault
    is retried; any other failure, or the last retry, marks the version 'mislukt' so the
    page stops waiting and a new version can be requested."""
    verantwoording = Verantwoording.objects.select_related("telling__regeling").get(
        pk=verantwoording_id
    )
    try:
        services.verantwoording_maak(verantwoording=verantwoording)
    except TIJDELIJKE_FOUTEN:
        if self.request.retries < self.max_retries:
            raise
        _mislukt(verantwoording_id)
        raise
    except Exception:
        _mislukt(verantwoording_id)
        raise
    return verantwoording.status


@shared_task(**BETROUWBAAR)
def bewaartermijn() -> dict:
    """Daily (beat): remove placement personal data past the retention term."""
    return bewaartermijn_toepassen().als_dict()


@wachtend("tellingen")
def _tellingen_opnieuw(even, te_lang) -> int:
    """Stale counts whose recount message was lost (or queued while Redis was away)."""
    paren = (
        TellingSnapshot.objects.filter(actueel=True, verouderd=True)
        .values_list("schooljaar", "regeling_id")
        .distinct()
    )
    return sum(
        plaats(telling_herberekenen, schooljaar, regeling_id) for schooljaar, regeling_id in paren
    )


@wachtend("verantwoordingen")
def _verantwoordingen_opnieuw(even, te_lang) -> int:
    return plaats_elk(
        verantwoording_maken,
        Verantwoording.objects.filter(
            status=Verantwoording.Status.BEZIG, aangemaakt__lt=even
        ).values_list("pk", flat=True),
    )
