"""The one helper for school-year dates (telregel 1): 1 August – 31 July. In core
because every app reasons in school years (counts, self-assessments, peer-review cycles)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from django.conf import settings
from django.http import Http404
from django.utils import timezone

SCHOOLJAAR_PATROON = re.compile(r"^(\d{4})-(\d{4})$")


def schooljaar_begin(jaar: int) -> dt.date:
    return dt.date(jaar, 8, 1)


def schooljaar_einde(jaar: int) -> dt.date:
    return dt.date(jaar + 1, 7, 31)


def schooljaar_label(jaar: int) -> str:
    return f"{jaar}-{jaar + 1}"


def parse_schooljaar(tekst: str) -> int:
    """'2025-2026' -> 2025; ValueError with a Dutch message otherwise."""
    match = SCHOOLJAAR_PATROON.match(str(tekst).strip())
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise ValueError(f"'{tekst}' is geen schooljaar (gebruik bijvoorbeeld 2025-2026)")
    return int(match.group(1))


def schooljaar_van(datum: dt.date) -> int:
    return datum.year if datum.month >= 8 else datum.year - 1


def huidig_schooljaar() -> int:
    """The school year of today (local date)."""
    return schooljaar_van(timezone.localdate())


def schooljaar_bereik() -> tuple[int, int]:
    """The school years the portal knows: from SCHOOLJAAR_EERSTE up to
    SCHOOLJAAR_VOORUIT years after the current one (settings)."""
    return settings.SCHOOLJAAR_EERSTE, huidig_schooljaar() + settings.SCHOOLJAAR_VOORUIT


def schooljaar_uit_verzoek(request, standaard: int | Callable[[], int] | None = None) -> int:
    """The school year a page asks for in `?schooljaar=2025-2026`; `standaard` (a year,
    or a function asked only then, such as subsidie's "most recent year with data"; else
    the current one) when absent or empty. A year that is not a school year, or one
    outside schooljaar_bereik(), answers 404: a page exists only for the years the portal
    knows (a crawler following "next year" stops)."""
    gevraagd = request.GET.get("schooljaar", "").strip()
    if not gevraagd:
        if callable(standaard):
            return standaard()
        return standaard if standaard is not None else huidig_schooljaar()
    try:
        jaar = parse_schooljaar(gevraagd)
    except ValueError as exc:
        raise Http404(str(exc)) from None
    return bekend_schooljaar(jaar)


def bekend_schooljaar(jaar: int) -> int:
    """`jaar` (the start year) when it lies in schooljaar_bereik(), else 404."""
    eerste, laatste = schooljaar_bereik()
    if not eerste <= jaar <= laatste:
        raise Http404(
            f"Schooljaar {schooljaar_label(jaar)} valt buiten de schooljaren van de portal "
            f"({schooljaar_label(eerste)} t/m {schooljaar_label(laatste)})."
        )
    return jaar


def schooljaar_navigatie(jaar: int) -> dict:
    """The links of a page's year switcher: previous, next, and the current school year
    one click away when the page shows another (templates/includes/schooljaar_nav.html)."""
    huidig = huidig_schooljaar()
    eerste, laatste = schooljaar_bereik()
    return {
        "getoond": schooljaar_label(jaar),
        "vorig": schooljaar_label(jaar - 1) if jaar > eerste else None,
        "volgend": schooljaar_label(jaar + 1) if jaar < laatste else None,
        "huidig": schooljaar_label(huidig) if huidig != jaar else None,
    }
