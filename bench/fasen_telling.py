"""A real full count timed by phase (issue 17, seventh pass): how long until the rules
start, the rules until the COPY ends, the client's work while the server attaches the
partition, the wait that remains, and what comes after. Unlike bench/profiel_telling.py,
which times each phase on its own, this times `services.telling_bereken` itself, in a
transaction that is rolled back, by wrapping the steps it calls. Two school years can be
given to alternate (the growth pair: 150,000 and 300,000 placements).

    DATABASE_URL=postgres://… .venv/bin/python bench/fasen_telling.py [JAAR …] [--rondes N]

(after `manage.py seed_landelijk`; the growth years 2040-2043 after bench.groei_maken).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regio_portal.settings.dev")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from subsidie import services, telregels  # noqa: E402
from subsidie.models import TellingSnapshot  # noqa: E402

MOMENTEN: list[tuple[str, float]] = []
FASEN = (
    ("tot de regels", "start", "regels"),
    ("regels tot het einde van de COPY", "regels", "aanhangen"),
    ("client tijdens het aanhangen", "aanhangen", "wachten"),
    ("wachten op de server", "wachten", "aangehangen"),
    ("daarna", "aangehangen", "eind"),
    ("samen", "start", "eind"),
)


def moment(naam: str) -> None:
    MOMENTEN.append((naam, time.perf_counter()))


def meten() -> None:
    """Wrap the steps of the service that mark the phases."""
    op_achtergrond = services._op_achtergrond
    bereken = telregels.bereken_telling

    def achtergrond(statements):
        moment("aanhangen")
        wachten = op_achtergrond(statements)

        def gemeten():
            moment("wachten")
            wachten()
            moment("aangehangen")

        return gemeten

    def regels(**kwargs):
        moment("regels")
        return bereken(**kwargs)

    services._op_achtergrond = achtergrond
    telregels.bereken_telling = regels


def tel(jaar: int) -> dict[str, float]:
    with transaction.atomic():
        TellingSnapshot.objects.filter(schooljaar=jaar).update(actueel=False)
        MOMENTEN.clear()
        moment("start")
        services.telling_bereken(schooljaar=jaar)
        moment("eind")
        transaction.set_rollback(True)
    t = dict(MOMENTEN)
    return {naam: t[tot] - t[van] for naam, van, tot in FASEN}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("jaren", nargs="*", type=int, default=[2025])
    parser.add_argument("--rondes", type=int, default=5)
    args = parser.parse_args()
    meten()
    print(f"load average: {os.getloadavg()[0]:.2f}; mediaan van {args.rondes}, afwisselend")
    tel(args.jaren[0])  # the first count of a process also warms its caches
    metingen: dict[int, list[dict[str, float]]] = {jaar: [] for jaar in args.jaren}
    for _ in range(args.rondes):
        for jaar in args.jaren:
            metingen[jaar].append(tel(jaar))
    for jaar, rondes in metingen.items():
        print(f"schooljaar {jaar}:")
        for naam, _, _ in FASEN:
            tijden = [r[naam] for r in rondes]
            print(
                f"  {naam:36s} {statistics.median(tijden):6.3f} s"
                f"  ({min(tijden):.3f}-{max(tijden):.3f})"
            )


if __name__ == "__main__":
    main()
