"""What a checked placements file will do to the count, before anything is written.

The check (a dry run) writes the file's rows inside a transaction that is rolled back;
just before the rollback the count of each school year in the file is computed on that
state with the same telregels, and set beside the count of the state before. So the
preview is exact, including double counting across partnerships, the minimum and the
budget ceiling, which depend on other partnerships' placements too. Reads only; the
result is plain JSON (codes and row numbers, never names or person numbers).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import selectors, telregels
from .models import Regeling
from .vingerafdruk import regeling_parameters

MEE = "mee"
NIET = "niet"
ELDERS = "elders"


def _totalen(rijen) -> dict[str, dict]:
    return {
        r["code"]: {
            "studenten": r["studenten"],
            "zij_instromers": r["zij_instromers"],
            "bedrag": f"{Decimal(str(r['bedrag'])):.2f}",
        }
        for r in rijen
    }


def _tel(schooljaar: int, regeling: Regeling) -> telregels.Telling:
    invoer = selectors.telling_invoer(schooljaar)
    return telregels.bereken_telling(
        schooljaar=schooljaar, regeling=regeling_parameters(regeling, schooljaar), **invoer
    )


def stand_voor(jaren: set[int]) -> dict[int, dict | None]:
    """The count per partnership of each year as the data stand now: the current
    snapshot when it is up to date (it is exactly that count), else counted afresh.
    None for a year that no Regeling covers."""
    stand: dict[int, dict | None] = {}
    for jaar in jaren:
        try:
            regeling = selectors.regeling_voor(jaar)
        except Regeling.DoesNotExist:
            stand[jaar] = None
            continue
        snapshot = selectors.actuele_telling(jaar, regeling)
        if snapshot and not snapshot.verouderd:
            totalen = _totalen(snapshot.resultaat["partnerschappen"])
        else:
            telling = _tel(jaar, regeling)
            totalen = _totalen(telling.partnerschappen.values())
        stand[jaar] = {"regeling": regeling.code, "partnerschappen": totalen}
    return stand


def _uitkomst(besluit: telregels.Besluit | None, eigen: str) -> tuple[str, str, str]:
    """(mee/niet/elders, reason code, partnership where counted) of one row."""
    if besluit is None:
        return NIET, "", ""
    if besluit.status == telregels.GETELD:
        return MEE, "", ""
    if besluit.status == telregels.ELDERS_GETELD and besluit.geteld_bij != eigen:
        return ELDERS, besluit.status, besluit.geteld_bij
    return NIET, besluit.status, besluit.geteld_bij


def effect_berekenen(*, voor: dict[int, dict | None], rijen: list[dict]) -> dict:
    """The preview: per row (row number, new/update/skip, outcome) and per partnership
    and year the totals before and after. `rijen` holds, per valid row of the file,
    rij, soort, plaatsing_id, partnerschap, schooljaar; call it inside the dry run's
    transaction after the rows are written."""
    jaren = sorted({r["schooljaar"] for r in rijen})
    besluiten: dict[int, telregels.Besluit] = {}
    na: dict[int, dict] = {}
    for jaar in jaren:
        if voor.get(jaar) is None:
            continue
        regeling = Regeling.objects.get(code=voor[jaar]["regeling"])
        telling = _tel(jaar, regeling)
        besluiten.update((b.plaatsing_id, b) for b in telling.besluiten)
        na[jaar] = _totalen(telling.partnerschappen.values())
    uit_rijen = []
    for r in rijen:
        if voor.get(r["schooljaar"]) is None:
            uitkomst, reden, bij = NIET, "geen_regeling", ""
        else:
            uitkomst, reden, bij = _uitkomst(besluiten.get(r["plaatsing_id"]), r["partnerschap"])
        uit_rijen.append(
            {
                "rij": r["rij"],
                "soort": r["soort"],
                "schooljaar": r["schooljaar"],
                "partnerschap": r["partnerschap"],
                "vestiging": r["vestiging"],
                "uitkomst": uitkomst,
                "reden": reden,
                "geteld_bij": bij,
            }
        )
    leeg = {"studenten": 0, "zij_instromers": 0, "bedrag": "0.00"}
    totalen = []
    for jaar in jaren:
        if jaar not in na:
            continue
        for code in sorted({r["partnerschap"] for r in rijen if r["schooljaar"] == jaar}):
            totalen.append(
                {
                    "schooljaar": jaar,
                    "partnerschap": code,
                    "regeling": voor[jaar]["regeling"],
                    "voor": voor[jaar]["partnerschappen"].get(code, leeg),
                    "na": na[jaar].get(code, leeg),
                }
            )
    return {
        "rijen": uit_rijen,
        "totalen": totalen,
        "mee": sum(1 for r in uit_rijen if r["uitkomst"] == MEE),
        "niet": sum(1 for r in uit_rijen if r["uitkomst"] != MEE),
        "zonder_regeling": [j for j in jaren if voor.get(j) is None],
    }


def uitkomst_tekst(rij: dict, namen: dict[str, str]) -> str:
    """What a row's outcome reads like on the check page (telregel 9: another
    partnership is named, nothing of its placements is shown)."""
    if rij["uitkomst"] == MEE:
        return _("telt mee")
    if rij["reden"] == "geen_regeling":
        return _("telt niet: geen regeling voor dit schooljaar")
    if rij["uitkomst"] == ELDERS:
        return _("telt niet: wordt geteld bij ander partnerschap (%(p)s)") % {
            "p": namen.get(rij["geteld_bij"], rij["geteld_bij"])
        }
    if rij["reden"] == telregels.ELDERS_GETELD:
        return _("telt niet apart: dezelfde persoon telt al via een andere rij of plaatsing")
    if not rij["reden"]:
        return _("telt niet")
    return _("telt niet: %(r)s") % {"r": telregels.REDENEN.get(rij["reden"], rij["reden"])}


def samenvatting_tekst(effect: dict) -> str:
    """'7 tellen mee, 2 niet' (singular and plural by ngettext)."""
    mee = ngettext("%(n)s telt mee", "%(n)s tellen mee", effect["mee"]) % {"n": effect["mee"]}
    return _("%(mee)s, %(niet)s niet") % {"mee": mee, "niet": effect["niet"]}
