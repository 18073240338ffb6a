"""What-if counts (issue 15): the count of a school year under another Regeling or
changed parameters, beside the official one. Reads only: a what-if is computed in memory
from the same input and rules as the official count (selectors.telling_invoer,
telregels.bereken_telling) and is never stored, so it cannot be adopted and cannot
overwrite a snapshot."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from . import selectors, telregels
from .models import Regeling
from .services import resultaat_json
from .vingerafdruk import parameters_json, regeling_parameters

# The parameters a what-if may change (the rest comes from the chosen Regeling).
WIJZIGBAAR = (
    "vaste_voet",
    "bedrag_per_student",
    "bedrag_per_zij_instromer",
    "minimum_dagen",
    "peildatum",
    "getelde_typen",
    "budgetplafond",
)


def wat_als_parameters(
    regeling: Regeling, schooljaar: int, wijzigingen: dict
) -> telregels.RegelingParameters:
    """The Regeling's parameters for `schooljaar` with `wijzigingen` (a subset of
    WIJZIGBAAR; budgetplafond None removes the ceiling) applied."""
    onbekend = set(wijzigingen) - set(WIJZIGBAAR)
    if onbekend:
        raise ValueError(f"Niet te wijzigen: {', '.join(sorted(onbekend))}")
    waarden = dict(wijzigingen)
    if "getelde_typen" in waarden:
        waarden["getelde_typen"] = frozenset(waarden["getelde_typen"])
    return dataclasses.replace(regeling_parameters(regeling, schooljaar), **waarden)


def wat_als_berekenen(*, schooljaar: int, regeling: Regeling, wijzigingen: dict) -> dict:
    """The what-if count as the official JSON shape (formats.md), marked `wat_als`, with
    the parameters it used."""
    parameters = wat_als_parameters(regeling, schooljaar, wijzigingen)
    invoer = selectors.telling_invoer(schooljaar)
    telling = telregels.bereken_telling(schooljaar=schooljaar, regeling=parameters, **invoer)
    uitkomst = resultaat_json(schooljaar, parameters_json(parameters), telling)
    uitkomst["wat_als"] = True
    uitkomst["parameters"] = parameters_json(parameters)
    return uitkomst


def _rijen(officieel: list[dict] | None, wat_als: list[dict], codes) -> list[dict]:
    per_code = {r["code"]: r for r in (officieel or [])}
    rijen = []
    for r in wat_als:
        if codes is not None and r["code"] not in codes:
            continue
        o = per_code.get(r["code"])
        rij = {
            "code": r["code"],
            "wat_als": r,
            "officieel": o,
        }
        if o is not None:
            rij["delta"] = {
                "studenten": r["studenten"] - o["studenten"],
                "zij_instromers": r["zij_instromers"] - o["zij_instromers"],
                "bedrag": Decimal(r["bedrag"]) - Decimal(o["bedrag"]),
            }
        rijen.append(rij)
    return rijen


def vergelijking(
    officieel: dict | None,
    wat_als: dict,
    *,
    partnerschappen: set[str] | None = None,
    regios: set[str] | None = None,
) -> dict:
    """Side by side per partnership and region (None: all; else only these codes), with
    the deltas what-if minus official; the national total (a list of one row) only when
    nothing is left out."""
    alles = partnerschappen is None and regios is None
    uit = {
        "partnerschappen": _rijen(
            officieel and officieel["partnerschappen"], wat_als["partnerschappen"], partnerschappen
        ),
        "regios": _rijen(officieel and officieel["regios"], wat_als["regios"], regios),
        "totaal": [],
    }
    if alles:
        uit["totaal"] = _rijen(
            [{"code": "totaal", **officieel["totaal"]}] if officieel else None,
            [{"code": "totaal", **wat_als["totaal"]}],
            None,
        )
    return uit
