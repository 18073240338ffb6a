"""The panel solver: which partnerships visit which receiving partnership.

A pure module (no ORM): a problem in, an assignment out, both plain data (the JSON
format is in docs/peer_review_indeling.md). Exact, not greedy: OR-Tools CP-SAT solves
the objectives in order (lexicographically), each stage fixing the optimum of the one
before:

1. fill as many visitor slots as possible;
2. spread the visits: minimise the largest number of visits by any partnership;
3. prefer the same sector (when the sector rule is `voorkeur`);
4. avoid earlier pairs.

Hard constraints: no self-visit; no shared region when another region is required; no
shared bestuur or instituut; no reciprocal pair; at most `max_bezoeken` per visiting
partnership; locked pairs kept, excluded pairs absent; the same sector when `verplicht`
(`sectoroverstijgend` fits every sector).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

SECTOR_REGELS = ("verplicht", "voorkeur", "geen")


@dataclass
class Probleem:
    partnerschappen: dict[str, dict]
    te_reviewen: list[str]
    bezoekers_per_review: int = 2
    max_bezoeken: int = 2
    andere_regio_verplicht: bool = True
    sector: str = "voorkeur"
    eerdere_paren: set[tuple[str, str]] = field(default_factory=set)
    vastgezet: set[tuple[str, str]] = field(default_factory=set)
    uitgesloten: set[tuple[str, str]] = field(default_factory=set)
    tijdslimiet: float = 10.0


class ProbleemFout(ValueError):
    """The problem file is not valid; the message says where."""


def lees_probleem(gegevens: dict) -> Probleem:
    """Validate a problem (the documented JSON) into a Probleem; ProbleemFout otherwise."""
    fouten = []
    partnerschappen = {}
    for i, p in enumerate(gegevens.get("partnerschappen") or []):
        if not isinstance(p, dict) or not p.get("code"):
            fouten.append(f"partnerschappen[{i}].code: ontbreekt")
            continue
        partnerschappen[str(p["code"])] = {
            "regios": set(map(str, p.get("regios") or [])),
            "besturen": set(map(str, p.get("besturen") or [])),
            "instituten": set(map(str, p.get("instituten") or [])),
            "sector": str(p.get("sector") or ""),
        }
    if not partnerschappen:
        fouten.append("partnerschappen: ten minste één")
    te_reviewen = [str(c) for c in gegevens.get("te_reviewen") or []]
    for c in te_reviewen:
        if c not in partnerschappen:
            fouten.append(f"te_reviewen: onbekend partnerschap {c}")
    sector = gegevens.get("sector", "voorkeur")
    if sector not in SECTOR_REGELS:
        fouten.append(f"sector: kies uit {', '.join(SECTOR_REGELS)}")

    def paren(sleutel):
        uit = set()
        for paar in gegevens.get(sleutel) or []:
            if (not isinstance(paar, list | tuple)) or len(paar) != 2:
                fouten.append(f"{sleutel}: elk paar is [bezoeker, ontvangend]")
                continue
            a, b = map(str, paar)
            for c in (a, b):
                if c not in partnerschappen:
                    fouten.append(f"{sleutel}: onbekend partnerschap {c}")
            uit.add((a, b))
        return uit

    probleem = Probleem(
        partnerschappen=partnerschappen,
        te_reviewen=list(dict.fromkeys(te_reviewen)),
        bezoekers_per_review=int(gegevens.get("bezoekers_per_review", 2)),
        max_bezoeken=int(gegevens.get("max_bezoeken", 2)),
        andere_regio_verplicht=bool(gegevens.get("andere_regio_verplicht", True)),
        sector=sector,
        eerdere_paren=paren("eerdere_paren"),
        vastgezet=paren("vastgezet"),
        uitgesloten=paren("uitgesloten"),
        tijdslimiet=float(gegevens.get("tijdslimiet", 10)),
    )
    if probleem.bezoekers_per_review < 1 or probleem.max_bezoeken < 0:
        fouten.append("bezoekers_per_review ≥ 1 en max_bezoeken ≥ 0")
    if fouten:
        raise ProbleemFout("; ".join(fouten))
    return probleem


def _sector_past(a: str, b: str) -> bool:
    return a == b or "sectoroverstijgend" in (a, b) or not a or not b


def blokkade(probleem: Probleem, bezoeker: str, ontvangend: str) -> str | None:
    """Why this pair is not allowed (a hard constraint, in words), or None."""
    if bezoeker == ontvangend:
        return "zelfde partnerschap"
    if (bezoeker, ontvangend) in probleem.uitgesloten:
        return "uitgesloten door de coördinator"
    v, r = probleem.partnerschappen[bezoeker], probleem.partnerschappen[ontvangend]
    if probleem.andere_regio_verplicht and v["regios"] & r["regios"]:
        return "zelfde regio"
    if v["besturen"] & r["besturen"] or v["instituten"] & r["instituten"]:
        return "gedeeld bestuur of instituut (belangenverstrengeling)"
    if probleem.sector == "verplicht" and not _sector_past(v["sector"], r["sector"]):
        return "andere sector"
    return None


def los_op(probleem: Probleem) -> dict:
    """The exact panel assignment: the model with its hard rules and ordered objectives,
    solved by CP-SAT within the time limit, and what came out in a coordinator's terms."""
    from ortools.sat.python import cp_model  # noqa: PLC0415 (heavy: loaded by the solver only)

    start = time.monotonic()
    codes = sorted(probleem.partnerschappen)
    ontvangers = sorted(probleem.te_reviewen)
    fouten_vast = [
        f"vastgezet paar {a} → {b} kan niet: {blokkade(probleem, a, b)}"
        for a, b in sorted(probleem.vastgezet)
        if b not in ontvangers or blokkade(probleem, a, b)
    ]
    model = cp_model.CpModel()
    x, per_bezoeker = _regels(probleem, model, codes, ontvangers)
    _doelen(probleem, model, x, per_bezoeker, ontvangers)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = max(
        probleem.tijdslimiet - (time.monotonic() - start), 0.5
    )
    status = solver.solve(model)
    gekozen = [
        paar
        for paar, var in x.items()
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.value(var)
    ]
    uitkomst = _uitkomst(probleem, codes, ontvangers, gekozen, fouten_vast)
    uitkomst["statistiek"]["optimaal_bewezen"] = status == cp_model.OPTIMAL
    uitkomst["statistiek"]["seconden"] = round(time.monotonic() - start, 2)
    return uitkomst


