"""Reads of regional meetings that know who asks."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from partnerschappen import selectors as org
from partnerschappen.models import Lidmaatschap, Regio, Vestiging
from regio_portal.core.schooljaar import schooljaar_begin, schooljaar_einde, schooljaar_label
from regio_portal.core.toegang import is_beheerder
from subsidie.models import Plaatsing

from .models import Aanmelding, AfspraakOnderwerp, Bijeenkomst, Contactnotitie


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


def _leden_per_vestiging(regio) -> dict[int, list[tuple]]:
    """The memberships (start, end) of every vestiging of the region: one query."""
    uit: dict[int, list[tuple]] = {}
    for v_id, start, einde in Lidmaatschap.objects.filter(vestiging__regio=regio).values_list(
        "vestiging_id", "startdatum", "einddatum"
    ):
        uit.setdefault(v_id, []).append((start, einde))
    return uit


def _in_partnerschap(perioden, jaar: int) -> bool:
    begin, einde = schooljaar_begin(jaar), schooljaar_einde(jaar)
    return any(s <= einde and (e is None or e >= begin) for s, e in perioden)


def nog_niet_in(regio, schooljaar: int) -> dict:
    """Towards 100%: the region's vestigingen (DUO) in no partnership during the school
    year (no membership on any of its days), per board, with the placements registered at
    them that year (they count nowhere: telregel 2c), whether someone of the school took
    part in a regional meeting that year, and the board's latest contact note. Boards are
    "geheel" out when none of their vestigingen in the region is in. A constant number of
    queries."""
    leden = _leden_per_vestiging(regio)
    vestigingen = list(
        Vestiging.objects.filter(regio=regio).select_related("bestuur").order_by("code")
    )
    buiten = [v for v in vestigingen if not _in_partnerschap(leden.get(v.pk, []), schooljaar)]
    ids = [v.pk for v in buiten]
    plaatsingen = dict(
        Plaatsing.objects.filter(schooljaar=schooljaar, vestiging__in=ids)
        .order_by()
        .values_list("vestiging_id")
        .annotate(n=Count("pk"))
    )
    meegedaan = set(
        Aanmelding.objects.filter(
            vestiging__in=ids,
            status=Aanmelding.Status.BEVESTIGD,
            bijeenkomst__regio=regio,
            bijeenkomst__begin__date__gte=schooljaar_begin(schooljaar),
            bijeenkomst__begin__date__lte=schooljaar_einde(schooljaar),
        ).values_list("vestiging_id", flat=True)
    )
    notities = {}
    for n in Contactnotitie.objects.filter(regio=regio).order_by("-datum", "-pk"):
        notities.setdefault(n.bestuur_id, n)
    per_bestuur: dict[int, dict] = {}
    for v in buiten:
        b = per_bestuur.setdefault(
            v.bestuur_id,
            {"bestuur": v.bestuur, "vestigingen": [], "notitie": notities.get(v.bestuur_id)},
        )
        b["vestigingen"].append(
            {
                "vestiging": v,
                "plaatsingen": plaatsingen.get(v.pk, 0),
                "bijeenkomst": v.pk in meegedaan,
            }
        )
    in_regio = {}
    for v in vestigingen:
        in_regio.setdefault(v.bestuur_id, []).append(v)
    for b in per_bestuur.values():
        b["geheel"] = len(b["vestigingen"]) == len(in_regio[b["bestuur"].pk])
    return {
        "besturen": sorted(per_bestuur.values(), key=lambda b: b["bestuur"].nummer),
        "aantal": len(buiten),
        "totaal": len(vestigingen),
        "plaatsingen": sum(plaatsingen.values()),
    }


def nog_niet_in_trend(regio, jaren: list[int]) -> list[dict]:
    """Per school year: how many of the region's vestigingen were in no partnership (two
    queries for all years)."""
    leden = _leden_per_vestiging(regio)
    ids = list(Vestiging.objects.filter(regio=regio).values_list("pk", flat=True))
    return [
        {
            "label": schooljaar_label(j),
            "aantal": sum(not _in_partnerschap(leden.get(i, []), j) for i in ids),
            "totaal": len(ids),
        }
        for j in jaren
    ]


def _gelijk(onderwerp, a, b) -> bool:
    """Two values of a topic the same: amounts exactly, texts without case or spacing."""
    if onderwerp.soort == AfspraakOnderwerp.Soort.BEDRAG:
        return a.bedrag == b.bedrag
    return " ".join(a.tekst.split()).casefold() == " ".join(b.tekst.split()).casefold()


def huidige_afspraak(onderwerp, datum):
    return next((a for a in onderwerp.afspraken.all() if a.ingangsdatum <= datum), None)


def afspraken_vergelijking(regio, partnerschappen: list, *, datum=None) -> list[dict]:
    """Per topic of the region: each partnership's practice side by side, whether the
    practices differ, the regional agreement in force on `datum` and who deviates from
    it (a practice that differs, or none recorded). Three queries."""
    datum = datum or timezone.localdate()
    rijen = []
    for onderwerp in AfspraakOnderwerp.objects.filter(regio=regio).prefetch_related(
        "praktijken", "afspraken"
    ):
        per_p = {p.partnerschap_id: p for p in onderwerp.praktijken.all()}
        afspraak = huidige_afspraak(onderwerp, datum)
        waarden = []
        for partnerschap in partnerschappen:
            praktijk = per_p.get(partnerschap.pk)
            waarden.append(
                {
                    "partnerschap": partnerschap,
                    "praktijk": praktijk,
                    "afwijkend": afspraak is not None
                    and (praktijk is None or not _gelijk(onderwerp, praktijk, afspraak)),
                }
            )
        ingevuld = [w["praktijk"] for w in waarden if w["praktijk"] is not None]
        rijen.append(
            {
                "onderwerp": onderwerp,
                "waarden": waarden,
                "afspraak": afspraak,
                "verschillend": any(not _gelijk(onderwerp, ingevuld[0], p) for p in ingevuld),
                "afwijkend": [w["partnerschap"].code for w in waarden if w["afwijkend"]],
            }
        )
    return rijen
