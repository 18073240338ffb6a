"""The count's warnings (telregel 10) as people read them: grouped with a count ("2
plaatsingen op 13CC01 …") instead of one line per placement, in proper singular and
plural, each with the placements page it concerns. One function for the telling page,
the dashboard, the region count, the PDF and the Excel, so they say the same.

The stored warnings (TellingSnapshot.waarschuwingen, and the texts in the JSON of
formats.md) stay one per placement: they are the count's record, this is its reading.
"""

from __future__ import annotations

import re
from collections import Counter

from django.utils.translation import ngettext

from regio_portal.core.schooljaar import schooljaar_label
from regio_portal.core.weergave import lijst_url

# "plaatsing op 13CC01, geen lid van P-DPO" / "geteld op 13CC01, een vestiging zonder
# regio": older snapshots carry the vestiging only in the text.
_VESTIGING = re.compile(r"op (\w+),")


def _vestiging(w: dict) -> str:
    if w.get("vestiging"):
        return w["vestiging"]
    gevonden = _VESTIGING.search(w.get("tekst", ""))
    return gevonden.group(1) if gevonden else ""


def _sleutel(w: dict) -> tuple:
    soort = w["soort"]
    if soort in ("vestiging_geen_lid", "vestiging_zonder_regio"):
        return (soort, w.get("partnerschap", ""), _vestiging(w))
    if soort == "overlap_partnerschappen":
        return (soort, w.get("partnerschap", ""), w.get("tekst", ""))
    return (soort, w.get("partnerschap", ""), w.get("regio", ""), w.get("tekst", ""))


def _tekst(soort: str, n: int, w: dict, vestiging: str) -> str:
    p = w.get("partnerschap", "")
    if soort == "vestiging_geen_lid":
        return ngettext(
            "%(n)s plaatsing op %(v)s: die vestiging is geen lid van %(p)s",
            "%(n)s plaatsingen op %(v)s: die vestiging is geen lid van %(p)s",
            n,
        ) % {"n": n, "v": vestiging, "p": p}
    if soort == "vestiging_zonder_regio":
        return ngettext(
            "%(n)s plaatsing geteld op %(v)s, een vestiging zonder regio",
            "%(n)s plaatsingen geteld op %(v)s, een vestiging zonder regio",
            n,
        ) % {"n": n, "v": vestiging}
    if soort == "overlap_partnerschappen":
        codes = w.get("tekst", "").rsplit(" in ", 1)[-1]
        return ngettext(
            "%(n)s persoon met overlappende plaatsingen in %(c)s",
            "%(n)s personen met overlappende plaatsingen in %(c)s",
            n,
        ) % {"n": n, "c": codes}
    if soort == "elders_geteld":
        return ngettext(
            "%(n)s plaatsing van een persoon die bij een ander partnerschap is geteld",
            "%(n)s plaatsingen van personen die bij een ander partnerschap zijn geteld",
            n,
        ) % {"n": n}
    return w.get("tekst", "")


def groeperen(
    waarschuwingen, *, schooljaar: int, namen: dict[str, str] | None = None
) -> list[dict]:
    """Warnings grouped, in the order first seen: soort, partnerschap (code and name),
    aantal, tekst, and `url`: the partnership's placements the warning is about
    (filtered by vestiging and 'niet geteld' where that narrows it)."""
    namen = namen or {}
    groepen: dict[tuple, dict] = {}
    aantallen: Counter = Counter()
    for w in waarschuwingen:
        sleutel = _sleutel(w)
        aantallen[sleutel] += w.get("aantal", 1)
        groepen.setdefault(sleutel, w)
    jaar = schooljaar_label(schooljaar)
    uit = []
    for sleutel, w in groepen.items():
        soort, code = sleutel[0], sleutel[1]
        vestiging = _vestiging(w)
        n = aantallen[sleutel]
        url = ""
        if code and soort in ("vestiging_geen_lid", "vestiging_zonder_regio", "elders_geteld"):
            url = lijst_url("subsidie:plaatsingen", code) + f"?schooljaar={jaar}"
            if soort == "vestiging_geen_lid":
                url += f"&status=niet&q={vestiging}"
            elif soort == "vestiging_zonder_regio":
                url += f"&q={vestiging}"
            else:
                url += "&status=elders"
        uit.append(
            {
                "soort": soort,
                "partnerschap": code,
                "partnerschap_naam": namen.get(code, code),
                "regio": w.get("regio", ""),
                "aantal": n,
                "tekst": _tekst(soort, n, w, vestiging),
                "url": url,
            }
        )
    return uit


def teksten(
    waarschuwingen, *, schooljaar: int, namen: dict[str, str] | None = None, met_naam: bool = False
) -> list[str]:
    """The grouped warnings as lines (PDF, Excel), optionally prefixed by the name."""
    regels = []
    for g in groeperen(waarschuwingen, schooljaar=schooljaar, namen=namen):
        regels.append(
            f"{g['partnerschap_naam']}: {g['tekst']}"
            if met_naam and g["partnerschap"]
            else g["tekst"]
        )
    return regels


def aantal_tekst(n: int) -> str:
    return ngettext(
        "%(n)d aandachtspunt in de telling.", "%(n)d aandachtspunten in de telling.", n
    ) % {"n": n}
