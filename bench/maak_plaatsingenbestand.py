"""Writes a placements CSV (formats.md) of N rows for school year 2026-2027, built from the
seeded 2025-2026 placements (run seed_landelijk first), every row with a valid
persoonsnummer. Usage (from the project root):

    .venv/bin/python bench/maak_plaatsingenbestand.py N FILE   (with DATABASE_URL set)
"""

import csv
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import os  # noqa: E402

import django  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regio_portal.settings.dev")
django.setup()

from persoonsnummers import bsn  # noqa: E402

from subsidie.models import Plaatsing  # noqa: E402


def schuif(datum):
    return datum.replace(year=datum.year + 1) if datum else None


def main(aantal: int, pad: str) -> None:
    kop = [
        "schooljaar",
        "partnerschap",
        "vestiging",
        "instituut",
        "studentnummer",
        "persoonsnummer",
        "naam",
        "opleidingstype",
        "startdatum",
        "einddatum",
    ]
    rijen = (
        Plaatsing.objects.filter(schooljaar=2025)
        .order_by("pk")
        .values_list(
            "partnerschap__code",
            "vestiging__code",
            "instituut__code",
            "studentnummer",
            "opleidingstype",
            "startdatum",
            "einddatum",
        )[:aantal]
    )
    with open(pad, "w", newline="", encoding="utf-8") as f:
        schrijver = csv.writer(f)
        schrijver.writerow(kop)
        for i, (p, v, inst, nummer, soort, start, einde) in enumerate(rijen):
            einde = schuif(einde)
            if einde and einde > dt.date(2027, 7, 31):
                einde = dt.date(2027, 7, 31)
            schrijver.writerow(
                [
                    "2026-2027",
                    p,
                    v,
                    inst,
                    nummer,
                    # A valid BSN per row (issue 17: empty, the import benchmark never ran
                    # the elfproef or the HMAC); no names (the import needs none).
                    bsn(i),
                    "",
                    soort,
                    schuif(start).isoformat(),
                    einde.isoformat() if einde else "",
                ]
            )


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
