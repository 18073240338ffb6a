"""Peak memory of `manage.py importeer plaatsingen` against file size (issue 16, fault 6:
673,588 rows took 1.9 GB). Target: 1,000,000 rows under 500 MB, flat in file size.

The baseline, measured in the same run: the same Python and Django reading the same file
with the csv module (the floor any import of it pays). Each figure is the peak resident
memory (ru_maxrss) of one fresh process. Every row has a valid persoonsnummer (BSN with
the elfproef), so the HMAC and the elfproef run; the import runs with --dry-run (all
validation and all writes, rolled back at the end; no recount).

Needs the demo data in the database behind DATABASE_URL (`manage.py demo_data`):

    DATABASE_URL=postgres://… .venv/bin/python bench/import_geheugen.py 100000 1000000
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from persoonsnummers import bsn  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
PY = sys.executable
VESTIGINGEN = ["11AA00", "11AA01", "11AA02", "13CC00"]  # P-DPO's members (demo)

# Runs a command and prints its peak memory in KiB (the child's ru_maxrss) and seconds.
METER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "t = time.perf_counter() - t\n"
    "if r.returncode: sys.exit(r.stderr.decode()[-2000:])\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, round(t, 1))\n"
)

LEZEN = (
    "import csv, sys, django\n"
    "django.setup()\n"
    "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
    "    print(sum(1 for _ in csv.reader(f)))\n"
)


def maak_bestand(pad: Path, rijen: int) -> None:
    with pad.open("w", newline="", encoding="utf-8") as f:
        schrijver = csv.writer(f)
        schrijver.writerow(
            [
                "schooljaar",
                "partnerschap",
                "vestiging",
                "instituut",
                "studentnummer",
                "persoonsnummer",
                "opleidingstype",
                "startdatum",
            ]
        )
        for i in range(rijen):
            schrijver.writerow(
                [
                    "2025-2026",
                    "P-DPO",
                    VESTIGINGEN[i % len(VESTIGINGEN)],
                    "21PB",
                    f"G{i:07d}",
                    bsn(i),
                    "pabo",
                    "2025-09-01",
                ]
            )


def meet(*commando: str) -> tuple[float, float]:
    uit = subprocess.run(
        [PY, "-c", METER, *commando], capture_output=True, text=True, check=True, cwd=PROJECT
    )
    kib, seconden = uit.stdout.split()
    return int(kib) / 1024, float(seconden)


def main(aantallen: list[int]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regio_portal.settings.dev")
    # As in production: with DEBUG, Django keeps the SQL of every query.
    os.environ.setdefault("DEBUG", "false")
    print(f"load average voor de meting: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as werk:
        for rijen in aantallen:
            pad = Path(werk) / f"plaatsingen-{rijen}.csv"
            maak_bestand(pad, rijen)
            grootte = pad.stat().st_size / (1024 * 1024)
            basis_mb, basis_s = meet(PY, "-c", LEZEN, str(pad))
            import_mb, import_s = meet(
                PY,
                "manage.py",
                "importeer",
                "plaatsingen",
                str(pad),
                "--dry-run",
                "--max-mb",
                "2000",
            )
            print(
                f"{rijen:>9} rijen ({grootte:.0f} MB): import {import_mb:.0f} MB in {import_s} s"
                f" ({rijen / import_s:.0f} rijen/s); basis (csv lezen) {basis_mb:.0f} MB in "
                f"{basis_s} s; verhouding {import_mb / basis_mb:.2f}x"
            )
            pad.unlink()
    print(f"load average na de meting: {os.getloadavg()[0]:.2f} ({time.strftime('%Y-%m-%d')})")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100_000, 1_000_000])
