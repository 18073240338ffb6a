"""Guards for uploaded zip containers (xlsx, docx): a zip bomb is refused by looking at
the central directory only, before anything is decompressed.

Python's zipfile never inflates an entry beyond the size its header declares, so bounding
the declared sizes bounds the work; a header that under-declares only yields a truncated
(CRC-failing) entry. XML inside is parsed by openpyxl, which uses defusedxml when it is
installed (it is a dependency): no entity expansion, no external entities.
"""

from __future__ import annotations

import io
import zipfile

from django.core.exceptions import ValidationError

ZIP_MAX_BESTANDEN = 1000
ZIP_MAX_ONGECOMPRIMEERD = 200 * 1024 * 1024
# Real spreadsheets compress 5-20x; a run of zeros compresses ~1000x.
ZIP_MAX_VERHOUDING = 200


class OnveiligBestand(ValueError):
    pass


def zip_controleer(bron) -> list[zipfile.ZipInfo]:
    """The entries of a zip file (path, bytes stream), or OnveiligBestand with a Dutch
    message. zipfile.BadZipFile passes through for "not a zip at all"."""
    with zipfile.ZipFile(bron) as zf:
        infos = zf.infolist()
    if len(infos) > ZIP_MAX_BESTANDEN:
        raise OnveiligBestand(
            f"Het bestand bevat {len(infos)} onderdelen (hoogstens {ZIP_MAX_BESTANDEN})."
        )
    totaal = sum(i.file_size for i in infos)
    if totaal > ZIP_MAX_ONGECOMPRIMEERD:
        raise OnveiligBestand(
            f"Het bestand is uitgepakt {totaal // (1024 * 1024)} MB "
            f"(hoogstens {ZIP_MAX_ONGECOMPRIMEERD // (1024 * 1024)} MB)."
        )
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > ZIP_MAX_VERHOUDING * max(
            info.compress_size, 1
        ):
            raise OnveiligBestand(
                f"Het onderdeel {info.filename[:60]} is verdacht sterk gecomprimeerd "
                "(mogelijk een zip-bom)."
            )
    return infos


# Documents people attach, recognised by content --------------------------------------

TOEGESTAAN = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "image/png": "png",
    "image/jpeg": "jpg",
}


def herken_bestand(kop: bytes, inhoud_zip=None) -> str | None:
    """The content type by content, not by name: PDF, DOCX, XLSX, PNG or JPEG (documents
    people attach: evidence of a zelfevaluatie, a partnership's agreement)."""
    if kop.startswith(b"%PDF-"):
        return "application/pdf"
    if kop.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if kop.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if kop.startswith(b"PK\x03\x04") and inhoud_zip is not None:
        try:
            namen = {i.filename for i in zip_controleer(inhoud_zip)}
        except (zipfile.BadZipFile, OnveiligBestand):
            return None
        if "[Content_Types].xml" in namen:
            if any(n.startswith("word/") for n in namen):
                return TOEGESTAAN_OMGEKEERD["docx"]
            if any(n.startswith("xl/") for n in namen):
                return TOEGESTAAN_OMGEKEERD["xlsx"]
    return None


TOEGESTAAN_OMGEKEERD = {v: k for k, v in TOEGESTAAN.items()}


def document_lezen(bestand, *, maximum: int, veld: str = "bestand") -> tuple[bytes, str]:
    """The bytes and content type (by content) of an uploaded document, or a
    ValidationError on `veld` with a Dutch message: too large, or not one of TOEGESTAAN."""
    if bestand.size > maximum:
        # The production limit (settings.MAX_BEWIJSSTUK), as the other upload forms say it.
        raise ValidationError({veld: "Het bestand is groter dan 10 MB."})
    inhoud = bestand.read()
    soort = herken_bestand(inhoud[:16], io.BytesIO(inhoud))
    if soort is None:
        raise ValidationError(
            {veld: "Alleen pdf, docx, xlsx, png of jpg (gecontroleerd op inhoud)."}
        )
    return inhoud, soort
