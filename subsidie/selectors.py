"""Reads for the subsidie module that know who asks, and the set-based input of the
telling."""

from __future__ import annotations

from django.db.models import QuerySet

from partnerschappen.models import Lidmaatschap, Partnerschap, Regio, Vestiging

from . import telregels
from .models import Plaatsing, Regeling, TellingSnapshot


def regeling_voor(schooljaar: int) -> Regeling:
    regeling = (
        Regeling.objects.filter(
            eerste_schooljaar__lte=schooljaar, laatste_schooljaar__gte=schooljaar
        )
        .order_by("-eerste_schooljaar")
        .first()
    )
    if regeling is None:
        raise Regeling.DoesNotExist(f"Geen regeling voor schooljaar {schooljaar}-{schooljaar + 1}.")
    return regeling


def telling_invoer(schooljaar: int) -> dict:
    """Everything the pure telregels need, in a handful of set-based queries."""
    plaatsingen = [
        telregels.PlaatsingInvoer(
            id=pk,
            partnerschap=p,
            vestiging=v,
            instituut=i,
            student_sleutel=s,
            persoon_sleutel=ps,
            opleidingstype=t,
            startdatum=start,
            einddatum=einde,
        )
        for pk, p, v, i, s, ps, t, start, einde in Plaatsing.objects.filter(schooljaar=schooljaar)
        .order_by()
        .values_list(
            "pk",
            "partnerschap__code",
            "vestiging__code",
            "instituut__code",
            "student_sleutel",
            "persoon_sleutel",
            "opleidingstype",
            "startdatum",
            "einddatum",
        )
        .iterator(chunk_size=10_000)
    ]
    lidmaatschappen = [
        telregels.LidmaatschapInvoer(p, v, start, einde)
        for p, v, start, einde in Lidmaatschap.objects.filter(vestiging__isnull=False)
        .order_by()
        .values_list("partnerschap__code", "vestiging__code", "startdatum", "einddatum")
    ]
    return {
        "plaatsingen": plaatsingen,
        "lidmaatschappen": lidmaatschappen,
        "regio_van_vestiging": dict(
            Vestiging.objects.order_by().values_list("code", "regio__code")
        ),
        "partnerschap_codes": list(
            Partnerschap.objects.order_by("code").values_list("code", flat=True)
        ),
        "regio_codes": list(Regio.objects.order_by("code").values_list("code", flat=True)),
    }


def actuele_telling(schooljaar: int, regeling: Regeling | None = None) -> TellingSnapshot | None:
    regeling = regeling or regeling_voor(schooljaar)
    return (
        TellingSnapshot.objects.filter(schooljaar=schooljaar, regeling=regeling, actueel=True)
        .select_related("regeling")
        .first()
    )


def plaatsingen_zichtbaar_voor(*, gebruiker) -> QuerySet[Plaatsing]:
    """Placement rows (with names and numbers) only for the partnership's own people:
    programmaleiders of that partnership and beheerders."""
    from partnerschappen.selectors import partnerschappen_bewerkbaar_voor

    return Plaatsing.objects.filter(
        partnerschap__in=partnerschappen_bewerkbaar_voor(gebruiker=gebruiker)
    )
