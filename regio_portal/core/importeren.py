"""Reading CSV/XLSX files and running django-import-export resources all-or-nothing.

One code path for the web page (upload, preview, confirm) and `manage.py importeer`.
Each app registers its import kinds (`registreer`) in its AppConfig.ready(); a kind is a
django-import-export resource built for the importing user, so that foreign-key lookups
only reach what that user may touch.

Row numbers are the line numbers a person sees in the file (header = line 1), kept in
a hidden column so that errors read `rij N: kolom: melding`.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import logging
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import tablib
from django.conf import settings
from django.db import reset_queries, transaction
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


# The rows of a file come one by one (a generator), so that a file of a million rows
# never sits in memory whole (issue 16, fault 6): the bytes stay on disk, the import
# takes DEEL rows at a time.
Bron = bytes | Path | BinaryIO
DEEL = 5000


@contextmanager
def _geopend(bron: Bron) -> Iterator[BinaryIO]:
    if isinstance(bron, bytes | bytearray):
        yield io.BytesIO(bron)
    elif isinstance(bron, Path):
        with bron.open("rb") as f:
            yield f
    else:
        # A Django File (an upload, a stored import file) wraps the real file object.
        while not isinstance(bron, io.IOBase) and hasattr(bron, "file"):
            bron = bron.file
        bron.seek(0)
        yield bron


def _is_xlsx(f: BinaryIO) -> bool:
    begin = f.read(4)
    f.seek(0)
    return begin == b"PK\x03\x04"


def _rijen_xlsx(f: BinaryIO) -> Iterator[tuple[int, list[str]]]:
    try:
        zip_controleer(f)
    except OnveiligBestand as exc:
        raise BestandFout(f"Excel-bestand geweigerd: {exc}") from exc
    except zipfile.BadZipFile as exc:
        raise BestandFout("Het bestand is geen leesbaar Excel-bestand (xlsx).") from exc
    f.seek(0)
    try:
        boek = load_workbook(f, read_only=True, data_only=True)
    except Exception as exc:
        raise BestandFout("Het bestand is geen leesbaar Excel-bestand (xlsx).") from exc
    try:
        rijen = boek.worksheets[0].iter_rows(values_only=True)
        nummer = 0
        while True:
            try:
                rij = next(rijen)
            except StopIteration:
                return
            except Exception as exc:
                # openpyxl (with defusedxml) raises many kinds: bad XML, forbidden
                # entities, truncated entries. To the user they are all the same message.
                raise BestandFout("Het bestand is geen leesbaar Excel-bestand (xlsx).") from exc
            nummer += 1
            yield nummer, [_cel_tekst(c) for c in rij]
    finally:
        boek.close()


def _codering(f: BinaryIO) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes as such, else Windows-1252;
    read in blocks, so a large file is not held in memory for this."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while blok := f.read(1 << 20):
            decoder.decode(blok)
        decoder.decode(b"", final=True)
        codering = "utf-8-sig"
    except UnicodeDecodeError:
        codering = "cp1252"
        f.seek(0)
        decoder = codecs.getincrementaldecoder("cp1252")()
        try:
            while blok := f.read(1 << 20):
                decoder.decode(blok)
        except UnicodeDecodeError as exc:
            raise BestandFout(
                "Het bestand is geen tekstbestand in UTF-8 of Windows-1252 (cp1252)."
            ) from exc
    f.seek(0)
    return codering


def _rijen_csv(f: BinaryIO) -> Iterator[tuple[int, list[str]]]:
    tekst = io.TextIOWrapper(f, encoding=_codering(f), newline="")
    try:
        eerste_regel = tekst.readline()
        scheiding = ";" if eerste_regel.count(";") > eerste_regel.count(",") else ","
        tekst.seek(0)
        lezer = csv.reader(tekst, delimiter=scheiding)
        kop: list[str] | None = None
        # The line a row starts on: a row whose quote is never closed runs on over the
        # lines after it, and the damage is where it starts, not where the reader stops.
        begin = 1
        try:
            for rij in lezer:
                for index, cel in enumerate(rij):
                    if "\x00" in cel:
                        raise BestandFout("Het bestand is geen CSV- of Excel-bestand.")
                    if "\n" in cel or "\r" in cel:
                        raise BestandFout(_open_aanhalingsteken(begin, kop, index))
                rij = [c.strip() for c in rij]
                if kop is None and any(rij):
                    kop = rij
                yield begin, rij
                begin = lezer.line_num + 1
        except csv.Error as exc:
            if "NUL" in str(exc):
                raise BestandFout("Het bestand is geen CSV- of Excel-bestand.") from exc
            if "field larger than field limit" in str(exc):
                grens = f"{csv.field_size_limit():,}".replace(",", ".")
                raise BestandFout(
                    f"rij {begin}: een veld is langer dan {grens} tekens. Meestal staat er "
                    'een aanhalingsteken (") dat niet wordt gesloten; controleer deze regel.'
                ) from exc
            raise BestandFout(
                f"rij {begin}: het CSV-bestand is vanaf deze regel niet te lezen "
                "(beschadigd of geen CSV)."
            ) from exc
    finally:
        tekst.detach()  # the caller closes the file


def _open_aanhalingsteken(regel: int, kop: list[str] | None, index: int) -> str:
    kolom = kop[index] if kop and index < len(kop) and kop[index] else f"nr. {index + 1}"
    waar = f"kolom {kolom}: " if kop else ""
    return (
        f'rij {regel}: {waar}het aanhalingsteken (") wordt niet gesloten, zodat het veld '
        "doorloopt over de regels erna; sluit het aanhalingsteken of haal het weg."
    )


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


@dataclass
class Tabel:
    """A file read as the kind's columns: the header, and its data rows one at a time
    (each row the kind's columns plus the line number in RIJ)."""

    kolommen: list[str]
    rijen: Iterator[list[str]]

    @property
    def headers(self) -> list[str]:
        return [*self.kolommen, RIJ]


def lees_rijen(f: BinaryIO, soort: ImportSoort) -> Tabel:
    """The file's header checked against the kind, and a generator of its rows. A damaged
    row further on raises BestandFout when the generator reaches it."""
    rijen = _rijen_xlsx(f) if _is_xlsx(f) else _rijen_csv(f)
    # Skip leading empty lines; the header is the first line with content.
    kop_nummer, kop = next(((n, k) for n, k in rijen if any(k)), (0, None))
    if kop is None:
        raise BestandFout("Het bestand is leeg.")
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

    def gegevens() -> Iterator[list[str]]:
        breedte = len(kolommen)
        for nummer, rij in rijen:
            if not any(rij):
                continue
            if len(rij) > breedte and any(rij[breedte:]):
                raise BestandFout(f"rij {nummer}: meer kolommen dan de kopregel ({len(rij)})")
            yield [*(rij + [""] * breedte)[:breedte], str(nummer)]

    return Tabel(kolommen, gegevens())


def _delen(tabel: Tabel, grootte: int | None) -> Iterator[tablib.Dataset]:
    """The rows in datasets of `grootte` (None: all in one; the last one may be smaller;
    a file without rows gives one empty dataset, so the kind still runs its import once)."""
    deel = tablib.Dataset(headers=tabel.headers)
    gegeven = False
    for rij in tabel.rijen:
        deel.append(rij)
        if grootte and deel.height >= grootte:
            yield deel
            gegeven = True
            deel = tablib.Dataset(headers=tabel.headers)
    if deel.height or not gegeven:
        yield deel


MAX_MELDINGEN = 1000  # row errors kept and shown; beyond that, how many more


def importeer(
    *,
    soort: str,
    inhoud: Bron | None = None,
    door,
    dry_run: bool,
    opties: dict | None = None,
    tabel: Tabel | None = None,
) -> Resultaat:
    """Import a file of `soort` as `door`, all or nothing. `inhoud`: the bytes, a path
    or an open binary file (read as a stream: a kind whose resource says `in_delen`
    imports DEEL rows at a time inside the one transaction). Or `tabel`: rows that did
    not come from a file (the API's JSON batch, koppelingen/api.py), the same columns and
    row numbers, through the same validation, writes and announcements.

    Side effects (unless dry_run or any row is invalid): creates/updates the kind's
    objects; the audit log records each change with `door` as actor.
    """
    import_soort = IMPORT_SOORTEN[soort]
    if not import_soort.mag_importeren(door):
        raise PermissionError(f"Geen rechten om {soort} te importeren.")
    resultaat = Resultaat()
    # A resource learns whether this is the check (dry run) from its options: its
    # before_import gets no dry_run argument from django-import-export.
    resource = import_soort.resource(door, {**(opties or {}), "dry_run": dry_run})
    grootte = DEEL if getattr(resource, "in_delen", False) else None
    meer_fouten = 0
    # One announcement per kind of change for the whole file (signalen.gebundeld), sent
    # inside the transaction: a dry run or a file with errors rolls it back with the rows.
    with (
        _geopend(inhoud if tabel is None else b"") as f,
        audit_actor(door),
        transaction.atomic(),
        gebundeld() as aankondigingen,
    ):
        try:
            if tabel is None:
                if not _heeft_inhoud(f):
                    raise BestandFout("Het bestand is leeg.")
                tabel = lees_rijen(f, import_soort)
            for data in _delen(tabel, grootte):
                meldingen = _importeer_deel(resource, import_soort, data, resultaat)
                if settings.DEBUG:
                    # DEBUG keeps every query's SQL (a bulk insert of a part: a megabyte).
                    reset_queries()
                ruimte = max(MAX_MELDINGEN - len(resultaat.fouten), 0)
                resultaat.fouten.extend(meldingen[:ruimte])
                meer_fouten += len(meldingen) - min(len(meldingen), ruimte)
        except BestandFout as exc:
            resultaat = Resultaat(fouten=[str(exc)])
        else:
            if not resultaat.fouten and hasattr(resource, "na_bestand"):
                # What belongs to the file as a whole (replace, audit, the preview, the
                # recount's announcement), once, after its last part.
                resource.na_bestand(dry_run=dry_run, totalen=resultaat.als_dict())
            resultaat.verwijderd = getattr(resource, "verwijderd", 0)
            resultaat.effect = getattr(resource, "effect", None)
        if resultaat.fouten or dry_run:
            aankondigingen.clear()  # nothing is written, so nothing changed
            transaction.set_rollback(True)
    resultaat.fouten.sort(key=_sorteer_sleutel)
    if meer_fouten:
        resultaat.fouten.append(
            f"… en nog {meer_fouten} fout(en) in latere rijen (niet getoond; de eerste "
            f"{MAX_MELDINGEN} staan hierboven)."
        )
    return resultaat


def _heeft_inhoud(f: BinaryIO) -> bool:
    """Anything but whitespace in the file (read in blocks)."""
    f.seek(0)
    while blok := f.read(1 << 16):
        if blok.strip():
            f.seek(0)
            return True
    f.seek(0)
    return False


def _importeer_deel(resource, import_soort, data, resultaat) -> list[str]:
    """One part of the file through django-import-export; adds its totals to
    `resultaat` and returns its error messages."""
    meldingen = []
    # Always a real run for django-import-export: its dry run rolls each part back at
    # once, while the parts must stay until the file is done (a later part may update a
    # row of an earlier one, the preview counts them all). The caller's transaction
    # rolls the whole file back for a check or any error.
    uitkomst = resource.import_data(
        data,
        dry_run=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    regelnummers = data.get_col(len(data.headers) - 1)
    for fout in uitkomst.base_errors:
        logger.warning("Import %s mislukt: %s", import_soort.code, type(fout.error).__name__)
        meldingen.append(f"bestand: {fout.error}")
    for foutrij in uitkomst.error_rows:
        regel = regelnummers[foutrij.number - 1]
        for fout in foutrij.errors:
            # Log the type only: rows may hold personal data.
            logger.warning(
                "Import %s rij %s: %s", import_soort.code, regel, type(fout.error).__name__
            )
            meldingen.append(f"rij {regel}: –: kon niet worden opgeslagen")
    for ongeldig in uitkomst.invalid_rows:
        regel = regelnummers[ongeldig.number - 1]
        for veld, teksten in ongeldig.error_dict.items():
            kolom = import_soort.kolom_voor_veld.get(veld)
            if kolom is None:
                veld_obj = resource.fields.get(veld)
                kolom = veld_obj.column_name if veld_obj else veld
            for melding in teksten:
                meldingen.append(f"rij {regel}: {kolom}: {melding}")
    totalen = uitkomst.totals
    resultaat.aangemaakt += totalen.get("new", 0)
    resultaat.bijgewerkt += totalen.get("update", 0)
    resultaat.ongewijzigd += totalen.get("skip", 0)
    return meldingen


def melding_delen(melding: str) -> dict:
    """A message of `importeer` as its parts: {"rij": N or None, "kolom": …, "melding": …}
    (the API answers row errors as JSON). The inverse of the formats made above:
    "rij N: kolom: melding" for a row, "bestand: melding" or a plain text otherwise."""
    if melding.startswith("rij "):
        nummer, _, rest = melding[4:].partition(": ")
        if nummer.isdigit():
            kolom, _, tekst = rest.partition(": ")
            if not tekst:
                kolom, tekst = "", rest
            return {"rij": int(nummer), "kolom": kolom, "melding": tekst}
    if melding.startswith("bestand: "):
        melding = melding[len("bestand: ") :]
    return {"rij": None, "kolom": "", "melding": melding}


def _sorteer_sleutel(melding: str):
    if melding.startswith("rij "):
        nummer = melding[4:].split(":", 1)[0]
        if nummer.isdigit():
            return (0, int(nummer), melding)
    return (1, 0, melding)