def _regels(probleem: Probleem, model, codes, ontvangers) -> tuple[dict, dict]:
    """The hard rules: one variable per allowed (visitor, receiver) pair; at most k
    visitors per review, at most max_bezoeken visits per partnership, no reciprocal
    pairs, fixed pairs fixed."""
    toegestaan = [(v, r) for r in ontvangers for v in codes if blokkade(probleem, v, r) is None]
    x = {(v, r): model.new_bool_var(f"x_{v}_{r}") for v, r in toegestaan}
    per_ontvanger: dict[str, list] = {r: [] for r in ontvangers}
    per_bezoeker: dict[str, list] = {v: [] for v in codes}
    for (v, r), var in x.items():
        per_ontvanger[r].append(var)
        per_bezoeker[v].append(var)
    for r in ontvangers:
        model.add(sum(per_ontvanger[r]) <= probleem.bezoekers_per_review)
    for v in codes:
        model.add(sum(per_bezoeker[v]) <= probleem.max_bezoeken)
    for (v, r), var in x.items():
        if (r, v) in x and v < r:
            model.add(var + x[(r, v)] <= 1)
    for paar in probleem.vastgezet:
        if paar in x:
            model.add(x[paar] == 1)
    return x, per_bezoeker


def _doelen(probleem: Probleem, model, x: dict, per_bezoeker: dict, ontvangers) -> None:
    """The four objectives in order, as one weighted objective whose weights keep the
    order strict (a lower objective can never outweigh one step of a higher one): fill
    every place, spread the visits, same sector (when preferred), few repeated pairs.
    The greedy solution is the hint: CP-SAT then only has to improve and prove."""
    k = probleem.bezoekers_per_review
    gevuld = sum(x.values())
    hoogste = model.new_int_var(0, max(probleem.max_bezoeken, 0), "hoogste")
    for bezoeken in per_bezoeker.values():
        if bezoeken:
            model.add(sum(bezoeken) <= hoogste)
    zelfde_sector = sum(
        var
        for (v, r), var in x.items()
        if probleem.partnerschappen[v]["sector"] == probleem.partnerschappen[r]["sector"]
    )
    eerder = sum(var for paar, var in x.items() if paar in probleem.eerdere_paren)
    plaatsen = k * len(ontvangers) + 1
    m = max(probleem.max_bezoeken, 0) + 1
    sector = zelfde_sector if probleem.sector == "voorkeur" else 0
    model.maximize(((gevuld * m - hoogste) * plaatsen + sector) * plaatsen - eerder)
    for paar in _gretige_paren(probleem):
        if paar in x:
            model.add_hint(x[paar], 1)


