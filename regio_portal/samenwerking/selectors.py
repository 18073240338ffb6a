"""Reads of samenwerking (meetings, the not-yet-in list, agreements, routes) that know
who asks."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerschappen import selectors as org
from partnerschappen.models import Lidmaatschap, Partnerschap, Regio, Vestiging
from regio_portal.core.schooljaar import schooljaar_begin, schooljaar_einde, schooljaar_label
from regio_portal.core.toegang import is_beheerder
from subsidie.models import Plaatsing

from .models import (
    Aanmelding,
    Actie,
    AfspraakOnderwerp,
    Ambitie,
    Bijeenkomst,
    Contactnotitie,
    Principeversie,
    Route,
)


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
            bijeenkomst__geannuleerd_op__isnull=True,
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
    """Two values of a topic the same: amounts exactly, texts without case or spacing,
    and between two practices their documents by content (a regional agreement has no
    document: against it only the text counts)."""
    if onderwerp.soort == AfspraakOnderwerp.Soort.BEDRAG:
        return a.bedrag == b.bedrag
    tekst_gelijk = " ".join(a.tekst.split()).casefold() == " ".join(b.tekst.split()).casefold()
    if hasattr(a, "document_sha256") and hasattr(b, "document_sha256"):
        return tekst_gelijk and a.document_sha256 == b.document_sha256
    return tekst_gelijk


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


# Routes -----------------------------------------------------------------------------


def partnerschappen_van_regio(regio) -> list[Partnerschap]:
    """The region's partnerships (subsidie's rule: regio_partnerschap_codes), by code."""
    from subsidie.selectors import regio_partnerschap_codes  # noqa: PLC0415

    return list(
        Partnerschap.objects.filter(code__in=regio_partnerschap_codes(regio)).order_by("code")
    )


def regios_van_partnerschap(partnerschap) -> QuerySet[Regio]:
    """The regions where the partnership has a member vestiging."""
    return Regio.objects.filter(vestigingen__lidmaatschappen__partnerschap=partnerschap).distinct()


def toegestane_bronnen(route: Route) -> QuerySet[Ambitie]:
    """Ambitions a regional route may compose from: those of the routes of the region's
    partnerships for a period that overlaps."""
    from subsidie.selectors import regio_partnerschap_codes  # noqa: PLC0415

    if not route.is_regionaal:
        return Ambitie.objects.none()
    return Ambitie.objects.filter(
        route__partnerschap__code__in=regio_partnerschap_codes(route.regio),
        route__begin_jaar__lte=route.eind_jaar,
        route__eind_jaar__gte=route.begin_jaar,
    ).select_related("route__partnerschap")


def huidige_principes() -> Principeversie | None:
    """The version new routes are made on: the most recently published one."""
    return (
        Principeversie.objects.filter(status=Principeversie.Status.GEPUBLICEERD)
        .order_by("-gepubliceerd_op", "-pk")
        .first()
    )


@dataclass(frozen=True)
class RouteToegang:
    """What a user may do with a route. A partnership's route: who sees the partnership
    reads it, who may change the partnership edits and submits it, the kwartiermaker of a
    region it is in (and a beheerder) comments and reopens it. A region's route: who sees
    the region (its kwartiermaker, a beheerder) does everything."""

    bewerken: bool
    beoordelen: bool


def route_toegang(gebruiker, route: Route) -> RouteToegang | None:
    if route.partnerschap_id:
        if (
            not org.partnerschappen_zichtbaar_voor(gebruiker=gebruiker)
            .filter(pk=route.partnerschap_id)
            .exists()
        ):
            return None
        beoordelen = (
            org.regios_zichtbaar_voor(gebruiker=gebruiker)
            .filter(vestigingen__lidmaatschappen__partnerschap=route.partnerschap_id)
            .exists()
        )
        return RouteToegang(
            bewerken=org.mag_partnerschap_bewerken(gebruiker, route.partnerschap),
            beoordelen=beoordelen,
        )
    if not org.regios_zichtbaar_voor(gebruiker=gebruiker).filter(pk=route.regio_id).exists():
        return None
    return RouteToegang(bewerken=True, beoordelen=True)


def route_voor_gebruiker(gebruiker, pk: int, *, bewerken=False, beoordelen=False):
    """(route, toegang) if the user may see route `pk` (404 otherwise; 403 when they see
    it but may not do what is asked)."""
    route = Route.objects.select_related("partnerschap", "regio", "principes").filter(pk=pk).first()
    toegang = route_toegang(gebruiker, route) if route else None
    if toegang is None:
        raise Http404(_("Route niet gevonden."))
    if (bewerken and not toegang.bewerken) or (beoordelen and not toegang.beoordelen):
        raise PermissionDenied(_("U mag deze route alleen bekijken."))
    return route, toegang


def route_inhoud(route: Route) -> list[dict]:
    """Per principle of the route's version: its focuspunten, the ambitions tied to it,
    the route's analysis and the kwartiermaker's comments (four queries)."""
    principes = list(route.principes.principes.prefetch_related("focuspunten"))
    ambities = list(
        route.ambities.prefetch_related("principes", "waarborgen", "bronnen__route__partnerschap")
    )
    analyses = {a.principe_id: a.tekst for a in route.analyses.all()}
    opmerkingen: dict = {}
    for o in route.opmerkingen.select_related("door"):
        opmerkingen.setdefault(o.principe_id, []).append(o)
    return [
        {
            "principe": p,
            "ambities": [a for a in ambities if p in a.principes.all()],
            "analyse": analyses.get(p.pk, ""),
            "opmerkingen": opmerkingen.get(p.pk, []),
        }
        for p in principes
    ]


def routes_naast_elkaar(regio, begin_jaar: int) -> dict:
    """The kwartiermaker's view: the routes of the region's partnerships for the period
    starting in `begin_jaar`, per principle of the current version side by side (the
    ambitions and analysis of each), plus the regional route. A fixed number of queries."""
    partnerschappen = partnerschappen_van_regio(regio)
    routes = {
        r.partnerschap_id: r
        for r in Route.objects.filter(partnerschap__in=partnerschappen, begin_jaar=begin_jaar)
        .select_related("principes")
        .prefetch_related("ambities__principes", "analyses__principe", "acties")
    }
    regionaal = (
        Route.objects.filter(regio=regio, begin_jaar=begin_jaar).select_related("principes").first()
    )
    versie = regionaal.principes if regionaal else huidige_principes()
    principes = list(versie.principes.all()) if versie else []
    kolommen = [{"partnerschap": p, "route": routes.get(p.pk)} for p in partnerschappen]
    rijen = []
    for principe in principes:
        cellen = []
        for k in kolommen:
            r = k["route"]
            if r is None:
                cellen.append(None)
                continue
            # Another version's principle with the same number stands in the same row.
            cellen.append(
                {
                    "ambities": [
                        a
                        for a in r.ambities.all()
                        if any(p.nummer == principe.nummer for p in a.principes.all())
                    ],
                    "analyse": next(
                        (a.tekst for a in r.analyses.all() if a.principe.nummer == principe.nummer),
                        "",
                    ),
                }
            )
        rijen.append({"principe": principe, "cellen": cellen})
    return {"kolommen": kolommen, "rijen": rijen, "regionaal": regionaal, "versie": versie}


def route_te_doen(partnerschap_ids, *, vandaag) -> tuple[dict[int, int], dict[int, list[tuple]]]:
    """For the programmaleider's start page ("wat nu te doen"): per partnership its
    newest route (pk) and what is open there: a concept not yet submitted, the actions'
    progress, overdue actions and the next one due (("route", text)). Two queries."""
    routes: dict[int, Route] = {}
    for r in Route.objects.filter(partnerschap_id__in=partnerschap_ids).order_by("begin_jaar"):
        routes[r.partnerschap_id] = r
    acties: dict[int, list] = {}
    for a in (
        Actie.objects.filter(route__in=list(routes.values()))
        .order_by("deadline", "pk")
        .only("route_id", "wat", "deadline", "status")
    ):
        acties.setdefault(a.route_id, []).append(a)
    taken: dict[int, list[tuple]] = {}
    for pid, r in routes.items():
        lijst = acties.get(r.pk, [])
        open_ = [a for a in lijst if a.status != Actie.Status.AFGEROND]
        regels = []
        if r.is_concept:
            regels.append(("route", _("De route %(p)s is nog niet ingediend.") % {"p": r.periode}))
        if lijst:
            regels.append(
                (
                    "route",
                    _("Route %(p)s: %(af)s van %(n)s acties afgerond.")
                    % {"p": r.periode, "af": len(lijst) - len(open_), "n": len(lijst)},
                )
            )
        te_laat = [a for a in open_ if a.deadline < vandaag]
        if te_laat:
            regels.append(
                (
                    "route",
                    ngettext(
                        "%(n)s actie is over de deadline: %(wat)s.",
                        "%(n)s acties zijn over de deadline, de eerste: %(wat)s.",
                        len(te_laat),
                    )
                    % {"n": len(te_laat), "wat": te_laat[0].wat},
                )
            )
        volgende = next((a for a in open_ if a.deadline >= vandaag), None)
        if volgende:
            regels.append(
                (
                    "route",
                    _("Volgende actie: %(wat)s (uiterlijk %(d)s).")
                    % {"wat": volgende.wat, "d": volgende.deadline.strftime("%d-%m-%Y")},
                )
            )
        if regels:
            taken[pid] = regels
    return {pid: r.pk for pid, r in routes.items()}, taken
