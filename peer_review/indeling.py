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

First a shortcut that is just as exact: without the no-reciprocal-pair rule the problem is
a transportation problem (visitors with capacity, receivers with k places), which a
min-cost max-flow solves exactly in milliseconds, objective by objective (`_stroom`). When
that optimum happens to contain no reciprocal pair, it is feasible for the whole problem
and no solution can beat it (it is optimal for a problem with fewer rules): it is the
answer, proven. Otherwise it is CP-SAT's hint.
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
    solved by a min-cost flow where that proves the optimum (`_zonder_wederkerig`), else by
    CP-SAT within the time limit; and what came out in a coordinator's terms."""
    start = time.monotonic()
    codes = sorted(probleem.partnerschappen)
    ontvangers = sorted(probleem.te_reviewen)
    fouten_vast = [
        f"vastgezet paar {a} → {b} kan niet: {blokkade(probleem, a, b)}"
        for a, b in sorted(probleem.vastgezet)
        if b not in ontvangers or blokkade(probleem, a, b)
    ]
    stroom = _zonder_wederkerig(probleem, codes, ontvangers)
    if stroom is not None and stroom[1]:
        uitkomst = _uitkomst(probleem, codes, ontvangers, sorted(stroom[0]), fouten_vast)
        uitkomst["statistiek"]["optimaal_bewezen"] = True
        uitkomst["statistiek"]["seconden"] = round(time.monotonic() - start, 2)
        return uitkomst
    from ortools.sat.python import cp_model  # noqa: PLC0415 (heavy: loaded only when needed)

    model = cp_model.CpModel()
    x, per_bezoeker = _regels(probleem, model, codes, ontvangers)
    hint = None
    if stroom is not None:
        # A feasible start: of each reciprocal pair the flow kept, one visit dropped.
        hint = {(v, r) for v, r in stroom[0] if not ((r, v) in stroom[0] and v > r)}
    _doelen(probleem, model, x, per_bezoeker, ontvangers, hint=hint)
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


