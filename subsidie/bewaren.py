"""Retention (AVG art. 5(1)(e), storage limitation): personal data of placements is
removed once it is no longer needed; adopted reports stay.

A placement is kept for `BEWAARTERMIJN_SCHOOLJAREN` (default 7, the fiscal retention
term) full school years after its school year ended; then the placements of that school
year and the per-person count decisions are deleted. What stays: the count snapshots
(aggregates per partnership and region, no persons) and every adopted report (PDF and
Excel, frozen, with their checksums). Concept versions of those years go (they can no
longer be remade). Uploaded import files that were never imported (preview only, or
refused for errors) are deleted after `IMPORTBESTAND_BEWAARDAGEN` days, and the access
log of student data after `INZAGELOG_BEWAARDAGEN` days (default two years).

See docs/privacy.md (verwerkingsregister) for the whole picture.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from partnerschappen.models import Partnerschap
from regio_portal.core.models import Importbestand, Inzage
from regio_portal.core.schooljaar import schooljaar_van
from regio_portal.core.services import samenvatting_vastleggen

from .models import Plaatsing, TellingBesluit, TellingSnapshot, TellingWijziging, Verantwoording

logger = logging.getLogger(__name__)


@dataclass
class Opgeruimd:
    tot_en_met_schooljaar: int
    plaatsingen: int = 0
    besluiten: int = 0
    conceptrapporten: int = 0
    importbestanden: int = 0
    inzagelog: int = 0

    def als_dict(self) -> dict:
        return asdict(self)


def laatste_te_verwijderen_schooljaar(peildatum: dt.date) -> int:
    """School year S ends in summer S+1; it is kept for N full school years after that."""
    return schooljaar_van(peildatum) - 1 - settings.BEWAARTERMIJN_SCHOOLJAREN


def bewaartermijn_toepassen(*, peildatum: dt.date | None = None, dry_run=False) -> Opgeruimd:
    """Delete what is past its retention term. Idempotent. With dry_run, count only.
    Side effects: placements, decisions, concept reports (and their files) and stale
    import files deleted; an audit line per partnership and one log line with the
    numbers (never any content)."""
    peildatum = peildatum or timezone.localdate()
    grens = laatste_te_verwijderen_schooljaar(peildatum)
    uitkomst = Opgeruimd(tot_en_met_schooljaar=grens)
    plaatsingen = Plaatsing.objects.filter(schooljaar__lte=grens)
    besluiten = TellingBesluit.objects.filter(telling__schooljaar__lte=grens)
    concepten = Verantwoording.objects.filter(schooljaar__lte=grens).exclude(
        status__in=[Verantwoording.Status.VASTGESTELD, Verantwoording.Status.VERVANGEN]
    )
    import_grens = timezone.now() - dt.timedelta(days=settings.IMPORTBESTAND_BEWAARDAGEN)
    importbestanden = Importbestand.objects.filter(aangemaakt__lt=import_grens).exclude(bestand="")
    inzage = Inzage.objects.filter(
        tijdstip__lt=timezone.now() - dt.timedelta(days=settings.INZAGELOG_BEWAARDAGEN)
    )
    if dry_run:
        uitkomst.inzagelog = inzage.count()
        uitkomst.plaatsingen = plaatsingen.count()
        uitkomst.besluiten = besluiten.count()
        uitkomst.conceptrapporten = concepten.count()
        uitkomst.importbestanden = importbestanden.count()
        return uitkomst

    per_partnerschap = dict(
        plaatsingen.order_by()
        .values_list("partnerschap")
        .annotate(n=Count("pk"))
        .values_list("partnerschap", "n")
    )
    bestanden = []
    with transaction.atomic():
        # Plain DELETEs: nothing else refers to placements (decisions carry no database
        # constraint), and a Django delete() would load 100,000s of rows.
        notities = TellingWijziging.objects.filter(telling__schooljaar__lte=grens)
        notities._raw_delete(notities.db)
        uitkomst.plaatsingen = plaatsingen._raw_delete(plaatsingen.db)
        # The raw delete passes auditlog by, so one summary line per partnership, like
        # the placements import writes (numbers only, no personal data).
        for partnerschap in Partnerschap.objects.filter(pk__in=per_partnerschap):
            samenvatting_vastleggen(
                partnerschap,
                veld="plaatsingen",
                tekst=f"bewaartermijn: {per_partnerschap[partnerschap.pk]} verwijderd "
                f"(schooljaren t/m {grens}-{grens + 1})",
            )
        for v in concepten.select_for_update():
            bestanden += [v.pdf, v.xlsx]
            uitkomst.conceptrapporten += 1
        concepten.delete()
        for imp in importbestanden.select_for_update():
            bestanden.append(imp.bestand)
            uitkomst.importbestanden += 1
        importbestanden.update(bestand="")
        uitkomst.inzagelog = inzage.delete()[0]
        # The decisions last: on PostgreSQL their partitions are dropped, which locks the
        # decisions' table until this transaction commits (services.besluiten_verwijderen).
        # services imports tasks, which imports this module: imported here.
        from .services import besluiten_verwijderen  # noqa: PLC0415

        uitkomst.besluiten = besluiten_verwijderen(
            TellingSnapshot.objects.filter(schooljaar__lte=grens).values_list("pk", flat=True)
        )
    # Files only after the rows are gone for good.
    for bestand in bestanden:
        if bestand:
            bestand.storage.delete(bestand.name)
    logger.info("bewaartermijn toegepast: %s", uitkomst.als_dict())
    return uitkomst
