"""Reading CSV/XLSX files and running django-import-export resources all-or-nothing.

One code path for the web page (upload, preview, confirm) and `manage.py importeer`.
Each app registers its import kinds (`registreer`) in its AppConfig.ready(); a kind is a
django-import-export resource built for the importing user, so that foreign-key lookups
only reach what that user may touch.

Row numbers are the line numbers a person sees in the file (header = line 1), kept in
a hidden column so that errors read `rij N: kolom: melding`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import tablib
from django.db import transaction
from openpyxl import load_workbook

from regio_portal.core.services import audit_actor
from regio_portal.core.signalen import gebundeld
from regio_portal.core.uploads import OnveiligBestand, zip_controleer

logger = logging.getLogger(__name__)

RIJ = "__rij"


class BestandFout(Exception):
    """The file as a whole cannot be read; nothing was written."""


@dataclass(frozen=True)
class Kolom:
    """One column of an import format as the upload page and the template show it."""

    naam: str
    uitleg: str
    voorbeeld: str
    verplicht: bool = True


@dataclass(frozen=True)
class ImportSoort:
    code: str
    label: str
    resource: Callable  # (gebruiker, opties) -> Resource
    verplichte_kolommen: tuple[str, ...]
    mag_importeren: Callable  # (gebruiker) -> bool
    kolom_aliassen: dict[str, str] = field(default_factory=dict)
    # Which column to name when a model field (or the row as a whole) is invalid.
    kolom_voor_veld: dict[str, str] = field(default_factory=dict)
    ondersteunt_vervang: bool = False
    # What the page lists and the template holds (formats.md), and what a person calls
    # a file of this kind ("een lidmaatschappenbestand") when one is chosen wrongly.
    kolommen: tuple[Kolom, ...] = ()
    bestandsnaam: str = ""
    # The preview of what a checked file will change beyond its own rows (the count, for
    # placements): a template that renders `effect`, and a callable
    # (importbestand) -> dict adding context to it (links, the refreshed figures).
    effect_template: str = ""
    effect_context: Callable | None = None


IMPORT_SOORTEN: dict[str, ImportSoort] = {}


def registreer(soort: ImportSoort) -> None:
    IMPORT_SOORTEN[soort.code] = soort


def soorten_voor(gebruiker) -> list[ImportSoort]:
    return [s for s in IMPORT_SOORTEN.values() if s.mag_importeren(gebruiker)]


@dataclass
class Resultaat:
    aangemaakt: int = 0
    bijgewerkt: int = 0
    ongewijzigd: int = 0
    verwijderd: int = 0
    fouten: list[str] = field(default_factory=list)
    # What the resource says a dry run would change beyond its rows (JSON), or None.
    effect: dict | None = None

    @property
    def geslaagd(self) -> bool:
        return not self.fouten

    def samenvatting(self) -> str:
        tekst = (
            f"aangemaakt: {self.aangemaakt}, bijgewerkt: {self.bijgewerkt}, "
            f"ongewijzigd: {self.ongewijzigd}"
        )
        if self.verwijderd:
            tekst += f", verwijderd: {self.verwijderd}"
        return tekst

    def als_dict(self) -> dict:
        return {
            "aangemaakt": self.aangemaakt,
            "bijgewerkt": self.bijgewerkt,
            "ongewijzigd": self.ongewijzigd,
            "verwijderd": self.verwijderd,
        }


def _cel_tekst(waarde) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, dt.datetime):
        return waarde.date().isoformat()
    if isinstance(waarde, dt.date):
        return waarde.isoformat()
    if isinstance(waarde, float) and waarde.is_integer():
        return str(int(waarde))
    return str(waarde).strip()


def _is_xlsx(inhoud: bytes) -> bool:
    return inhoud[:4] == b"PK\x03\x04"


def _lees_xlsx(inhoud: bytes) -> list[tuple[int, list[str]]]:
    try:
        zip_controleer(io.BytesIO(inhoud))
    except OnveiligBestand as exc:
        raise BestandFout(f"Excel-bestand geweigerd: {exc}") from exc
    except zipfile.BadZipFile as exc:
        raise BestandFout("Het bestand is geen leesbaar Excel-bestand (xlsx).") from exc
    try:
        boek = load_workbook(io.BytesIO(inhoud), read_only=True, data_only=True)
        blad = boek.worksheets[0]
        rijen = [
            (nummer, [_cel_tekst(c) for c in rij])
            for nummer, rij in enumerate(blad.iter_rows(values_only=True), start=1)
        ]
        boek.close()
    except Exception as exc:
        # openpyxl (with defusedxml) raises many kinds: bad zip, bad XML, forbidden
        # entities, truncated entries. To the user they are all the same message.
        raise BestandFout("Het bestand is geen leesbaar Excel-bestand (xlsx).") from exc
    return rijen


def _decodeer(inhoud: bytes) -> str:
    try:
        return inhoud.decode("utf-8-sig")
    except UnicodeDecodeError:
        return inhoud.decode("cp1252", errors="strict")


def _lees_csv(inhoud: bytes) -> list[tuple[int, list[str]]]:
    try:
        tekst = _decodeer(inhoud)
    except UnicodeDecodeError as exc:
        raise BestandFout(
            "Het bestand is geen tekstbestand in UTF-8 of Windows-1252 (cp1252)."
        ) from exc
    if "\x00" in tekst:
        raise BestandFout("Het bestand is geen CSV- of Excel-bestand.")
    eerste_regel = tekst.split("\n", 1)[0]
    scheiding = ";" if eerste_regel.count(";") > eerste_regel.count(",") else ","
    lezer = csv.reader(io.StringIO(tekst, newline=""), delimiter=scheiding)
    rijen = []
    try:
        for rij in lezer:
            rijen.append((lezer.line_num, [c.strip() for c in rij]))
    except csv.Error as exc:
        raise BestandFout(f"rij {lezer.line_num}: het CSV-bestand is beschadigd ({exc}).") from exc
    return rijen


def lijkt_op(kop: list[str], gekozen: ImportSoort) -> ImportSoort | None:
    """The other kind whose required columns this header has (the most specific one when
    several fit), for the hint on a file uploaded under the wrong kind. Only a kind that
    explains more of the header than the chosen one: a partnerships file missing one
    column is that, not a regions file (code, naam)."""

    def namen(soort):
        return {soort.kolom_aliassen.get(k.strip().lower(), k.strip().lower()) for k in kop}

    eigen = len(set(gekozen.verplichte_kolommen) & namen(gekozen))
    kandidaten = []
    for soort in IMPORT_SOORTEN.values():
        if soort.code == gekozen.code or len(soort.verplichte_kolommen) <= eigen:
            continue
        if set(soort.verplichte_kolommen) <= namen(soort):
            kandidaten.append(soort)
    return max(kandidaten, key=lambda s: len(s.verplichte_kolommen), default=None)


def lees_tabel(inhoud: bytes, soort: ImportSoort) -> tablib.Dataset:
    """Read a CSV or XLSX file into a dataset with the kind's column names."""
    if not inhoud.strip():
        raise BestandFout("Het bestand is leeg.")
    rijen = _lees_xlsx(inhoud) if _is_xlsx(inhoud) else _lees_csv(inhoud)
    # Skip leading empty lines; the header is the first line with content.
    while rijen and not any(rijen[0][1]):
        rijen.pop(0)
    if not rijen:
        raise BestandFout("Het bestand is leeg.")
    kop_nummer, kop = rijen[0]
    kolommen = []
    for naam in kop:
        sleutel = naam.strip().lower()
        kolommen.append(soort.kolom_aliassen.get(sleutel, sleutel))
    ontbrekend = [k for k in soort.verplichte_kolommen if k not in kolommen]
    if ontbrekend:
        melding = (
            f"rij {kop_nummer}: kolom {', '.join(ontbrekend)}: ontbreekt in de kopregel "
            f"(verwacht: {', '.join(soort.verplichte_kolommen)})"
        )
        if ander := lijkt_op(kop, soort):
            melding += (
                f". Dit lijkt een {ander.bestandsnaam or ander.label.lower()}: kies bij "
                f"'Soort gegevens' voor '{ander.label}'."
            )
        raise BestandFout(melding)
    # Duplicate or empty header names would silently drop data.
    gezien = set()
    for naam in kolommen:
        if naam and naam in gezien:
            raise BestandFout(f"rij {kop_nummer}: kolom {naam}: staat twee keer in de kopregel")
        gezien.add(naam)
    data = tablib.Dataset(headers=[*kolommen, RIJ])
    breedte = len(kolommen)
    for nummer, rij in rijen[1:]:
        if not any(rij):
            continue
        if len(rij) > breedte and any(rij[breedte:]):
            raise BestandFout(f"rij {nummer}: meer kolommen dan de kopregel ({len(rij)})")
        rij = (rij + [""] * breedte)[:breedte]
        data.append([*rij, str(nummer)])
    return data


