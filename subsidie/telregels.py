"""The telregels (domain.md, "Telregels"): counting studenten and zij-instromers per
partnership and region without double counting. A pure function of its inputs; no ORM.

Rules, by number:
 1. a school year runs 1 August – 31 July; the peildatum comes from the Regeling;
 2. a placement counts only if (a) its opleidingstype is counted, (b) it overlaps the
    school year, (c) its vestiging is a member of its partnership on at least one day of
    the placement inside the school year, (d) it lasts at least the minimum days;
 3. placements sharing a persoonsnummer, or an (instituut, studentnummer) pair, belong to
    one person, transitively;
 4. a person counts at most once per school year, nationwide;
 5. attribution: placements active on the peildatum if any, else all; most days inside
    the school year; earliest start; lowest partnership code; lowest vestigingscode;
 6. category zij-instromer if the attributed placement is zij_instroom, else student;
 7. region of the attributed placement's vestiging;
 8. amounts: vaste voet (partnerships with at least one counted person) + persons ×
    per-person amounts; over a budget ceiling the per-person amounts are scaled by one
    common factor; Decimal, half-up to cents per partnership;
 9. every placement that does not count keeps why;
10. warnings: under a minimum, placements at non-member vestigingen, persons with
    overlapping placements in different partnerships.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from operator import attrgetter
from typing import NamedTuple

from regio_portal.core.schooljaar import schooljaar_begin, schooljaar_einde

CENT = Decimal("0.01")
ZIJ_INSTROOM = "zij_instroom"

# Reasons a placement does not count (rule 9). Stable codes; texts in REDENEN.
NIET_GETELD_TYPE = "type_niet_geteld"
BUITEN_SCHOOLJAAR = "buiten_schooljaar"
GEEN_LID = "geen_lid"
TE_KORT = "te_kort"
ELDERS_GETELD = "elders_geteld"
GETELD = "geteld"

REDENEN = {
    GETELD: "geteld",
    NIET_GETELD_TYPE: "opleidingstype telt niet mee onder deze regeling",
    BUITEN_SCHOOLJAAR: "valt buiten het schooljaar",
    GEEN_LID: "vestiging is geen lid van het partnerschap tijdens de plaatsing",
    TE_KORT: "korter dan het minimum aantal dagen",
    ELDERS_GETELD: "persoon is al geteld bij een andere plaatsing",
}


@dataclass(frozen=True)
class RegelingParameters:
    code: str
    peildatum: dt.date
    getelde_typen: frozenset[str]
    minimum_dagen: int = 1
    vaste_voet: Decimal = Decimal("0")
    bedrag_per_student: Decimal = Decimal("0")
    bedrag_per_zij_instromer: Decimal = Decimal("0")
    minimum_per_partnerschap: int | None = None
    minimum_per_regio: int | None = None
    budgetplafond: Decimal | None = None
    voorlopig: bool = False


class PlaatsingInvoer(NamedTuple):
    """One placement (a NamedTuple: 150,000 of them are built per count)."""

    id: int
    partnerschap: str
    vestiging: str
    instituut: str
    student_sleutel: str
    persoon_sleutel: str
    opleidingstype: str
    startdatum: dt.date
    einddatum: dt.date | None  # None: until the end of the school year
    # Not read by the rules: the digest of the placement's input (its part of the count's
    # fingerprint, subsidie/vingerafdruk.py) and its vestiging's id (kept on the decision);
    # the placement's own part of its decision's COPY row, when the read made it
    # (subsidie.services.besluit_tekst).
    afdruk: int = 0
    vestiging_id: int | None = None
    besluit_staart: str = ""


class LidmaatschapInvoer(NamedTuple):
    partnerschap: str
    vestiging: str
    startdatum: dt.date
    einddatum: dt.date | None


class Besluit(NamedTuple):
    plaatsing_id: int
    status: str
    persoon: int
    geteld_bij: str = ""  # partnership code where the person counted (rule 9)


# A Besluit of all four fields, made without the NamedTuple's Python-level __new__ and
# without a Python frame of its own (150,000 per count).
_besluit: Callable[[tuple], Besluit] = partial(tuple.__new__, Besluit)


@dataclass
class Telling:
    schooljaar: int
    regeling: RegelingParameters
    partnerschappen: dict[str, dict] = field(default_factory=dict)
    regios: dict[str, dict] = field(default_factory=dict)
    totaal: dict = field(default_factory=dict)
    besluiten: list[Besluit] = field(default_factory=list)
    waarschuwingen: list[dict] = field(default_factory=list)
    factor: Decimal = Decimal("1")


def _dagen(begin: dt.date, einde: dt.date) -> int:
    return (einde - begin).days + 1 if einde >= begin else 0


class _Verzamelingen:
    """Union-find over placement indices (rule 3)."""

    def __init__(self, n: int):
        self.ouder = list(range(n))

    def vind(self, i: int) -> int:
        while self.ouder[i] != i:
            self.ouder[i] = self.ouder[self.ouder[i]]
            i = self.ouder[i]
        return i

    def verenig(self, a: int, b: int) -> None:
        ra, rb = self.vind(a), self.vind(b)
        if ra != rb:
            # The smaller root wins so that person numbers do not depend on order.
            if ra < rb:
                self.ouder[rb] = ra
            else:
                self.ouder[ra] = rb


class Deeltelling(NamedTuple):
    """Rules 2-7 and 9 for a set of whole persons: their decisions, persons counted per
    partnership and region ([studenten, zij-instromers]), the persons whose eligible
    placements overlap in different partnerships (rule 10), and the warnings about single
    placements (rule 10: non-member vestiging, counted at a vestiging without a region).
    Persons are independent of each other, so a count of all placements is one
    Deeltelling, and an incremental recount replaces the Deeltelling of the persons a
    change touched (subsidie/hertellen.py)."""

    besluiten: list[Besluit]
    per_partnerschap: dict[str, list[int]]
    per_regio: dict[str, list[int]]
    waarschuwingen: list[dict]


def bereken_personen(
    *,
    schooljaar: int,
    regeling: RegelingParameters,
    plaatsingen: Sequence[PlaatsingInvoer],
    lidmaatschappen: Iterable[LidmaatschapInvoer],
    regio_van_vestiging: dict[str, str | None],
    uitvoer: Callable[[list[Besluit]], object] | None = None,
) -> Deeltelling:
    """Rules 2-7, 9 and the per-placement and per-person warnings of rule 10, for
    placements that hold every placement of each person in them (rule 3). `uitvoer`, if
    given, receives the decisions in blocks as soon as they are final, in the order they
    are made (persons by their first placement): a writer can store them while the rest
    is worked out (subsidie.services.telling_bereken)."""
    # Sorting by id makes the result independent of the input order; a person's number is
    # the lowest id of its placements, so it does not depend on the other persons either.
    plaatsingen = sorted(plaatsingen, key=attrgetter("id"))
    geschiktheid = _geschiktheid(schooljaar, regeling, plaatsingen, _leden(lidmaatschappen))
    toerekening = _toerekenen(
        schooljaar_einde(schooljaar),
        regeling,
        plaatsingen,
        geschiktheid,
        _personen(plaatsingen),
        regio_van_vestiging,
        uitvoer,
    )
    return Deeltelling(
        toerekening.besluiten,
        toerekening.per_partnerschap,
        toerekening.per_regio,
        _plaatsing_waarschuwingen(
            plaatsingen,
            geschiktheid.geen_lid,
            toerekening.zonder_regio,
            toerekening.overlappend,
            regio_van_vestiging,
        ),
    )


def bereken_telling(
    *,
    schooljaar: int,
    regeling: RegelingParameters,
    plaatsingen: Sequence[PlaatsingInvoer],
    lidmaatschappen: Iterable[LidmaatschapInvoer],
    regio_van_vestiging: dict[str, str | None],
    partnerschap_codes: Iterable[str],
    regio_codes: Iterable[str],
    uitvoer: Callable[[list[Besluit]], object] | None = None,
) -> Telling:
    """The telregels in their order: eligibility (2), persons (3), one attributed
    placement per person (4-7), amounts (8) and warnings (10); every decision kept (9),
    and handed to `uitvoer` block by block as it is made (see bereken_personen)."""
    deel = bereken_personen(
        schooljaar=schooljaar,
        regeling=regeling,
        plaatsingen=plaatsingen,
        lidmaatschappen=lidmaatschappen,
        regio_van_vestiging=regio_van_vestiging,
        uitvoer=uitvoer,
    )
    return samenstellen(
        schooljaar=schooljaar,
        regeling=regeling,
        besluiten=deel.besluiten,
        per_partnerschap=deel.per_partnerschap,
        per_regio=deel.per_regio,
        waarschuwingen=deel.waarschuwingen,
        partnerschap_codes=partnerschap_codes,
        regio_codes=regio_codes,
    )


def samenstellen(
    *,
    schooljaar: int,
    regeling: RegelingParameters,
    besluiten: list[Besluit],
    per_partnerschap: dict[str, list[int]],
    per_regio: dict[str, list[int]],
    waarschuwingen: list[dict],
    partnerschap_codes: Iterable[str],
    regio_codes: Iterable[str],
) -> Telling:
    """Rules 8 and 10 over the persons counted per partnership and region: amounts (the
    budget ceiling's factor is common to all), the minimum warnings, and every warning in
    its canonical order (subsidie/hertellen.py merges its part into the same order)."""
    tel_p = {code: [0, 0] for code in partnerschap_codes}
    for code, (s, z) in per_partnerschap.items():
        tel_p.setdefault(code, [0, 0])
        tel_p[code] = [tel_p[code][0] + s, tel_p[code][1] + z]
    tel_r = {code: [0, 0] for code in regio_codes}
    for code, (s, z) in per_regio.items():
        tel_r.setdefault(code, [0, 0])
        tel_r[code] = [tel_r[code][0] + s, tel_r[code][1] + z]
    telling = Telling(schooljaar=schooljaar, regeling=regeling, besluiten=besluiten)
    _bedragen(telling, tel_p, tel_r)
    telling.waarschuwingen = _minimum_waarschuwingen(telling) + sorted(
        waarschuwingen, key=waarschuwing_volgorde
    )
    for rij in telling.partnerschappen.values():
        rij["waarschuwingen"] = []
    for w in telling.waarschuwingen:
        if (rij := telling.partnerschappen.get(w.get("partnerschap"))) is not None:
            rij["waarschuwingen"].append(w["tekst"])
    return telling


_SOORT_VOLGORDE = {
    "vestiging_geen_lid": 0,
    "vestiging_zonder_regio": 1,
    "overlap_partnerschappen": 2,
}


def waarschuwing_volgorde(w: dict):
    """The canonical order of the per-placement and per-person warnings: by kind, then
    placement id (or person number, then the partnership's place in the person's list)."""
    return (
        _SOORT_VOLGORDE[w["soort"]],
        w.get("plaatsing_id", 0),
        w.get("persoon", 0),
        w.get("partnerschap", ""),
    )


def _leden(lidmaatschappen: Iterable[LidmaatschapInvoer]):
    """Membership periods per (partnership, vestiging); an open end runs to date.max."""
    leden: dict[tuple[str, str], list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for lid in lidmaatschappen:
        leden[(lid.partnerschap, lid.vestiging)].append(
            (lid.startdatum, lid.einddatum or dt.date.max)
        )
    return leden


@dataclass
class _Geschiktheid:
    """Per placement (by index): why it cannot count ("" if it can), its days inside the
    school year, and its own end (an open end is the end of the school year)."""

    status: list[str]
    dagen: list[int]
    eindes: list[dt.date]
    geen_lid: list[int] = field(default_factory=list)  # indices, for rule 10's warnings


def _geschiktheid(schooljaar, regeling, plaatsingen, leden) -> _Geschiktheid:
    """Rule 2: type counted, overlaps the school year, member during the placement inside
    the school year, at least the minimum days."""
    sj_begin, sj_einde = schooljaar_begin(schooljaar), schooljaar_einde(schooljaar)
    getelde_typen = regeling.getelde_typen
    minimum = regeling.minimum_dagen
    # Pairs with a membership that spans the whole school year are members on every day
    # of a placement inside it: no need to look at their periods per placement.
    heel_jaar = {
        sleutel
        for sleutel, perioden in leden.items()
        if any(ls <= sj_begin and le >= sj_einde for ls, le in perioden)
    }
    uit = _Geschiktheid([], [], [])
    status, dagen, eindes = uit.status.append, uit.dagen.append, uit.eindes.append
    for p in plaatsingen:
        eigen_einde = p.einddatum or sj_einde
        eindes(eigen_einde)
        begin = p.startdatum if p.startdatum > sj_begin else sj_begin
        einde = eigen_einde if eigen_einde < sj_einde else sj_einde
        d = (einde - begin).days + 1 if einde >= begin else 0
        dagen(d)
        if p.opleidingstype not in getelde_typen:
            status(NIET_GETELD_TYPE)
        elif d == 0:
            status(BUITEN_SCHOOLJAAR)
        elif (sleutel := (p.partnerschap, p.vestiging)) not in heel_jaar and not any(
            (begin if begin > ls else ls) <= (einde if einde < le else le)
            for ls, le in leden.get(sleutel, ())
        ):
            status(GEEN_LID)
            uit.geen_lid.append(len(uit.status) - 1)  # this placement's index (rare)
        elif d < minimum:
            status(TE_KORT)
        else:
            status("")
    return uit


def _personen(plaatsingen) -> list[list[int]]:
    """Rule 3: placement indices per person (union-find over the shared keys), each
    person's indices ascending, persons in the order of their first index."""
    verz = _Verzamelingen(len(plaatsingen))
    eerste: dict[str, int] = {}
    eerste_persoon: dict[str, int] = {}
    verenig = verz.verenig
    for i, p in enumerate(plaatsingen):
        j = eerste.setdefault(p.student_sleutel, i)
        if j != i:
            verenig(j, i)
        if p.persoon_sleutel:
            j = eerste_persoon.setdefault(p.persoon_sleutel, i)
            if j != i:
                verenig(j, i)
    # A root is the lowest index of its set, so a person is found at its first index.
    ouder, vind = verz.ouder, verz.vind
    personen: dict[int, list[int]] = {}
    for i in range(len(plaatsingen)):
        if ouder[i] == i:
            personen[i] = [i]
        else:
            personen[vind(i)].append(i)
    return list(personen.values())


@dataclass
class _Toerekening:
    per_partnerschap: dict[str, list[int]]
    per_regio: dict[str, list[int]]
    besluiten: list[Besluit]
    overlappend: list[tuple[int, list[str]]]
    # Placements (indices) counted at a vestiging without a region, for rule 10.
    zonder_regio: list[int] = field(default_factory=list)


def _gekozen(indices, status, plaatsingen, eindes, peil, sleutel):
    """Rules 4-5 for a person with more than one placement (_toerekenen settles the
    others itself): the one placement the person counts with (None: none eligible), and
    the eligible ones."""
    geschikt = [i for i in indices if not status[i]]
    if not geschikt:
        return None, geschikt
    actief = [i for i in geschikt if plaatsingen[i].startdatum <= peil <= eindes[i]]
    return min(actief or geschikt, key=sleutel), geschikt


# Persons per block handed to `uitvoer`: small enough that a writer starts early, large
# enough that the hand-over costs nothing (120,000 persons: 30 blocks).
_BLOK = 4096


def _toerekenen(
    sj_einde,
    regeling,
    plaatsingen,
    geschiktheid,
    personen,
    regio_van_vestiging,
    uitvoer=None,
) -> _Toerekening:
    """Rules 4-7 (and 9): each person counts once, in one partnership, region and
    category; every placement gets its decision (to `uitvoer` per block of persons, then
    all of them sorted by placement)."""
    status, dagen, eindes = geschiktheid.status, geschiktheid.dagen, geschiktheid.eindes
    uit = _Toerekening(
        per_partnerschap={},
        per_regio={},
        besluiten=[],
        overlappend=[],
    )

    def sleutel(i: int):
        p = plaatsingen[i]
        return (
            -dagen[i],
            p.startdatum,
            p.partnerschap,
            p.vestiging,
            p.instituut,
            p.student_sleutel,
            p.opleidingstype,
            p.id,
        )

    besluit = uit.besluiten.append
    getelden: list[int] = []  # the counted placement of each person, in person order
    geteld = getelden.append
    # Persons with more than one eligible placement, for rule 10's overlap warning: checked
    # after the last decision is out, while a writer still stores them (the decisions do
    # not depend on it).
    meer_geschikt: list[tuple[int, list[int]]] = []
    peil = regeling.peildatum
    gemeld = 0
    for begin in range(0, len(personen), _BLOK):
        for indices in personen[begin : begin + _BLOK]:
            if len(indices) == 1:
                # Most persons have one placement: counted there if it is eligible; the
                # person's number is that placement's id.
                i = indices[0]
                p = plaatsingen[i]
                if reden := status[i]:
                    besluit(_besluit((p.id, reden, p.id, "")))
                    continue
                geteld(i)
                besluit(_besluit((p.id, GETELD, p.id, p.partnerschap)))
                continue
            # The person's number: the lowest id of its placements (indices are sorted by id).
            persoon_nummer = plaatsingen[indices[0]].id
            gekozen, geschikt = _gekozen(indices, status, plaatsingen, eindes, peil, sleutel)
            bij = ""
            if gekozen is not None:
                p = plaatsingen[gekozen]
                geteld(gekozen)
                if len(geschikt) > 1:
                    meer_geschikt.append((persoon_nummer, geschikt))
                bij = p.partnerschap
            for i in indices:
                reden = GETELD if i == gekozen else (status[i] or ELDERS_GETELD)
                besluit(_besluit((plaatsingen[i].id, reden, persoon_nummer, bij)))
        if uitvoer is not None:
            uitvoer(uit.besluiten[gemeld:])
            gemeld = len(uit.besluiten)
    for persoon_nummer, geschikt in meer_geschikt:
        eigen = [plaatsingen[i] for i in geschikt]
        if _overlap_tussen_partnerschappen(eigen, sj_einde):
            uit.overlappend.append((persoon_nummer, sorted({p.partnerschap for p in eigen})))
    _getelden_optellen(uit, [plaatsingen[i] for i in getelden], getelden, regio_van_vestiging)
    uit.besluiten.sort()
    return uit


def _getelden_optellen(uit: _Toerekening, getelde, indices, regio_van_vestiging) -> None:
    """Rules 6-7 for the counted placements (`getelde`, at `indices`): persons per
    partnership and region, [studenten, zij-instromers], counted per (partnership, type)
    and (vestiging, type) in C rather than a step per person (as fast, in one place); the
    placements counted at a vestiging without a region for rule 10, in person order."""
    soorten = list(map(attrgetter("opleidingstype"), getelde))
    vestigingen = list(map(attrgetter("vestiging"), getelde))
    paren = Counter(zip(map(attrgetter("partnerschap"), getelde), soorten, strict=True))
    for (partnerschap, soort), aantal in paren.items():
        uit.per_partnerschap.setdefault(partnerschap, [0, 0])[soort == ZIJ_INSTROOM] += aantal
    zonder = set()
    for (vestiging, soort), aantal in Counter(zip(vestigingen, soorten, strict=True)).items():
        if regio := regio_van_vestiging.get(vestiging):
            uit.per_regio.setdefault(regio, [0, 0])[soort == ZIJ_INSTROOM] += aantal
        else:
            zonder.add(vestiging)
    if zonder:
        uit.zonder_regio.extend(i for i, v in zip(indices, vestigingen, strict=True) if v in zonder)


def _overlap_tussen_partnerschappen(plaatsingen: list[PlaatsingInvoer], sj_einde) -> bool:
    for i, a in enumerate(plaatsingen):
        for b in plaatsingen[i + 1 :]:
            if a.partnerschap != b.partnerschap and max(a.startdatum, b.startdatum) <= min(
                a.einddatum or sj_einde, b.einddatum or sj_einde
            ):
                return True
    return False


def _geld(bedrag: Decimal) -> Decimal:
    return bedrag.quantize(CENT, rounding=ROUND_HALF_UP)


def _bedragen(telling: Telling, tel_p, tel_r) -> None:
    r = telling.regeling
    studenten = sum(s for s, _ in tel_p.values())
    zij = sum(z for _, z in tel_p.values())
    vaste_voeten = r.vaste_voet * sum(1 for s, z in tel_p.values() if s + z > 0)
    per_persoon = studenten * r.bedrag_per_student + zij * r.bedrag_per_zij_instromer
    factor = Decimal("1")
    if r.budgetplafond is not None and vaste_voeten + per_persoon > r.budgetplafond and per_persoon:
        factor = max(Decimal("0"), (r.budgetplafond - vaste_voeten) / per_persoon)
    telling.factor = factor
    ps, pz = r.bedrag_per_student * factor, r.bedrag_per_zij_instromer * factor

    def bedrag(s, z, voet=Decimal("0")):
        return _geld(voet + s * ps + z * pz)

    for code in sorted(tel_p):
        s, z = tel_p[code]
        telling.partnerschappen[code] = {
            "code": code,
            "studenten": s,
            "zij_instromers": z,
            "bedrag": bedrag(s, z, r.vaste_voet if s + z else Decimal("0")),
        }
    for code in sorted(tel_r):
        s, z = tel_r[code]
        telling.regios[code] = {
            "code": code,
            "studenten": s,
            "zij_instromers": z,
            "bedrag": bedrag(s, z),
        }
    telling.totaal = {
        "studenten": studenten,
        "zij_instromers": zij,
        "bedrag": sum((p["bedrag"] for p in telling.partnerschappen.values()), Decimal("0.00")),
    }


def _minimum_waarschuwingen(telling: Telling) -> list[dict]:
    """Rule 10: partnerships and regions under the Regeling's minimum (from the totals)."""
    r = telling.regeling
    w: list[dict] = []
    if r.minimum_per_partnerschap:
        for code, rij in telling.partnerschappen.items():
            aantal = rij["studenten"] + rij["zij_instromers"]
            if aantal < r.minimum_per_partnerschap:
                w.append(
                    {
                        "soort": "partnerschap_onder_minimum",
                        "partnerschap": code,
                        "tekst": f"partnerschap onder het minimum: {aantal} geteld, "
                        f"minimum {r.minimum_per_partnerschap}",
                    }
                )
    if r.minimum_per_regio:
        for code, rij in telling.regios.items():
            aantal = rij["studenten"] + rij["zij_instromers"]
            if aantal < r.minimum_per_regio:
                w.append(
                    {
                        "soort": "regio_onder_minimum",
                        "regio": code,
                        "tekst": f"regio {code} onder het minimum: {aantal} geteld, "
                        f"minimum {r.minimum_per_regio}",
                    }
                )
    return w


def _plaatsing_waarschuwingen(
    plaatsingen, geen_lid, zonder_regio, overlappend, regio_van_vestiging
) -> list[dict]:
    """Rule 10 for single placements and persons: at a non-member vestiging (`geen_lid`,
    indices), counted at a vestiging without a region (`zonder_regio`, indices),
    overlapping placements in different partnerships (`overlappend`)."""
    w: list[dict] = []
    for i in geen_lid:
        p = plaatsingen[i]
        w.append(
            {
                "soort": "vestiging_geen_lid",
                "partnerschap": p.partnerschap,
                "regio": regio_van_vestiging.get(p.vestiging) or "",
                "vestiging": p.vestiging,
                "plaatsing_id": p.id,
                "tekst": f"plaatsing op {p.vestiging}, geen lid van {p.partnerschap}",
            }
        )
    for i in zonder_regio:
        p = plaatsingen[i]
        w.append(
            {
                "soort": "vestiging_zonder_regio",
                "partnerschap": p.partnerschap,
                "vestiging": p.vestiging,
                "plaatsing_id": p.id,
                "tekst": f"geteld op {p.vestiging}, een vestiging zonder regio",
            }
        )
    for persoon, codes in overlappend:
        for code in codes:
            w.append(
                {
                    "soort": "overlap_partnerschappen",
                    "partnerschap": code,
                    "persoon": persoon,
                    "tekst": "persoon met overlappende plaatsingen in " + ", ".join(codes),
                }
            )
    return w
