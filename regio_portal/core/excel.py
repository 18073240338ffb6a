"""Excel workbooks a Dutch controller can compute with: every number and amount is a
numeric cell with a number format (€ with two decimals, dates as dates, percentages as
percentages), headers are Dutch words in bold, columns have sensible widths, the first
row stays in view, and every sheet has a name. Text cells are neutralised against
formulas (veilige_cel), so no cell of ours is ever a formula."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .weergave import veilige_cel

TEKST, GETAL, EURO, DATUM, DATUMTIJD, PROCENT = (
    "tekst",
    "getal",
    "euro",
    "datum",
    "datumtijd",
    "procent",
)
# The format codes are stored locale-neutral; Excel shows them in the reader's locale
# (a Dutch Excel: € 57.500,00 and 01-10-2025).
FORMATEN = {
    GETAL: "#,##0",
    EURO: '"€" #,##0.00',
    DATUM: "DD-MM-YYYY",
    DATUMTIJD: "DD-MM-YYYY HH:MM",
    PROCENT: "0%",
}
BREEDTE_MIN, BREEDTE_MAX = 8, 70
VAST = {EURO: 16, DATUM: 12, DATUMTIJD: 17, PROCENT: 10}
VET = Font(bold=True)


@dataclass(frozen=True)
class Kolom:
    kop: str
    soort: str = TEKST


def kolommen(koppen: Iterable[Kolom | str]) -> list[Kolom]:
    return [k if isinstance(k, Kolom) else Kolom(k) for k in koppen]


def _decimaal(waarde) -> Decimal | None:
    try:
        return Decimal(str(waarde))
    except InvalidOperation:
        return None


def celwaarde(waarde, soort: str):
    """A value as its cell: numbers as numbers, dates as dates, text neutralised. An
    empty value stays an empty cell; a value that does not fit its column's kind is
    written as (neutralised) text rather than guessed at."""
    if waarde is None or waarde == "":
        return None
    if soort in (GETAL, EURO, PROCENT):
        if isinstance(waarde, bool):
            return veilige_cel(waarde)
        getal = waarde if isinstance(waarde, int | float | Decimal) else _decimaal(waarde)
        if getal is None:
            return veilige_cel(waarde)
        if soort == EURO:
            return Decimal(getal).quantize(Decimal("0.01"))
        if soort == PROCENT:
            return Decimal(getal) / 100
        return int(getal) if Decimal(getal) == int(getal) else getal
    if soort == DATUM:
        if isinstance(waarde, dt.datetime):
            return waarde.date()
        if isinstance(waarde, dt.date):
            return waarde
        try:
            return dt.date.fromisoformat(str(waarde))
        except ValueError:
            return veilige_cel(waarde)
    if soort == DATUMTIJD:
        if isinstance(waarde, dt.datetime):
            return waarde.replace(tzinfo=None)
        return veilige_cel(waarde)
    if isinstance(waarde, int | float | Decimal) and not isinstance(waarde, bool):
        return waarde
    return veilige_cel(waarde)


def _breedte(kop: str, waarden: list, soort: str) -> float:
    if soort in VAST:
        return max(VAST[soort], len(kop) + 2)
    langste = max((len(str(w)) for w in waarden if w is not None), default=0)
    return min(max(BREEDTE_MIN, len(kop) + 2, langste + 2), BREEDTE_MAX)


def werkblad(boek: Workbook, titel: str, koppen, rijen: Iterable[Iterable], *, eerste=False):
    """A sheet named `titel`: a bold, frozen header row and typed, formatted cells."""
    blad = boek.active if eerste else boek.create_sheet()
    blad.title = titel[:31]  # Excel's limit
    kol = kolommen(koppen)
    blad.append([veilige_cel(k.kop) for k in kol])
    for cel in blad[1]:
        cel.font = VET
        cel.alignment = Alignment(vertical="top", wrap_text=True)
    kolomwaarden: list[list] = [[] for _ in kol]
    for rij in rijen:
        waarden = [celwaarde(w, k.soort) for w, k in zip(rij, kol, strict=True)]
        blad.append(waarden)
        for i, w in enumerate(waarden):
            kolomwaarden[i].append(w)
    for i, k in enumerate(kol, start=1):
        letter = get_column_letter(i)
        if k.soort in FORMATEN:
            for (cel,) in blad.iter_rows(min_row=2, min_col=i, max_col=i):
                if not isinstance(cel.value, str):
                    cel.number_format = FORMATEN[k.soort]
        blad.column_dimensions[letter].width = _breedte(k.kop, kolomwaarden[i - 1], k.soort)
    blad.freeze_panes = "A2"
    return blad


def gegevensblad(boek: Workbook, titel: str, regels: list[tuple[str, object, str]], *, eerste):
    """A two-column sheet of labelled values ("Gegeven", "Waarde"), each value typed by
    its own kind: for a report's summary."""
    blad = boek.active if eerste else boek.create_sheet()
    blad.title = titel[:31]
    blad.append(["Gegeven", "Waarde"])
    for cel in blad[1]:
        cel.font = VET
    for label, waarde, soort in regels:
        blad.append([veilige_cel(label), celwaarde(waarde, soort)])
        cel = blad.cell(row=blad.max_row, column=2)
        cel.alignment = Alignment(horizontal="left")
        if soort in FORMATEN and not isinstance(cel.value, str):
            cel.number_format = FORMATEN[soort]
        blad.cell(row=blad.max_row, column=1).font = VET
    blad.column_dimensions["A"].width = max(len(r[0]) for r in regels) + 2 if regels else 20
    blad.column_dimensions["B"].width = min(
        max((len(str(r[1])) for r in regels), default=10) + 2, BREEDTE_MAX
    )
    blad.freeze_panes = "A2"
    return blad


def als_bytes(boek: Workbook) -> bytes:
    buffer = io.BytesIO()
    boek.save(buffer)
    return buffer.getvalue()


def boek_met_tabel(titel: str, koppen, rijen: Iterable[Iterable]) -> bytes:
    boek = Workbook()
    werkblad(boek, titel, koppen, rijen, eerste=True)
    return als_bytes(boek)
