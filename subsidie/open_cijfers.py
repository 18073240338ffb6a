"""Open figures (issue 15): counted persons per region, sector and school year for
everyone, without login, only from final counts and with small cells suppressed
(subsidie/onderdrukking.py; method and threshold in docs/open_cijfers.md).

A region's count of a school year is final when a beheerder released it
(OpenCijfersVrijgave: that count), or when every partnership with a member vestiging in
the region during the year has an adopted report (the count of the last adoption). Only
final regions are published; the totals are those of the published regions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from partnerschappen.models import Lidmaatschap, Regio, Sector
from regio_portal.core.schooljaar import schooljaar_begin, schooljaar_einde, schooljaar_label

from . import telregels
from .models import OpenCijfersVrijgave, TellingBesluit, Verantwoording
from .onderdrukking import onderdrukken

SECTOREN = [s for s, _ in Sector.choices]


@dataclass(frozen=True)
class Definitief:
    regio: Regio
    telling_id: int
    datum: object  # datetime of the release or of the last adoption
    grond: str  # "vrijgave" or "vastgesteld"


def definitieve_regios(schooljaar: int) -> list[Definitief]:
    """The regions whose count of `schooljaar` is final, by code. Four queries."""
    regios = {r.pk: r for r in Regio.objects.order_by("code")}
    uit: dict[int, Definitief] = {}
    for v in OpenCijfersVrijgave.objects.filter(schooljaar=schooljaar):
        uit[v.regio_id] = Definitief(regios[v.regio_id], v.telling_id, v.vrijgegeven_op, "vrijgave")
    leden = defaultdict(set)
    for regio_id, partnerschap_id in (
        Lidmaatschap.objects.filter(vestiging__regio__isnull=False)
        .filter(startdatum__lte=schooljaar_einde(schooljaar))
        .filter(Q(einddatum__isnull=True) | Q(einddatum__gte=schooljaar_begin(schooljaar)))
        .values_list("vestiging__regio_id", "partnerschap_id")
        .distinct()
    ):
        leden[regio_id].add(partnerschap_id)
    vastgesteld = {
        p: (t, d)
        for p, t, d in Verantwoording.objects.filter(
            soort=Verantwoording.Soort.PARTNERSCHAP,
            schooljaar=schooljaar,
            status=Verantwoording.Status.VASTGESTELD,
        ).values_list("partnerschap_id", "telling_id", "vastgesteld_op")
    }
    for regio_id, partnerschappen in leden.items():
        if regio_id in uit or not partnerschappen <= set(vastgesteld):
            continue
        telling_id, datum = max((vastgesteld[p] for p in partnerschappen), key=lambda x: x[1])
        uit[regio_id] = Definitief(regios[regio_id], telling_id, datum, "vastgesteld")
    return sorted(uit.values(), key=lambda d: d.regio.code)


def jaren_met_cijfers() -> list[int]:
    """School years with at least one final region (newest first)."""
    jaren = set(OpenCijfersVrijgave.objects.values_list("schooljaar", flat=True).distinct())
    jaren |= set(
        Verantwoording.objects.filter(status=Verantwoording.Status.VASTGESTELD)
        .values_list("schooljaar", flat=True)
        .distinct()
    )
    return sorted((j for j in jaren if definitieve_regios(j)), reverse=True)


def open_cijfers(schooljaar: int, drempel: int | None = None) -> dict:
    """The published table of `schooljaar`: rows the final regions, columns the sectors,
    cells the counted persons (students and zij-instromers), with margins; a suppressed
    cell is None. With the release date of each region and of the table (the latest)."""
    drempel = settings.OPEN_CIJFERS_DREMPEL if drempel is None else drempel
    definitief = definitieve_regios(schooljaar)
    tellingen = defaultdict(list)
    for d in definitief:
        tellingen[d.telling_id].append(d.regio.pk)
    aantallen: dict[tuple[int, str], int] = {}
    for telling_id, regio_ids in tellingen.items():
        for regio_id, sector, n in (
            TellingBesluit.objects.filter(
                telling_id=telling_id, status=telregels.GETELD, vestiging__regio__in=regio_ids
            )
            .order_by()
            .values_list("vestiging__regio_id", "vestiging__sector")
            .annotate(n=Count("pk"))
        ):
            aantallen[(regio_id, sector)] = n
    tabel = [[aantallen.get((d.regio.pk, s), 0) for s in SECTOREN] for d in definitief]
    grid, verborgen = onderdrukken(tabel, drempel)

    def cel(i, j):
        return None if (i, j) in verborgen else grid[i][j]

    rijen = [
        {
            "regio": d.regio.code,
            "naam": d.regio.naam,
            "vrijgegeven_op": d.datum,
            "grond": d.grond,
            "cellen": [cel(i, j) for j in range(len(SECTOREN))],
            "totaal": cel(i, len(SECTOREN)),
        }
        for i, d in enumerate(definitief)
    ]
    n = len(definitief)
    return {
        "schooljaar": schooljaar_label(schooljaar),
        "sectoren": SECTOREN,
        "drempel": drempel,
        "rijen": rijen,
        "totaal": {
            "cellen": [cel(n, j) for j in range(len(SECTOREN))] if rijen else [],
            "totaal": cel(n, len(SECTOREN)) if rijen else None,
        },
        "vrijgegeven_op": max((d.datum for d in definitief), default=None),
        "onderdrukt": len(verborgen),
    }


ONDERDRUKT = "x"  # CBS's sign for a figure not published (geheim)


def _datum(d) -> str | None:
    return timezone.localtime(d).isoformat() if d is not None else None


def als_json(cijfers: dict) -> dict:
    """The table as the JSON download: a suppressed cell is null."""
    return {
        "schooljaar": cijfers["schooljaar"],
        "vrijgegeven_op": _datum(cijfers["vrijgegeven_op"]),
        "eenheid": "getelde personen (studenten en zij-instromers), telregels van de portal",
        "drempel": cijfers["drempel"],
        "onderdrukt_teken": None,
        "sectoren": cijfers["sectoren"],
        "regios": [
            {
                "code": r["regio"],
                "naam": r["naam"],
                "vrijgegeven_op": _datum(r["vrijgegeven_op"]),
                "per_sector": dict(zip(cijfers["sectoren"], r["cellen"], strict=True)),
                "totaal": r["totaal"],
            }
            for r in cijfers["rijen"]
        ],
        "totaal": {
            "per_sector": dict(zip(cijfers["sectoren"], cijfers["totaal"]["cellen"], strict=True)),
            "totaal": cijfers["totaal"]["totaal"],
        },
    }


def als_csv(cijfers: dict) -> tuple[list[str], list[list]]:
    """The table as the CSV download: one row per region and sector (and the totals),
    'x' for a suppressed cell, the release date on every row."""
    kop = ["schooljaar", "regio", "regionaam", "sector", "personen", "vrijgegeven_op"]
    rijen = []

    def waarde(v):
        return ONDERDRUKT if v is None else v

    for r in cijfers["rijen"]:
        datum = _datum(r["vrijgegeven_op"])
        for sector, v in zip(cijfers["sectoren"], r["cellen"], strict=True):
            rijen.append([cijfers["schooljaar"], r["regio"], r["naam"], sector, waarde(v), datum])
        rijen.append(
            [cijfers["schooljaar"], r["regio"], r["naam"], "totaal", waarde(r["totaal"]), datum]
        )
    if cijfers["rijen"]:
        datum = _datum(cijfers["vrijgegeven_op"])
        t = cijfers["totaal"]
        for sector, v in zip(cijfers["sectoren"], t["cellen"], strict=True):
            rijen.append([cijfers["schooljaar"], "totaal", "", sector, waarde(v), datum])
        rijen.append([cijfers["schooljaar"], "totaal", "", "totaal", waarde(t["totaal"]), datum])
    return kop, rijen
