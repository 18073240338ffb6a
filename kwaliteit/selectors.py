"""Reads of the kwaliteit module that know who asks."""

from __future__ import annotations

from django.http import Http404

from partnerschappen import selectors as org
from partnerschappen.models import Partnerschap, Regio

from .models import Bewijsstuk, Zelfevaluatie


def zelfevaluatie_voor_gebruiker(
    gebruiker, code: str, jaar: int, *, bewerken=False
) -> Zelfevaluatie:
    partnerschap = org.partnerschap_voor_gebruiker(gebruiker, code, bewerken=bewerken)
    zelfevaluatie = (
        Zelfevaluatie.objects.select_related("kader", "partnerschap", "bijgewerkt_door")
        .filter(partnerschap=partnerschap, jaar=jaar)
        .first()
    )
    if zelfevaluatie is None:
        raise Http404("Zelfevaluatie niet gevonden.")
    return zelfevaluatie


def bewijsstuk_voor_gebruiker(gebruiker, uuid) -> Bewijsstuk:
    bewijs = (
        Bewijsstuk.objects.select_related("zelfevaluatie__partnerschap").filter(uuid=uuid).first()
    )
    if (
        bewijs is None
        or not org.partnerschappen_zichtbaar_voor(gebruiker=gebruiker)
        .filter(pk=bewijs.zelfevaluatie.partnerschap_id)
        .exists()
    ):
        raise Http404("Bewijsstuk niet gevonden.")
    return bewijs


def mag_heropenen(gebruiker, partnerschap: Partnerschap) -> bool:
    """Kwartiermakers of a region the partnership works in, and beheerders."""
    if org.is_beheerder(gebruiker):
        return True
    return Regio.objects.filter(
        pk__in=org.regios_zichtbaar_voor(gebruiker=gebruiker).values("pk"),
        vestigingen__lidmaatschappen__partnerschap=partnerschap,
    ).exists()