def importeer(
    *,
    soort: str,
    inhoud: bytes,
    door,
    dry_run: bool,
    opties: dict | None = None,
) -> Resultaat:
    """Import a file of `soort` as `door`, all or nothing.

    Side effects (unless dry_run or any row is invalid): creates/updates the kind's
    objects; the audit log records each change with `door` as actor.
    """
    import_soort = IMPORT_SOORTEN[soort]
    if not import_soort.mag_importeren(door):
        raise PermissionError(f"Geen rechten om {soort} te importeren.")
    resultaat = Resultaat()
    try:
        data = lees_tabel(inhoud, import_soort)
    except BestandFout as exc:
        resultaat.fouten.append(str(exc))
        return resultaat
    # A resource learns whether this is the check (dry run) from its options: its
    # before_import gets no dry_run argument from django-import-export.
    resource = import_soort.resource(door, {**(opties or {}), "dry_run": dry_run})
    # One announcement per kind of change for the whole file (signalen.gebundeld), sent
    # inside the transaction: a dry run or a file with errors rolls it back with the rows.
    with audit_actor(door), transaction.atomic(), gebundeld() as aankondigingen:
        uitkomst = resource.import_data(
            data,
            dry_run=dry_run,
            use_transactions=True,
            rollback_on_validation_errors=True,
        )
        regelnummers = data.get_col(len(data.headers) - 1)
        for fout in uitkomst.base_errors:
            logger.warning("Import %s mislukt: %s", soort, type(fout.error).__name__)
            resultaat.fouten.append(f"bestand: {fout.error}")
        for foutrij in uitkomst.error_rows:
            regel = regelnummers[foutrij.number - 1]
            for fout in foutrij.errors:
                # Log the type only: rows may hold personal data.
                logger.warning("Import %s rij %s: %s", soort, regel, type(fout.error).__name__)
                resultaat.fouten.append(f"rij {regel}: –: kon niet worden opgeslagen")
        for ongeldig in uitkomst.invalid_rows:
            regel = regelnummers[ongeldig.number - 1]
            for veld, meldingen in ongeldig.error_dict.items():
                kolom = import_soort.kolom_voor_veld.get(veld)
                if kolom is None:
                    veld_obj = resource.fields.get(veld)
                    kolom = veld_obj.column_name if veld_obj else veld
                for melding in meldingen:
                    resultaat.fouten.append(f"rij {regel}: {kolom}: {melding}")
        totalen = uitkomst.totals
        resultaat.aangemaakt = totalen.get("new", 0)
        resultaat.bijgewerkt = totalen.get("update", 0)
        resultaat.ongewijzigd = totalen.get("skip", 0)
        resultaat.verwijderd = getattr(resource, "verwijderd", 0)
        resultaat.effect = getattr(resource, "effect", None)
        if resultaat.fouten or dry_run:
            aankondigingen.clear()  # nothing is written, so nothing changed
            transaction.set_rollback(True)
    resultaat.fouten.sort(key=_sorteer_sleutel)
    return resultaat


def _sorteer_sleutel(melding: str):
    if melding.startswith("rij "):
        nummer = melding[4:].split(":", 1)[0]
        if nummer.isdigit():
            return (0, int(nummer), melding)
    return (1, 0, melding)