def _stroom(
    probleem: Probleem, codes, ontvangers, verboden=frozenset()
) -> tuple[set[tuple[str, str]], tuple[int, int, int]] | None:
    """The exact optimum of the problem without the no-reciprocal-pair rule (and without
    the pairs in `verboden`), as a min-cost max-flow (source → visitor, capacity its
    visits left; visitor → receiver, 1 per allowed pair; receiver → sink, its places
    left), objective by objective: (1) the largest flow G with every visitor at
    `max_bezoeken`; (2) the smallest cap h that still carries G (the spread); (3, 4) among
    the largest flows at h the cheapest, a pair costing -W for the same sector (when
    preferred) and +1 for an earlier pair, W larger than any number of earlier pairs.
    Locked pairs take their places first. Returns the pairs and their value (G, -h, -cost:
    larger is better, compared in that order); None when the locked pairs alone break a
    cap (CP-SAT then decides)."""
    from ortools.graph.python import min_cost_flow  # noqa: PLC0415

    k = probleem.bezoekers_per_review
    te_reviewen = set(ontvangers)
    vast = {
        (v, r)
        for v, r in probleem.vastgezet
        if r in te_reviewen and blokkade(probleem, v, r) is None
    }
    vast_v = {c: sum(1 for v, _ in vast if v == c) for c in codes}
    vast_r = {r: sum(1 for _, rr in vast if rr == r) for r in ontvangers}
    if any(n > probleem.max_bezoeken for n in vast_v.values()) or any(
        n > k for n in vast_r.values()
    ):
        return None
    paren = [
        (v, r)
        for r in ontvangers
        for v in codes
        if (v, r) not in vast and (v, r) not in verboden and blokkade(probleem, v, r) is None
    ]
    # More than the places to fill: no number of earlier pairs outweighs one same sector.
    w = k * len(ontvangers) + 1
    sectoren = probleem.partnerschappen

    def kosten(v, r):
        zelfde = probleem.sector == "voorkeur" and sectoren[v]["sector"] == sectoren[r]["sector"]
        return (-w if zelfde else 0) + (1 if (v, r) in probleem.eerdere_paren else 0)

    knoop_v = {c: 2 + i for i, c in enumerate(codes)}
    knoop_r = {r: 2 + len(codes) + i for i, r in enumerate(ontvangers)}

    def stroom(h):
        graaf = min_cost_flow.SimpleMinCostFlow()
        for c in codes:
            graaf.add_arc_with_capacity_and_unit_cost(0, knoop_v[c], max(h - vast_v[c], 0), 0)
        bogen = [
            graaf.add_arc_with_capacity_and_unit_cost(knoop_v[v], knoop_r[r], 1, kosten(v, r))
            for v, r in paren
        ]
        for r in ontvangers:
            graaf.add_arc_with_capacity_and_unit_cost(knoop_r[r], 1, k - vast_r[r], 0)
        graaf.set_node_supply(0, len(paren))
        graaf.set_node_supply(1, -len(paren))
        if graaf.solve_max_flow_with_min_cost() != graaf.OPTIMAL:
            return None, []
        return graaf.maximum_flow(), [
            p for p, boog in zip(paren, bogen, strict=True) if graaf.flow(boog)
        ]

    g, gekozen = stroom(probleem.max_bezoeken)
    if g is None:
        return None
    # The spread: no cap below the average of the visits can carry them all, nor below
    # the locked visits of one partnership.
    totaal = g + len(vast)
    h = probleem.max_bezoeken
    laagste = max([-(-totaal // len(codes)) if codes else 0, *vast_v.values(), 0])
    for kleiner in range(laagste, probleem.max_bezoeken):
        g_h, gekozen_h = stroom(kleiner)
        if g_h == g:
            h, gekozen = kleiner, gekozen_h
            break
    uit = vast | set(gekozen)
    bezoeken = [sum(1 for v, _ in uit if v == c) for c in codes]
    # The spread as the solution has it (a cap h may be carried by fewer visits).
    hoogste = max(bezoeken, default=0) if h else 0
    return uit, (totaal, -hoogste, -sum(kosten(v, r) for v, r in uit))


def _zonder_wederkerig(probleem: Probleem, codes, ontvangers):
    """The flow's optimum, then again with one pair of each reciprocal pair it chose
    forbidden, while that costs nothing: (pairs, proven). Proven when the pairs have no
    reciprocal pair and the value of the first optimum (an upper bound for the whole
    problem, which has more rules); otherwise they are CP-SAT's hint. None: no flow."""
    eerste = _stroom(probleem, codes, ontvangers)
    if eerste is None:
        return None
    paren, bovengrens = eerste
    verboden: set[tuple[str, str]] = set()
    for _ in range(100):
        wederkerig = {(v, r) for v, r in paren if (r, v) in paren and v > r}
        if not wederkerig:
            return paren, True
        nieuw = wederkerig - probleem.vastgezet - verboden
        if not nieuw:
            break  # locked both ways: only CP-SAT can say
        verboden |= nieuw
        volgende = _stroom(probleem, codes, ontvangers, frozenset(verboden))
        if volgende is None or volgende[1] != bovengrens:
            break
        paren = volgende[0]
    return paren, False


def _doelen(probleem: Probleem, model, x: dict, per_bezoeker: dict, ontvangers, hint=None) -> None:
    """The four objectives in order, as one weighted objective whose weights keep the
    order strict (a lower objective can never outweigh one step of a higher one): fill
    every place, spread the visits, same sector (when preferred), few repeated pairs.
    The greedy solution is the hint: CP-SAT then only has to improve and prove."""
    k = probleem.bezoekers_per_review
    gevuld = sum(x.values())
    hoogste = model.new_int_var(0, max(probleem.max_bezoeken, 0), "hoogste")
    bezoekers = [bezoeken for bezoeken in per_bezoeker.values() if bezoeken]
    for bezoeken in bezoekers:
        model.add(sum(bezoeken) <= hoogste)
    # Implied by the lines above (the visits add up to the places filled), but stated
    # whole it gives the LP relaxation the bound 'hoogste ≥ gevuld / bezoekers' at once:
    # without it CP-SAT proved the spread by search (the national case with at most 3
    # visits was not proven within 10 s; bench/README.md).
    model.add(gevuld <= hoogste * len(bezoekers))
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
    for paar in hint if hint is not None else _gretige_paren(probleem):
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
