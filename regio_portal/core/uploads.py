"""Guards for uploaded zip containers (xlsx, docx): a zip bomb is refused by looking at
the central directory only, before anything is decompressed.

Python's zipfile never inflates an entry beyond the size its header declares, so bounding
the declared sizes bounds the work; a header that under-declares only yields a truncated
(CRC-failing) entry. XML inside is parsed by openpyxl, which uses defusedxml when it is
installed (it is a dependency): no entity expansion, no external entities.
"""

from __future__ import annotations

import zipfile

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
