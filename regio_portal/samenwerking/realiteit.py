"""Reality of a route (GROW's R): the portal's own facts on a partnership or region,
read from the apps that own them, as one JSON-ready dict. While a route is a concept the
page reads it live; submitting or adopting it stores this dict in `Route.realiteit`, so
the figures a steering meeting discussed stay as they were (services.route_indienen).

The parts: the count of the latest school year with data and the four before (current
counts of subsidie: counted students and zij-instromers), coverage toward 100% per sector
of the region(s), the most recent submitted zelfevaluatie with its average per waarborg
and the open ontwikkelpunten (kwaliteit), the latest peer review with its status and
ontwikkelagenda (peer_review), and the region's vestigingen in no partnership."""

from __future__ import annotations

from django.utils import timezone

from kwaliteit import selectors as kw
from partnerschappen.models import Regio
from peer_review import selectors as pr
from regio_portal.core.schooljaar import schooljaar_label
from subsidie import selectors as sub
from subsidie.models import TellingSnapshot

from . import selectors

JAREN = 5


def _tellingen(jaren: list[int]) -> dict[int, TellingSnapshot]:
    return {
        s.schooljaar: s
        for s in sub.tellingen_met_inhoud(
            TellingSnapshot.objects.filter(actueel=True, schooljaar__in=jaren)
        )
    }


def _trend(snapshots: dict, jaren: list[int], sleutel: str, code: str) -> list[dict]:
    uit = []
    for j in jaren:
        s = snapshots.get(j)
        rij = next((r for r in s.resultaat[sleutel] if r["code"] == code), None) if s else None
        uit.append(
            {
                "schooljaar": schooljaar_label(j),
                "geteld": s is not None,
                # A count marked stale (input changed, recount pending) says so.
                "verouderd": bool(s and s.verouderd),
                "studenten": rij["studenten"] if rij else 0,
                "zij_instromers": rij["zij_instromers"] if rij else 0,
            }
        )
    return uit


def _dekking(snapshot: TellingSnapshot | None, regio: Regio) -> list[dict]:
    per_sector = snapshot.samenvatting.get("dekking", {}).get(regio.code, {}) if snapshot else {}
    return [
        {
            "regio": regio.code,
            "sector": sector,
            "plaatsingen": totaal,
            "in_partnerschap": binnen,
            "procent": round(100 * binnen / totaal) if totaal else None,
        }
        for sector, (totaal, binnen) in sorted(per_sector.items())
    ]


def _review(review) -> dict | None:
    if review is None:
        return None
    return {
        "cyclus": review.cyclus.naam,
        "status": review.get_status_display(),
        "bezoekdatum": review.bezoekdatum.isoformat() if review.bezoekdatum else "",
        "ontwikkelagenda": review.ontwikkelagenda,
    }


def _nog_niet_in(regio: Regio, jaar: int) -> dict:
    lijst = selectors.nog_niet_in(regio, jaar)
    return {
        "regio": regio.code,
        "vestigingen": lijst["aantal"],
        "van": lijst["totaal"],
        "plaatsingen": lijst["plaatsingen"],
        "besturen": [
            {
                "nummer": b["bestuur"].nummer,
                "naam": b["bestuur"].naam,
                "geheel": b["geheel"],
                "vestigingen": len(b["vestigingen"]),
            }
            for b in lijst["besturen"]
        ],
    }


def bereken(route) -> dict:
    """The route's Reality now (see the module docstring). A fixed number of queries for
    a partnership; for a region a fixed number plus the not-yet-in list."""
    jaar = sub.standaard_schooljaar()
    jaren = list(range(jaar - JAREN + 1, jaar + 1))
    snapshots = _tellingen(jaren)
    if route.partnerschap_id:
        partnerschappen = [route.partnerschap]
        regios = list(selectors.regios_van_partnerschap(route.partnerschap).order_by("code"))
        trend = _trend(snapshots, jaren, "partnerschappen", route.partnerschap.code)
    else:
        regios = [route.regio]
        partnerschappen = selectors.partnerschappen_van_regio(route.regio)
        trend = _trend(snapshots, jaren, "regios", route.regio.code)
    ids = [p.pk for p in partnerschappen]
    oordelen = kw.laatste_oordeel(ids)
    reviews = pr.reviews_per_partnerschap(partnerschappen, vandaag=timezone.localdate())
    return {
        "berekend_op": timezone.now().isoformat(timespec="seconds"),
        "schooljaar": schooljaar_label(jaar),
        "trend": trend,
        "dekking": [d for r in regios for d in _dekking(snapshots.get(jaar), r)],
        "partnerschappen": [
            {
                "code": p.code,
                "naam": p.naam,
                "zelfevaluatie": oordelen[p.pk],
                "peer_review": _review(reviews.get(p.pk)),
            }
            for p in partnerschappen
        ],
        "nog_niet_in": [_nog_niet_in(r, jaar) for r in regios],
    }


def van(route) -> dict:
    """What the route page shows: the frozen Reality once submitted, else today's."""
    return route.realiteit if route.realiteit is not None else bereken(route)
