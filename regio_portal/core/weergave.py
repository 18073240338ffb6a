"""Helpers for views: pagination that keeps the filters, and safe CSV exports."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import lru_cache

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.urls import get_script_prefix, get_urlconf, reverse

PER_PAGINA = 25
GEVAARLIJKE_BEGINTEKENS = ("=", "+", "-", "@", "\t", "\r")


def pagineer(request, queryset, per_pagina: int = PER_PAGINA) -> dict:
    paginator = Paginator(queryset, per_pagina)
    pagina = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    querystring = params.urlencode()
    return {
        "page_obj": pagina,
        "querystring_zonder_pagina": f"{querystring}&" if querystring else "",
        "querystring": querystring,
    }


def veilige_cel(waarde) -> str:
    """Neutralise spreadsheet formulas: a cell starting with = + - @ tab or CR gets a '."""
    tekst = "" if waarde is None else str(waarde)
    if tekst.startswith(GEVAARLIJKE_BEGINTEKENS):
        return "'" + tekst
    return tekst


class VeiligeExportMixin:
    """For django-import-export resources: every exported text cell through veilige_cel.
    (import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only strips '=', and
    strips instead of neutralising.)"""

    def export_field(self, field, instance, **kwargs):
        waarde = super().export_field(field, instance, **kwargs)
        return veilige_cel(waarde) if isinstance(waarde, str) else waarde


def csv_antwoord(bestandsnaam: str, kopregel: list, rijen: Iterable[Iterable]) -> HttpResponse:
    """A UTF-8 (with BOM, so Excel reads it) semicolon CSV download. kopregel: the Dutch
    column headers (str, or excel.Kolom whose kop is used)."""
    antwoord = HttpResponse(content_type="text/csv; charset=utf-8")
    antwoord["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    antwoord.write("\ufeff")
    schrijver = csv.writer(antwoord, delimiter=";")
    schrijver.writerow([veilige_cel(getattr(k, "kop", k)) for k in kopregel])
    for rij in rijen:
        schrijver.writerow([veilige_cel(c) for c in rij])
    return antwoord


def prive_download(bestand, bestandsnaam: str, content_type: str):
    """Stream a private file (agreement, report) that the caller has checked access to:
    attachment, never cached, never sniffed; a missing file is a 404."""
    try:
        handvat = bestand.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("Het bestand is niet gevonden.") from None
    antwoord = FileResponse(
        handvat, as_attachment=True, filename=bestandsnaam, content_type=content_type
    )
    antwoord["Cache-Control"] = "private, no-store"
    antwoord["X-Content-Type-Options"] = "nosniff"
    return antwoord


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_antwoord(
    bestandsnaam: str, kopregel: list, rijen: Iterable[Iterable], *, blad: str
) -> HttpResponse:
    """The same table as an Excel download (core.excel: typed cells with number formats,
    bold frozen header, the sheet named `blad`); text cells neutralised like the CSV."""
    from .excel import boek_met_tabel  # noqa: PLC0415 (excel imports veilige_cel from here)

    antwoord = HttpResponse(boek_met_tabel(blad, kopregel, rijen), content_type=XLSX_TYPE)
    antwoord["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    return antwoord


def tabel_antwoord(request, naam: str, kopregel: list, rijen, *, blad: str) -> HttpResponse:
    """CSV, or XLSX with ?formaat=xlsx."""
    rijen = list(rijen)
    if request.GET.get("formaat") == "xlsx":
        return xlsx_antwoord(f"{naam}.xlsx", kopregel, rijen, blad=blad)
    return csv_antwoord(f"{naam}.csv", kopregel, rijen)


@lru_cache(maxsize=8192)
def _url(urlconf, prefix: str, naam: str, args: tuple) -> str:
    return reverse(naam, urlconf=urlconf, args=args)


def lijst_url(naam: str, *args) -> str:
    """reverse() for long lists, remembered per URL configuration, script prefix, name and
    arguments: a reverse() costs ~80 µs, and the region dashboard of 150 partnerships asked
    for the same few hundred links about 1,000 times a request. Exact: reverse() depends
    on nothing else. Template tag: `{% lijst_url 'naam' arg %}` (library regio)."""
    return _url(get_urlconf(), get_script_prefix(), naam, tuple(str(a) for a in args))
