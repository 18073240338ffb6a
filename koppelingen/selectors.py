"""Reads of API keys that know who asks."""

from __future__ import annotations

import hashlib

from django.db.models import Q, QuerySet
from django.http import Http404

from partnerschappen import selectors as org
from partnerschappen.models import Instituut, Partnerschap
from regio_portal.core.toegang import is_beheerder

from .models import ApiSleutel


def sleutel_hash(tekst: str) -> str:
    return hashlib.sha256(tekst.encode()).hexdigest()


def mag_sleutels_beheren(gebruiker) -> bool:
    """Beheerders, and programmaleiders (for the institutes in their partnerships)."""
    return (
        is_beheerder(gebruiker) or org.partnerschappen_bewerkbaar_voor(gebruiker=gebruiker).exists()
    )


def instituten_voor_sleutel(*, gebruiker) -> QuerySet[Instituut]:
    """The institutes the user may issue a key for: every one (beheerder), or the
    members of the user's partnerships."""
    if is_beheerder(gebruiker):
        return Instituut.objects.all()
    partnerschappen = org.partnerschappen_bewerkbaar_voor(gebruiker=gebruiker)
    return Instituut.objects.filter(lidmaatschappen__partnerschap__in=partnerschappen).distinct()


def sleutels_zichtbaar_voor(*, gebruiker) -> QuerySet[ApiSleutel]:
    """Every key (beheerder); a programmaleider: the keys that may write in one of their
    partnerships."""
    qs = ApiSleutel.objects.select_related("instituut", "aangemaakt_door")
    if is_beheerder(gebruiker):
        return qs
    partnerschappen = org.partnerschappen_bewerkbaar_voor(gebruiker=gebruiker)
    return qs.filter(
        Q(partnerschappen__in=partnerschappen)
        | Q(alle_partnerschappen=True, instituut__lidmaatschappen__partnerschap__in=partnerschappen)
    ).distinct()


def sleutel_voor_gebruiker(gebruiker, pk: int) -> ApiSleutel:
    try:
        return sleutels_zichtbaar_voor(gebruiker=gebruiker).get(pk=pk)
    except ApiSleutel.DoesNotExist:
        raise Http404("API-sleutel niet gevonden.") from None


def sleutel_bij_tekst(tekst: str) -> ApiSleutel | None:
    """The key a request presents (valid or not: the caller tells revoked and expired
    apart), by its hash."""
    if not tekst or len(tekst) > 200:
        return None
    return (
        ApiSleutel.objects.select_related("instituut")
        .filter(sleutel_hash=sleutel_hash(tekst))
        .first()
    )


def partnerschappen_van_sleutel(sleutel: ApiSleutel, *, schooljaar: int | None = None):
    """What a key reaches: its institute's partnerships (in `schooljaar`), narrowed to the
    key's own when it was issued by a programmaleider."""
    qs = org.partnerschappen_van_instituut(sleutel.instituut, schooljaar=schooljaar)
    if not sleutel.alle_partnerschappen:
        qs = qs.filter(pk__in=sleutel.partnerschappen.values("pk"))
    return qs.order_by("code")


def partnerschappen_voor_nieuwe_sleutel(*, gebruiker, instituut) -> QuerySet[Partnerschap] | None:
    """The partnerships a new key of `gebruiker` for `instituut` may write in: None for
    all of the institute's (beheerder), else the user's partnerships the institute is a
    member of."""
    if is_beheerder(gebruiker):
        return None
    return org.partnerschappen_bewerkbaar_voor(gebruiker=gebruiker).filter(
        pk__in=org.partnerschappen_van_instituut(instituut).values("pk")
    )
