"""E-mail reminders (Celery beat, daily): kritische reflectie due (per cycle, default 28
days before the visit), verslag due (per cycle, default 28 days after), and a weekly
digest of overdue reviews for coordinators. Idempotent through Herinnering.sleutel;
logged without personal data."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import DateField, ExpressionWrapper, F, Value
from django.utils import timezone

from partnerschappen.models import Rol

from .models import Cyclus, Herinnering, Review

logger = logging.getLogger(__name__)


def _actieve_rollen(vandaag):
    return Rol.objects.actief_op(vandaag)


def _stuur(*, sleutel: str, soort: str, gebruiker, onderwerp: str, tekst: str, review=None) -> bool:
    """Send once per key. Returns whether it was sent now."""
    try:
        with transaction.atomic():
            Herinnering.objects.create(
                sleutel=sleutel, soort=soort, gebruiker=gebruiker, review=review
            )
            send_mail(onderwerp, tekst, settings.DEFAULT_FROM_EMAIL, [gebruiker.email])
    except IntegrityError:
        return False
    logger.info("herinnering %s verstuurd aan gebruiker %s", soort, gebruiker.pk)
    return True


def herinneringen_versturen(*, vandaag: dt.date | None = None) -> int:
    vandaag = vandaag or timezone.localdate()
    verstuurd = 0
    reviews = Review.objects.filter(bezoekdatum__isnull=False).select_related("ontvangend")
    for review in (
        reviews.filter(
            kritische_reflectie__isnull=True,
            status__in=[Review.Status.GEPLAND, Review.Status.PANEL_VASTGESTELD],
        )
        .alias(
            # Each cycle its own offset (Cyclus.reflectie_vooraf_dagen).
            herinner_vanaf=ExpressionWrapper(
                F("bezoekdatum")
                - F("cyclus__reflectie_vooraf_dagen") * Value(dt.timedelta(days=1)),
                output_field=DateField(),
            )
        )
        .filter(herinner_vanaf__lte=vandaag)
    ):
        for rol in (
            _actieve_rollen(vandaag)
            .filter(soort=Rol.Soort.PROGRAMMALEIDER, partnerschap=review.ontvangend)
            .select_related("gebruiker")
        ):
            verstuurd += _stuur(
                sleutel=f"reflectie:{review.pk}:{rol.gebruiker_id}",
                soort="reflectie",
                gebruiker=rol.gebruiker,
                review=review,
                onderwerp="Kritische reflectie voor de peer review",
                tekst=(
                    f"De peer review van {review.ontvangend.naam} is op "
                    f"{review.bezoekdatum:%d-%m-%Y}. Koppel uw ingediende zelfevaluatie als "
                    "kritische reflectie in het Regio Portal."
                ),
            )
    for review in (
        reviews.filter(
            # Reminded on the day the verslag falls due; te_laat_op counts from the day after.
            status=Review.Status.PANEL_VASTGESTELD,
        )
        .alias(uiterlijk=Review.objects.verslag_uiterlijk())
        .filter(uiterlijk__lte=vandaag)
        .prefetch_related("panelleden__gebruiker")
    ):
        for lid in review.panelleden.all():
            verstuurd += _stuur(
                sleutel=f"verslag:{review.pk}:{lid.gebruiker_id}",
                soort="verslag",
                gebruiker=lid.gebruiker,
                review=review,
                onderwerp="Verslag van de peer review",
                tekst=(
                    f"Het verslag van de peer review van {review.ontvangend.naam} is nog niet "
                    "geüpload."
                ),
            )
    if vandaag.weekday() == 0:  # the weekly digest, on Mondays
        verstuurd += _weekoverzicht(vandaag)
    return verstuurd


def _weekoverzicht(vandaag: dt.date) -> int:
    jaar, week, _ = vandaag.isocalendar()
    verstuurd = 0
    for cyclus in Cyclus.objects.select_related("regio"):
        te_laat = list(cyclus.reviews.te_laat_op(vandaag).select_related("ontvangend"))
        if not te_laat:
            continue
        rollen = _actieve_rollen(vandaag)
        coordinatoren = (
            rollen.filter(soort=Rol.Soort.KWARTIERMAKER, regio=cyclus.regio)
            if cyclus.regio_id
            else rollen.filter(soort=Rol.Soort.BEHEERDER)
        ).select_related("gebruiker")
        tekst = "Peer reviews die aandacht vragen:\n" + "\n".join(
            f"- {r.ontvangend.naam}: {r.get_status_display()}" for r in te_laat
        )
        for rol in coordinatoren:
            verstuurd += _stuur(
                sleutel=f"digest:{cyclus.pk}:{rol.gebruiker_id}:{jaar}-W{week:02d}",
                soort="digest",
                gebruiker=rol.gebruiker,
                onderwerp=f"Weekoverzicht peer review: {cyclus.naam}",
                tekst=tekst,
            )
    return verstuurd
