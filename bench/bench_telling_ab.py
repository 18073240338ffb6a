"""The national count of one school year, timed in whichever tree runs this file (its
code on PYTHONPATH): used to compare two commits on one seeded database in one session.
Prints the median of 5 counts and the raw read of the placements (the baseline the
count cannot beat), and their ratio.

    DATABASE_URL=… PYTHONPATH=<tree> .venv/bin/python bench/bench_telling_ab.py
"""

import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regio_portal.settings.dev")
django.setup()

from django.db import connection  # noqa: E402

from subsidie import services  # noqa: E402
from subsidie.models import TellingSnapshot  # noqa: E402

SCHOOLJAAR = 2025


def ruwe_lezing() -> float:
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, partnerschap_id, vestiging_id, instituut_id, student_sleutel, "
            "persoon_sleutel, opleidingstype, startdatum, einddatum FROM subsidie_plaatsing "
            "WHERE schooljaar = %s",
            [SCHOOLJAAR],
        )
        cursor.fetchall()
    return time.perf_counter() - start


def tel() -> float:
    TellingSnapshot.objects.filter(schooljaar=SCHOOLJAAR).update(actueel=False)
    start = time.perf_counter()
    services.telling_bereken(schooljaar=SCHOOLJAAR)
    return time.perf_counter() - start


def main() -> None:
    tel()  # warm up
    tellingen = [tel() for _ in range(5)]
    lezingen = [ruwe_lezing() for _ in range(5)]
    t, r = statistics.median(tellingen), statistics.median(lezingen)
    print(
        f"{sys.argv[1] if len(sys.argv) > 1 else 'telling'}: telling {t:.2f}s "
        f"(kortst {min(tellingen):.2f}s), ruwe lezing {r:.2f}s, verhouding {t / r:.1f}x"
    )


if __name__ == "__main__":
    main()
