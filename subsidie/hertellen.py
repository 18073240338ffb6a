"""Incremental recount: after placements changed, recount only the persons they belong to.

The telregels count persons independently of each other (rule 3 makes a person of all
placements that share a key; rules 4-7 and 9 decide per person); only the amounts and the
minimum warnings (rules 8, 10) look at the totals. So when a stale snapshot's noted changes
(TellingWijziging) are all placements, its decisions for the persons concerned are
replaced, and its totals, aggregates, warnings and fingerprint are updated from the
difference:

1. the affected placements A: the changed ones and every placement linked to them now by
   a key (the new persons), plus every placement of the persons they belonged to in the
   snapshot (the old persons), until nothing new turns up: so A holds whole persons, old
   and new (a person split or merged by the change is in it with all its placements);
2. the telregels on A alone (telregels.bereken_personen) give A's decisions, persons per
   partnership and region, and its per-placement and per-person warnings;
3. the snapshot's totals minus what the old decisions of A counted plus what the new ones
   count; amounts and minimum warnings from those totals (telregels.samenstellen); the
   coverage and 'counted elsewhere' aggregates the same way; the fingerprint's placement
   part by XOR (out the digests the old decisions carry, in A's).

Anything else that changed (memberships, vestigingen, partnerships, regions, the Regeling,
a recount asked for by hand, more than MAXIMUM placements at once) is noted as a row
without a placement and takes the full count. tests/subsidie/test_hertellen.py proves with
random changes that the result equals a full count, decision for decision.
"""

from __future__ import annotations

from functools import reduce
from operator import xor

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from partnerschappen.models import Partnerschap, Vestiging
from regio_portal.core.services import echte_gebruiker

# The module, not its names: services imports this module too.
from . import selectors, services, telregels
from .models import TellingBesluit, TellingSnapshot, TellingWijziging, Verantwoording
from .vingerafdruk import samengesteld

# More placement ids than this in one change are noted as 'count in full' (a whole file
# replaced: the full count is then as quick, and the notes stay small).
MAXIMUM = 20_000

_OUD = (
    "pk",
    "plaatsing_id",
    "persoon",
    "status",
    "geteld_bij",
    "partnerschap_id",
    "vestiging_id",
    "zij_instroom",
    "afdruk",
)


class _Oud:
    """An old decision of the snapshot (a row of _OUD), read as telregels.Besluit is."""

    __slots__ = _OUD

    def __init__(self, rij):
        for naam, waarde in zip(_OUD, rij, strict=True):
            setattr(self, naam, waarde)


def _oude_besluiten(snapshot, filter_: Q) -> list[_Oud]:
    return [
        _Oud(rij)
        for rij in TellingBesluit.objects.filter(filter_, telling=snapshot)
        .order_by()
        .values_list(*_OUD)
    ]


def _betrokken(snapshot, gewijzigd: set[int]):
    """Step 1: the affected placements (id -> PlaatsingInvoer) and the snapshot's old
    decisions of them (pk -> _Oud), whole persons both."""
    jaar = snapshot.schooljaar
    nu: dict[int, telregels.PlaatsingInvoer] = {}
    oud: dict[int, _Oud] = {}
    # Decisions whose placement went have it emptied (SET_NULL): their persons too.
    begin = _oude_besluiten(snapshot, Q(plaatsing_id__in=gewijzigd) | Q(plaatsing__isnull=True))
    zoek_personen = {b.persoon for b in begin}
    zoek_ids, zoek_s, zoek_p = set(gewijzigd), set(), set()
    gezien_personen: set[int] = set()
    gezien_ids: set[int] = set()
    gezien_s: set[str] = set()
    gezien_p: set[str] = set()
    while zoek_personen or zoek_ids or zoek_s or zoek_p:
        if zoek_personen:
            for b in _oude_besluiten(snapshot, Q(persoon__in=zoek_personen)):
                oud[b.pk] = b
                if b.plaatsing_id is not None and b.plaatsing_id not in gezien_ids:
                    zoek_ids.add(b.plaatsing_id)
            gezien_personen |= zoek_personen
            zoek_personen = set()
        if not (zoek_ids or zoek_s or zoek_p):
            continue
        gevonden = selectors.plaatsingen_invoer(
            jaar, ids=zoek_ids, student_sleutels=zoek_s, persoon_sleutels=zoek_p
        )
        gezien_ids |= zoek_ids
        gezien_s |= zoek_s
        gezien_p |= zoek_p
        zoek_ids, zoek_s, zoek_p = set(), set(), set()
        nieuw = [p for p in gevonden if p.id not in nu]
        for p in nieuw:
            nu[p.id] = p
            gezien_ids.add(p.id)
            if p.student_sleutel not in gezien_s:
                zoek_s.add(p.student_sleutel)
            if p.persoon_sleutel and p.persoon_sleutel not in gezien_p:
                zoek_p.add(p.persoon_sleutel)
        if nieuw:
            personen = TellingBesluit.objects.filter(
                telling=snapshot, plaatsing_id__in=[p.id for p in nieuw]
            ).values_list("persoon", flat=True)
            zoek_personen = set(personen.order_by().distinct()) - gezien_personen
    return nu, oud