def _uitkomst(probleem: Probleem, codes, ontvangers, gekozen, fouten_vast) -> dict:
    """The chosen pairs as panels, the places left open with why, and the figures."""
    k = probleem.bezoekers_per_review
    bezoekers: dict[str, list[str]] = {r: [] for r in ontvangers}
    bezoeken: dict[str, int] = dict.fromkeys(codes, 0)
    for v, r in gekozen:
        bezoekers[r].append(v)
        bezoeken[v] += 1
    onvervuld = [
        {
            "ontvangend": r,
            "ontbrekend": k - len(bezoekers[r]),
            "reden": _reden(probleem, r, bezoekers, bezoeken),
        }
        for r in ontvangers
        if len(bezoekers[r]) < k
    ]
    return {
        "toewijzing": [{"ontvangend": r, "bezoekers": sorted(bezoekers[r])} for r in ontvangers],
        "onvervuld": onvervuld,
        "fouten": fouten_vast,
        "statistiek": {
            "plaatsen": k * len(ontvangers),
            "gevuld": len(gekozen),
            "hoogste_aantal_bezoeken": max(bezoeken.values(), default=0),
            "zelfde_sector": sum(
                1
                for v, r in gekozen
                if probleem.partnerschappen[v]["sector"] == probleem.partnerschappen[r]["sector"]
            ),
            "eerdere_paren": sum(1 for p in gekozen if p in probleem.eerdere_paren),
            "optimaal_bewezen": False,
            "seconden": 0.0,
        },
    }


def _reden(probleem: Probleem, r: str, bezoekers, bezoeken) -> str:
    """Why a receiving partnership did not get a full panel, in a coordinator's words."""
    tellen: dict[str, int] = {}
    kandidaten = []
    for v in sorted(probleem.partnerschappen):
        if v == r:
            continue
        reden = blokkade(probleem, v, r)
        if reden:
            tellen[reden] = tellen.get(reden, 0) + 1
        else:
            kandidaten.append(v)
    afgevallen = ", ".join(
        f"{n}× {reden}" for reden, n in sorted(tellen.items(), key=lambda x: (-x[1], x[0]))
    )
    if len(kandidaten) < probleem.bezoekers_per_review:
        wie = "partnerschap mag" if len(kandidaten) == 1 else "partnerschappen mogen"
        return (
            f"Slechts {len(kandidaten)} {wie} bezoeken "
            f"({', '.join(kandidaten) or 'geen'}); de andere vallen af: {afgevallen}."
        )
    waarom = []
    for v in kandidaten:
        if v in bezoekers.get(r, []):
            continue
        if r in bezoekers.get(v, []):
            waarom.append(f"{v} wordt al door {r} bezocht (geen wederkerige paren)")
        elif bezoeken.get(v, 0) >= probleem.max_bezoeken:
            waarom.append(f"{v} bezoekt al {bezoeken[v]} keer (maximum {probleem.max_bezoeken})")
    return (
        f"{len(kandidaten)} partnerschappen komen in aanmerking, maar: "
        + "; ".join(waarom)
        + ". Verhoog het maximum aantal bezoeken (Regels wijzigen) of sta meer paren toe."
    )


def gretig(probleem: Probleem) -> int:
    """Baseline for the benchmark: the number of slots the greedy pass fills."""
    return len(_gretige_paren(probleem))


def _gretige_paren(probleem: Probleem) -> set[tuple[str, str]]:
    """Each receiving partnership in turn takes the first allowed visitors with capacity
    left (and no reciprocal pair)."""
    bezoeken: dict[str, int] = dict.fromkeys(probleem.partnerschappen, 0)
    gekozen: set[tuple[str, str]] = {p for p in probleem.vastgezet if not blokkade(probleem, *p)}
    for v, _r in gekozen:
        bezoeken[v] += 1
    for r in sorted(probleem.te_reviewen):
        panel = [v for v, rr in gekozen if rr == r]
        for v in sorted(probleem.partnerschappen):
            if len(panel) >= probleem.bezoekers_per_review:
                break
            if (v, r) in gekozen or blokkade(probleem, v, r) or (r, v) in gekozen:
                continue
            if bezoeken[v] >= probleem.max_bezoeken:
                continue
            gekozen.add((v, r))
            panel.append(v)
            bezoeken[v] += 1
    return gekozen
