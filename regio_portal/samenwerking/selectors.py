"""Reads of regional meetings that know who asks."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from partnerschappen import selectors as org
from partnerschappen.models import Regio, Vestiging
from regio_portal.core.toegang import is_beheerder

from .models import Aanmelding, Bijeenkomst


def regios_voor_bijeenkomsten(*, gebruiker) -> QuerySet[Regio]:
    """Regions whose meetings the user sees and may organise in: a kwartiermaker's, a
    programmaleider's (the regions of their partnerships' vestigingen), all (beheerder)."""
    if is_beheerder(gebruiker):
        return Regio.objects.all()
    eigen = org.regios_zichtbaar_voor(gebruiker=gebruiker)
    partnerschappen = org.partnerschappen_bewerkbaar_voor(gebruiker=gebruiker)
    return Regio.objects.filter(
        Q(pk__in=eigen.values("pk"))
        | Q(vestigingen__lidmaatschappen__partnerschap__in=partnerschappen)
    ).distinct()


def bijeenkomsten_zichtbaar_voor(*, gebruiker) -> QuerySet[Bijeenkomst]:
    return (
        Bijeenkomst.objects.filter(regio__in=regios_voor_bijeenkomsten(gebruiker=gebruiker))
        .select_related("regio")
        .annotate(
            aangemeld=Count("aanmeldingen", filter=Q(aanmeldingen__status="bevestigd")),
            wachtend=Count("aanmeldingen", filter=Q(aanmeldingen__status="wachtlijst")),
        )
    )


def bijeenkomst_voor_gebruiker(gebruiker, pk: int) -> Bijeenkomst:
    try:
        return bijeenkomsten_zichtbaar_voor(gebruiker=gebruiker).get(pk=pk)
    except Bijeenkomst.DoesNotExist:
        raise Http404("Bijeenkomst niet gevonden.") from None


def mag_beheren(gebruiker, bijeenkomst: Bijeenkomst) -> bool:
    """Who sees the registrants (personal data) and records attendance: the organiser,
    the region's kwartiermaker, a beheerder."""
    return (
        is_beheerder(gebruiker)
        or bijeenkomst.aangemaakt_door_id == gebruiker.pk
        or org.regios_zichtbaar_voor(gebruiker=gebruiker).filter(pk=bijeenkomst.regio_id).exists()
    )


def publieke_bijeenkomst(sleutel) -> Bijeenkomst:
    try:
        return Bijeenkomst.objects.select_related("regio").get(sleutel=sleutel)
    except (Bijeenkomst.DoesNotExist, ValueError):
        raise Http404("Bijeenkomst niet gevonden.") from None


def scholen_van_regio(regio) -> QuerySet[Vestiging]:
    """The schools (DUO vestigingen) of the region a public registrant picks from,
    partner or not."""
    return Vestiging.objects.filter(regio=regio).order_by("naam", "code")


def plaatsen_vrij(bijeenkomst: Bijeenkomst) -> int:
    bezet = bijeenkomst.aanmeldingen.filter(status=Aanmelding.Status.BEVESTIGD).count()
    return max(bijeenkomst.capaciteit - bezet, 0)


# The public registration is the portal's only anonymous write: at most this many
# attempts per address per hour, and per meeting per hour.
PER_IP = 10
PER_BIJEENKOMST = 300


def publiek_te_vaak(*, ip: str, bijeenkomst: Bijeenkomst) -> bool:
    """Counts this attempt; True when over a limit."""
    over = False
    for sleutel, grens in (
        (f"bijeenkomst-aanmelden:ip:{ip}", PER_IP),
        (f"bijeenkomst-aanmelden:b:{bijeenkomst.pk}", PER_BIJEENKOMST),
    ):
        cache.add(sleutel, 0, timeout=3600)
        try:
            aantal = cache.incr(sleutel)
        except ValueError:  # expired between add and incr
            cache.add(sleutel, 1, timeout=3600)
            aantal = 1
        over = over or aantal > grens
    return over
