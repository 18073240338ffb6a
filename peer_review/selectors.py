"""Reads of the peer-review module that know who asks, and the solver's input."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import BooleanField, ExpressionWrapper, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerschappen import selectors as org
from partnerschappen.models import Lidmaatschap, Partnerschap

from .models import Cyclus, Paarregel, Review


def cycli_zichtbaar_voor(*, gebruiker) -> QuerySet[Cyclus]:
    """Beheerders see every cycle; kwartiermakers the cycles of their regions."""
    if org.is_beheerder(gebruiker):
        return Cyclus.objects.all()
    return Cyclus.objects.filter(regio__in=org.regios_zichtbaar_voor(gebruiker=gebruiker))


def is_coordinator(gebruiker) -> bool:
    return org.is_beheerder(gebruiker) or org.regios_zichtbaar_voor(gebruiker=gebruiker).exists()


def cyclus_voor_gebruiker(gebruiker, pk: int) -> Cyclus:
    cyclus = cycli_zichtbaar_voor(gebruiker=gebruiker).select_related("regio").filter(pk=pk).first()
    if cyclus is None:
        raise Http404("Cyclus niet gevonden.")
    return cyclus


def partnerschappen_in_cyclus(cyclus: Cyclus) -> QuerySet[Partnerschap]:
    if cyclus.regio_id is None:
        return Partnerschap.objects.all()
    return Partnerschap.objects.filter(lidmaatschappen__vestiging__regio=cyclus.regio).distinct()


def probleem_voor(cyclus: Cyclus) -> dict:
    """The solver's problem for a cycle, from the database in a few set-based queries.
    Visitors come from the whole country; the receivers are the cycle's erkende
    partnerships without a finished review."""
    vandaag = timezone.localdate()
    regios, besturen, instituten = defaultdict(set), defaultdict(set), defaultdict(set)
    for code, regio, bestuur, instituut in (
        Lidmaatschap.objects.actief_op(vandaag)
        .order_by()
        .values_list(
            "partnerschap__code",
            "vestiging__regio__code",
            "vestiging__bestuur__nummer",
            "instituut__code",
        )
    ):
        if regio:
            regios[code].add(regio)
        if bestuur:
            besturen[code].add(bestuur)
        if instituut:
            instituten[code].add(instituut)
    alle = list(Partnerschap.objects.order_by("code").values_list("code", "sector"))
    afgerond = set(
        Review.objects.filter(cyclus=cyclus, status=Review.Status.AFGEROND).values_list(
            "ontvangend__code", flat=True
        )
    )
    te_reviewen = sorted(
        set(
            partnerschappen_in_cyclus(cyclus)
            .filter(status=Partnerschap.Status.ERKEND)
            .values_list("code", flat=True)
        )
        - afgerond
    )
    eerder = sorted(
        {
            (b, r)
            for b, r in Review.objects.exclude(cyclus=cyclus)
            .filter(bezoekers__isnull=False)
            .values_list("bezoekers__code", "ontvangend__code")
        }
    )
    regels = defaultdict(list)
    for b, r, soort in Paarregel.objects.filter(cyclus=cyclus).values_list(
        "bezoeker__code", "ontvangend__code", "soort"
    ):
        regels[soort].append([b, r])
    return {
        "partnerschappen": [
            {
                "code": c,
                "regios": sorted(regios[c]),
                "besturen": sorted(besturen[c]),
                "instituten": sorted(instituten[c]),
                "sector": s,
            }
            for c, s in alle
        ],
        "te_reviewen": te_reviewen,
        "bezoekers_per_review": cyclus.bezoekers_per_review,
        "max_bezoeken": cyclus.max_bezoeken,
        "andere_regio_verplicht": cyclus.andere_regio_verplicht,
        "sector": cyclus.sector,
        "eerdere_paren": [list(p) for p in eerder],
        "vastgezet": sorted(regels[Paarregel.Soort.VAST]),
        "uitgesloten": sorted(regels[Paarregel.Soort.UITGESLOTEN]),
        "tijdslimiet": 10,
    }


class ReviewToegang:
    """What a user may do with one review (computed once per request)."""

    def __init__(self, gebruiker, review):
        self.coordinator = (
            cycli_zichtbaar_voor(gebruiker=gebruiker).filter(pk=review.cyclus_id).exists()
        )
        self.ontvangend_bewerken = org.mag_partnerschap_bewerken(gebruiker, review.ontvangend)
        self.ontvangend_lezen = (
            self.ontvangend_bewerken
            or org.partnerschappen_zichtbaar_voor(gebruiker=gebruiker)
            .filter(pk=review.ontvangend_id)
            .exists()
        )
        bezoekers = [b.pk for b in review.bezoekers.all()]
        self.bezoekend_bewerken = (
            org.partnerschappen_bewerkbaar_voor(gebruiker=gebruiker)
            .filter(pk__in=bezoekers)
            .exists()
        )
        self.panellid = (
            review.panelleden.filter(gebruiker=gebruiker).first()
            if gebruiker.is_authenticated
            else None
        )
        self.panel_actief = self.panellid is not None and review.status in Review.PANEL_ACTIEF
        # The reflection is for the receiving side, the coordinator, and the panel while it runs.
        self.reflectie_lezen = self.ontvangend_lezen or self.coordinator or self.panel_actief
        self.zichtbaar = (
            self.coordinator
            or self.ontvangend_lezen
            or self.bezoekend_bewerken
            or self.panel_actief
        )


def review_voor_gebruiker(gebruiker, pk: int):
    review = (
        Review.objects.select_related("cyclus__regio", "ontvangend", "kritische_reflectie__kader")
        .prefetch_related("bezoekers")
        .filter(pk=pk)
        .first()
    )
    if review is None:
        raise Http404("Review niet gevonden.")
    toegang = ReviewToegang(gebruiker, review)
    if not toegang.zichtbaar:
        raise Http404("Review niet gevonden.")
    return review, toegang


def reviews_per_partnerschap(partnerschappen, *, vandaag) -> dict[int, Review]:
    """The latest review of each receiving partnership, with `te_laat` on `vandaag`
    (ReviewQuerySet.te_laat_q, the one definition)."""
    return {
        r.ontvangend_id: r
        for r in Review.objects.filter(ontvangend__in=partnerschappen)
        .annotate(
            te_laat=ExpressionWrapper(
                Review.objects.te_laat_q(vandaag), output_field=BooleanField()
            )
        )
        .select_related("cyclus", "ontvangend")
        .order_by("cyclus__begin", "pk")
    }


def review_te_doen(partnerschap_ids) -> tuple[dict[int, Review], dict[int, list[tuple]]]:
    """For the programmaleider's start page: the latest review of each partnership and
    the step that is theirs now (("peer_review", text))."""
    reviews = {
        r.ontvangend_id: r
        for r in Review.objects.filter(ontvangend_id__in=partnerschap_ids)
        .select_related("cyclus")
        .order_by("cyclus__begin")
    }
    taken: dict[int, list[tuple]] = {}
    for pk, r in reviews.items():
        if (
            r.status in (Review.Status.GEPLAND, Review.Status.PANEL_VASTGESTELD)
            and not r.kritische_reflectie_id
        ):
            tekst = _("Koppel de kritische reflectie en stel een bezoekdatum voor.")
        elif r.status == Review.Status.VERSLAG_CONCEPT:
            tekst = _("Controleer de feiten in het conceptverslag.")
        elif r.status == Review.Status.VERSLAG_DEFINITIEF:
            tekst = _("Leg de ontwikkelagenda vast.")
        else:
            continue
        taken[pk] = [("peer_review", tekst)]
    return reviews, taken


def hulp_gegevens() -> dict:
    """For the help page: the panel rules' defaults, read from the model (each cycle may
    set its own)."""
    velden = {f.name: f for f in Cyclus._meta.get_fields() if hasattr(f, "default")}
    return {
        "standaard": {
            naam: velden[naam].default
            for naam in (
                "bezoekers_per_review",
                "max_bezoeken",
                "andere_regio_verplicht",
                "reflectie_vooraf_dagen",
                "verslag_binnen_dagen",
            )
        }
    }
