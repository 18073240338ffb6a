"""Reads that know who asks. Every view fetches through these helpers; an object that
does not exist and an object that is not yours both answer 404.

Visibility (derived from guardian permissions, which roles keep in sync):
- beheerder (superuser): everything;
- programmaleider: their partnerschappen (view + change);
- kwartiermaker: their regio's, and read-only the partnerschappen with a member
  vestiging in those regio's;
- bestuurder: their besturen, and read-only the partnerschappen with a member
  vestiging of those besturen.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from regio_portal.core.schooljaar import schooljaar_begin, schooljaar_einde
from regio_portal.core.toegang import is_beheerder, vereist_beheerder  # noqa: F401

from .models import (
    Bestuur,
    BestuurGebruikersrecht,
    Instituut,
    Lidmaatschap,
    Partnerschap,
    PartnerschapGebruikersrecht,
    Regio,
    RegioGebruikersrecht,
    Rol,
    Vestiging,
)


def actieve_rolsoorten(gebruiker) -> frozenset[str]:
    """The kinds of role the user holds today; cached on the user object for one request."""
    if not gebruiker.is_authenticated:
        return frozenset()
    cached = getattr(gebruiker, "_actieve_rolsoorten", None)
    if cached is None:
        vandaag = timezone.localdate()
        cached = frozenset(
            Rol.objects.filter(gebruiker=gebruiker)
            .actief_op(vandaag)
            .values_list("soort", flat=True)
        )
        gebruiker._actieve_rolsoorten = cached
    return cached


def _ids_met_recht(recht_model, gebruiker, codename: str):
    return recht_model.objects.filter(user=gebruiker, permission__codename=codename).values(
        "content_object_id"
    )


def regios_zichtbaar_voor(*, gebruiker) -> QuerySet[Regio]:
    if not gebruiker.is_authenticated or not gebruiker.is_active:
        return Regio.objects.none()
    if is_beheerder(gebruiker):
        return Regio.objects.all()
    return Regio.objects.filter(
        pk__in=_ids_met_recht(RegioGebruikersrecht, gebruiker, "view_regio")
    )


def besturen_zichtbaar_voor(*, gebruiker) -> QuerySet[Bestuur]:
    if not gebruiker.is_authenticated or not gebruiker.is_active:
        return Bestuur.objects.none()
    if is_beheerder(gebruiker):
        return Bestuur.objects.all()
    return Bestuur.objects.filter(
        pk__in=_ids_met_recht(BestuurGebruikersrecht, gebruiker, "view_bestuur")
    )


def partnerschappen_bewerkbaar_voor(*, gebruiker) -> QuerySet[Partnerschap]:
    if not gebruiker.is_authenticated or not gebruiker.is_active:
        return Partnerschap.objects.none()
    if is_beheerder(gebruiker):
        return Partnerschap.objects.all()
    return Partnerschap.objects.filter(
        pk__in=_ids_met_recht(PartnerschapGebruikersrecht, gebruiker, "change_partnerschap")
    )


def partnerschappen_zichtbaar_voor(*, gebruiker) -> QuerySet[Partnerschap]:
    if not gebruiker.is_authenticated or not gebruiker.is_active:
        return Partnerschap.objects.none()
    if is_beheerder(gebruiker):
        return Partnerschap.objects.all()
    direct = _ids_met_recht(PartnerschapGebruikersrecht, gebruiker, "view_partnerschap")
    regio_ids = _ids_met_recht(RegioGebruikersrecht, gebruiker, "view_regio")
    bestuur_ids = _ids_met_recht(BestuurGebruikersrecht, gebruiker, "view_bestuur")
    return Partnerschap.objects.filter(
        Q(pk__in=direct)
        | Q(
            pk__in=Partnerschap.objects.filter(
                Q(lidmaatschappen__vestiging__regio__in=regio_ids)
                | Q(lidmaatschappen__vestiging__bestuur__in=bestuur_ids)
            ).values("pk")
        )
    )


def vestigingen_zichtbaar_voor(*, gebruiker) -> QuerySet[Vestiging]:
    """Vestigingen of the user's regio's and besturen, and the members of the
    partnerschappen they see."""
    if not gebruiker.is_authenticated or not gebruiker.is_active:
        return Vestiging.objects.none()
    if is_beheerder(gebruiker):
        return Vestiging.objects.all()
    regio_ids = _ids_met_recht(RegioGebruikersrecht, gebruiker, "view_regio")
    bestuur_ids = _ids_met_recht(BestuurGebruikersrecht, gebruiker, "view_bestuur")
    partnerschap_ids = partnerschappen_zichtbaar_voor(gebruiker=gebruiker).values("pk")
    return Vestiging.objects.filter(
        Q(regio__in=regio_ids)
        | Q(bestuur__in=bestuur_ids)
        | Q(
            pk__in=Vestiging.objects.filter(
                lidmaatschappen__partnerschap__in=partnerschap_ids
            ).values("pk")
        )
    )


@dataclass(frozen=True, eq=False)
class NamensInstituut:
    """The acting party of an institute's own system (an API token, koppelingen/): no
    user and no role. It is not active as a user (is_active False), so every
    `*_voor(gebruiker=…)` selector answers nothing for it; what it may write is its own
    institute's placements in the partnerships the institute is a member of
    (`partnerschappen_van_instituut`), and only the placements import checks for it."""

    instituut: Instituut
    naam: str = ""
    pk = None
    is_authenticated = False
    is_active = False
    is_superuser = False
    is_staff = False

    def __str__(self):
        return f"API {self.instituut.code} ({self.naam})"


def partnerschappen_van_instituut(
    instituut: Instituut, *, schooljaar: int | None = None
) -> QuerySet[Partnerschap]:
    """The partnerships `instituut` is a member of (in `schooljaar`: for at least one day
    of it)."""
    leden = Lidmaatschap.objects.filter(instituut=instituut)
    if schooljaar is not None:
        leden = leden.filter(startdatum__lte=schooljaar_einde(schooljaar)).filter(
            Q(einddatum__isnull=True) | Q(einddatum__gte=schooljaar_begin(schooljaar))
        )
    return Partnerschap.objects.filter(pk__in=leden.values("partnerschap_id"))


def partnerschap_voor_gebruiker(gebruiker, code: str, *, bewerken: bool = False) -> Partnerschap:
    """The partnerschap `code` if the user may see it (404 otherwise). With bewerken=True
    a user who may see but not change it gets 403."""
    try:
        partnerschap = partnerschappen_zichtbaar_voor(gebruiker=gebruiker).get(code=code)
    except Partnerschap.DoesNotExist:
        raise Http404("Partnerschap niet gevonden.") from None
    if bewerken and not mag_partnerschap_bewerken(gebruiker, partnerschap):
        raise PermissionDenied("U mag dit partnerschap alleen bekijken.")
    return partnerschap


def partnerschap_codes_bewerkbaar_voor(gebruiker) -> set[str]:
    """Codes of the partnerships whose placements the user may open (links on lists of
    data problems): one query."""
    return set(partnerschappen_bewerkbaar_voor(gebruiker=gebruiker).values_list("code", flat=True))


def mag_partnerschap_bewerken(gebruiker, partnerschap: Partnerschap) -> bool:
    cache = getattr(gebruiker, "_bewerkbare_partnerschappen", None)
    if cache is None:
        cache = set(
            partnerschappen_bewerkbaar_voor(gebruiker=gebruiker).values_list("pk", flat=True)
        )
        gebruiker._bewerkbare_partnerschappen = cache
    return partnerschap.pk in cache


def regio_voor_gebruiker(gebruiker, code: str) -> Regio:
    try:
        return regios_zichtbaar_voor(gebruiker=gebruiker).get(code=code)
    except Regio.DoesNotExist:
        raise Http404("Regio niet gevonden.") from None


def bestuur_voor_gebruiker(gebruiker, nummer: str) -> Bestuur:
    try:
        return besturen_zichtbaar_voor(gebruiker=gebruiker).get(nummer=nummer)
    except Bestuur.DoesNotExist:
        raise Http404("Bestuur niet gevonden.") from None
