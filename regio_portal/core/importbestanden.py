"""Services for the web import flow: upload and check (preview), then confirm."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

# The module, not its names: the tasks module imports this one too.
from . import tasks, wachtrij
from .importeren import IMPORT_SOORTEN, importeer
from .models import Importbestand


def importbestand_controleer(*, soort: str, inhoud: bytes, bestandsnaam: str, door, opties=None):
    """Dry-run the upload; the result is the preview. Only a file that passed the check
    is stored (privately, until it is imported or the retention period ends): a refused
    file is not kept, since it may hold student data and can never be imported; its row
    keeps the errors (row, column, message), so the page can show them.

    Side effects: an Importbestand row, and its file when the check passed. Nothing of
    the data is written.
    """
    if not IMPORT_SOORTEN[soort].mag_importeren(door):
        raise PermissionError(soort)
    importbestand = Importbestand(
        soort=soort,
        bestandsnaam=bestandsnaam[:255],
        geupload_door=door,
        opties=opties or {},
        status=Importbestand.Status.GECONTROLEERD,
    )
    resultaat = importeer(soort=soort, inhoud=inhoud, door=door, dry_run=True, opties=opties)
    importbestand.samenvatting = resultaat.als_dict()
    importbestand.fouten = resultaat.fouten
    importbestand.effect = (resultaat.effect or {}) if not resultaat.fouten else {}
    if resultaat.fouten:
        importbestand.status = Importbestand.Status.FOUTEN
    else:
        importbestand.bestand.save("upload.bin", ContentFile(inhoud), save=False)
    importbestand.save()
    return importbestand


def importbestand_bevestig(*, importbestand: Importbestand) -> bool:
    """The user confirms a checked import: it goes on the queue. Returns False when the
    queue is unreachable (the import then waits in status 'wachtrij' and
    achterstallig_werk queues it again). Side effects: status; a Celery task (id only)."""
    with transaction.atomic():
        gewijzigd = Importbestand.objects.filter(
            pk=importbestand.pk, status=Importbestand.Status.GECONTROLEERD
        ).update(status=Importbestand.Status.WACHTRIJ, bijgewerkt=timezone.now())
    if not gewijzigd:
        return True
    return wachtrij.plaats(tasks.importbestand_verwerken, str(importbestand.pk))


def importbestand_verwerk(*, importbestand: Importbestand) -> Importbestand:
    """Run a confirmed import for real, all or nothing: the data and the import's status
    commit together, so a worker killed halfway leaves the import as it was before and
    the redelivered task does it again from the start. Safe to run twice: a finished
    import is left alone, and the import itself is an upsert.

    Side effects: the kind's objects (audited, actor = uploader); status and summary on
    the Importbestand; the stored file is removed once imported.
    """
    with transaction.atomic():
        importbestand = Importbestand.objects.select_for_update().get(pk=importbestand.pk)
        if importbestand.status in (Importbestand.Status.KLAAR, Importbestand.Status.FOUTEN):
            return importbestand
        importbestand.status = Importbestand.Status.BEZIG
        importbestand.save(update_fields=["status", "bijgewerkt"])
    with transaction.atomic(), importbestand.bestand.open("rb") as inhoud:
        # The row lock keeps a second delivery of the same task waiting until this one
        # has committed; it then sees 'klaar' and does nothing.
        importbestand = Importbestand.objects.select_for_update().get(pk=importbestand.pk)
        if importbestand.status in (Importbestand.Status.KLAAR, Importbestand.Status.FOUTEN):
            return importbestand
        resultaat = importeer(
            soort=importbestand.soort,
            inhoud=inhoud,
            door=importbestand.geupload_door,
            dry_run=False,
            opties=importbestand.opties,
        )
        importbestand.samenvatting = resultaat.als_dict()
        importbestand.fouten = resultaat.fouten
        importbestand.status = (
            Importbestand.Status.FOUTEN if resultaat.fouten else Importbestand.Status.KLAAR
        )
        importbestand.save()
    # Imported, or refused on the real run: the file has done its work either way.
    importbestand.bestand.delete(save=True)
    return importbestand