# The snapshot's large JSON fields, written by an update in place only when they changed.
_GROOT = frozenset({"resultaat", "waarschuwingen", "samenvatting"})


def bijwerken(
    huidig: TellingSnapshot, *, parameters, parameters_json: dict, door
) -> TellingSnapshot | None:
    """Bring the stale snapshot `huidig` up to date incrementally, inside the caller's
    transaction and count lock. None when it cannot (a change that needs the full count,
    nothing noted, or a snapshot from before the fingerprint had two parts)."""
    if (
        not huidig.verouderd
        or not huidig.basis_afdruk
        or huidig.plaatsingen_afdruk is None
        or huidig.parameters != parameters_json
    ):
        return None
    notities = list(
        TellingWijziging.objects.filter(telling=huidig).values_list("pk", "plaatsing_id")
    )
    if not notities or any(plaatsing is None for _, plaatsing in notities):
        return None
    gewijzigd = {plaatsing for _, plaatsing in notities}
    jaar = huidig.schooljaar

    nu, oud = _betrokken(huidig, gewijzigd)

    # Step 2: the telregels on the affected placements.
    oude_vestigingen = {b.vestiging_id for b in oud.values()}
    vestigingen = {
        pk: (code, regio, sector)
        for pk, code, regio, sector in Vestiging.objects.filter(
            Q(pk__in=oude_vestigingen) | Q(code__in={p.vestiging for p in nu.values()})
        )
        .order_by()
        .values_list("pk", "code", "regio__code", "sector")
    }
    if not oude_vestigingen <= set(vestigingen) or any(
        b.status == telregels.GETELD
        and b.geteld_bij not in {r["code"] for r in huidig.resultaat["partnerschappen"]}
        for b in oud.values()
    ):
        return None  # a vestiging or partnership went: only the full count is sure
    regio = {code: r for code, r, _ in vestigingen.values()}
    sector = {code: s for code, _, s in vestigingen.values()}
    deel = telregels.bereken_personen(
        schooljaar=jaar,
        regeling=parameters,
        plaatsingen=list(nu.values()),
        lidmaatschappen=selectors.lidmaatschappen_invoer({p.vestiging for p in nu.values()}),
        regio_van_vestiging=regio,
    )

    # Step 3: totals, aggregates, warnings and fingerprint from the difference.
    partnerschap_code = dict(Partnerschap.objects.values_list("pk", "code"))
    resultaat = huidig.resultaat
    per_partnerschap = {
        r["code"]: [r["studenten"], r["zij_instromers"]] for r in resultaat["partnerschappen"]
    }
    per_regio = {r["code"]: [r["studenten"], r["zij_instromers"]] for r in resultaat["regios"]}
    for b in oud.values():
        if b.status == telregels.GETELD:
            categorie = 1 if b.zij_instroom else 0
            per_partnerschap[b.geteld_bij][categorie] -= 1
            code = vestigingen[b.vestiging_id][0]
            if r := regio.get(code):
                per_regio[r][categorie] -= 1
    for totalen, erbij in ((per_partnerschap, deel.per_partnerschap), (per_regio, deel.per_regio)):
        for code, (s, z) in erbij.items():
            totaal = totalen.setdefault(code, [0, 0])
            totaal[0] += s
            totaal[1] += z

    # A deleted placement's old decision has no placement any more (SET_NULL): None is no
    # placement id, and must not match the warnings that name no placement (per person).
    weg_plaatsingen = (gewijzigd | set(nu) | {b.plaatsing_id for b in oud.values()}) - {None}
    weg_personen = {b.persoon for b in oud.values()}
    blijven = [
        w
        for w in huidig.waarschuwingen
        if w["soort"] not in ("partnerschap_onder_minimum", "regio_onder_minimum")
        and not ("plaatsing_id" in w and w["plaatsing_id"] in weg_plaatsingen)
        and not (w["soort"] == "overlap_partnerschappen" and w["persoon"] in weg_personen)
    ]
    telling = telregels.samenstellen(
        schooljaar=jaar,
        regeling=parameters,
        besluiten=deel.besluiten,
        per_partnerschap=per_partnerschap,
        per_regio=per_regio,
        waarschuwingen=blijven + deel.waarschuwingen,
        partnerschap_codes=[r["code"] for r in resultaat["partnerschappen"]],
        regio_codes=[r["code"] for r in resultaat["regios"]],
    )

    samenvatting = {
        "dekking": {
            r: {s: list(cel) for s, cel in per_sector.items()}
            for r, per_sector in huidig.samenvatting.get("dekking", {}).items()
        },
        "elders": dict(huidig.samenvatting.get("elders", {})),
    }
    services.samenvatting_tellen(
        samenvatting,
        (
            (vestigingen[b.vestiging_id][0], partnerschap_code[b.partnerschap_id], b)
            for b in oud.values()
        ),
        regio=regio,
        sector=sector,
        teken=-1,
    )
    services.samenvatting_tellen(
        samenvatting,
        (
            (nu[b.plaatsing_id].vestiging, nu[b.plaatsing_id].partnerschap, b)
            for b in deel.besluiten
        ),
        regio=regio,
        sector=sector,
    )
    plaatsingen_afdruk = reduce(
        xor,
        (b.afdruk for b in oud.values()),
        reduce(xor, (p.afdruk for p in nu.values()), huidig.plaatsingen_afdruk),
    )

    velden = {
        "resultaat": services.resultaat_json(jaar, parameters_json, telling),
        "waarschuwingen": telling.waarschuwingen,
        "samenvatting": samenvatting,
        "plaatsingen_afdruk": plaatsingen_afdruk,
        "vingerafdruk": samengesteld(huidig.basis_afdruk, plaatsingen_afdruk),
        "berekend_op": timezone.now(),
        "berekend_door": echte_gebruiker(door),
    }
    gezien = [pk for pk, _ in notities]
    if Verantwoording.objects.filter(telling=huidig).exists():
        # A report points at it: it stays as it is, a new snapshot takes its place.
        snapshot = TellingSnapshot(
            schooljaar=jaar,
            regeling_id=huidig.regeling_id,
            parameters=parameters_json,
            basis_afdruk=huidig.basis_afdruk,
            wijzigingen={},
            **velden,
        )
        services.snapshot_vervangen(huidig, snapshot, gezien)
        if snapshot.verouderd:
            snapshot.wijzigingen = huidig.wijzigingen
            snapshot.save(update_fields=["wijzigingen"])
        _besluiten_kopieren(huidig, snapshot, list(oud))
    else:
        snapshot = huidig
        TellingWijziging.objects.filter(pk__in=gezien).delete()
        nog = TellingWijziging.objects.filter(telling=huidig).exists()
        # The large JSON only when it changed: the warnings (~260 kB nationally) mostly
        # stay the same, and writing them again was the largest part of a 100-row recount.
        gewijzigd_velden = [
            naam
            for naam, waarde in velden.items()
            if naam not in _GROOT or getattr(snapshot, naam) != waarde
        ]
        for naam in gewijzigd_velden:
            setattr(snapshot, naam, velden[naam])
        snapshot.verouderd = nog
        if not nog:
            snapshot.wijzigingen = {}
        snapshot.save(update_fields=[*gewijzigd_velden, "verouderd", "wijzigingen"])
        # With the snapshot: its partition alone is searched (migration 0010).
        TellingBesluit.objects.filter(telling=snapshot, pk__in=list(oud)).delete()
    services._besluiten_opslaan(snapshot, services.besluit_rijen(snapshot, nu.values(), deel))
    return snapshot


def _besluiten_kopieren(van, naar, behalve: list[int]) -> None:
    """The decisions of `van` but `behalve` (pks) for `naar`: one INSERT … SELECT, on
    PostgreSQL into the new snapshot's own partition before it is attached (its indexes
    then built in one pass, as for a full count)."""
    tabel = TellingBesluit._meta.db_table
    kolommen = ", ".join(services.BESLUIT_KOLOMMEN[1:])
    uitgezonderd = ""
    params: list = [naar.pk, van.pk]
    if behalve:
        uitgezonderd = f" AND id NOT IN ({', '.join(['%s'] * len(behalve))})"
        params.extend(behalve)

    def kopieer(cursor, naar_tabel):
        cursor.execute(
            f"INSERT INTO {naar_tabel} (telling_id, {kolommen}) "  # noqa: S608 (names only)
            f"SELECT %s, {kolommen} FROM {tabel} WHERE telling_id = %s{uitgezonderd}",
            params,
        )

    if connection.vendor == "postgresql":
        with services.nieuwe_besluiten_partitie(naar.pk) as (cursor, deel):
            kopieer(cursor, deel)
    else:
        with connection.cursor() as cursor:
            kopieer(cursor, tabel)
