"""Where the national count's time goes, phase by phase, next to its read floor (issue 17).

Each phase of `subsidie.services.telling_bereken` timed on its own (median of N runs),
inside a transaction that is rolled back (nothing stored), with the read floor measured
in the same run: the same placement rows read with one bare psycopg query. Then a
cProfile of the rules (telregels.bereken_telling), top functions by own time.

    DATABASE_URL=postgres://… .venv/bin/python bench/profiel_telling.py [SCHOOLJAAR] [N]

(after `manage.py seed_landelijk`; default 2025, 3 runs).
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regio_portal.settings.dev")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from regio_portal.core.geheugen import zonder_gc  # noqa: E402
from subsidie import selectors, services, telregels  # noqa: E402
from subsidie.models import TellingSnapshot  # noqa: E402
from subsidie.vingerafdruk import vingerafdruk  # noqa: E402

KOLOMMEN = (
    "id, partnerschap_id, vestiging_id, instituut_id, student_sleutel, persoon_sleutel, "
    "opleidingstype, startdatum, einddatum"
)


def mediaan(functie, n):
    tijden, uitkomst = [], None
    for _ in range(n):
        begin = time.perf_counter()
        uitkomst = functie()
        tijden.append(time.perf_counter() - begin)
    return statistics.median(tijden), uitkomst


@zonder_gc()  # as services.telling_bereken runs
def main(jaar: int, n: int) -> None:
    print(f"load average: {os.getloadavg()[0]:.2f}; schooljaar {jaar}; mediaan van {n}")

    def vloer():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {KOLOMMEN} FROM subsidie_plaatsing WHERE schooljaar = %s",  # noqa: S608
                [jaar],
            )
            return len(cursor.fetchall())

    t_vloer, aantal = mediaan(vloer, n)
    regeling = selectors.regeling_voor(jaar)
    # As the service reads it: the input and the sectors from one read of the vestigingen.
    t_invoer, (invoer, sectoren) = mediaan(lambda: selectors.telling_invoer_en_sectoren(jaar), n)
    parameters = services.regeling_parameters(regeling, jaar)
    pj = services.parameters_json(parameters)
    t_afdruk, _ = mediaan(
        lambda: vingerafdruk(schooljaar=jaar, invoer=invoer, parameters=pj),
        n,
    )
    t_regels, telling = mediaan(
        lambda: telregels.bereken_telling(schooljaar=jaar, regeling=parameters, **invoer), n
    )
    per_id = {p.id: p for p in invoer["plaatsingen"]}

    def inhoud_maken(telling):
        """The snapshot's content, as services._snapshot_inhoud makes it."""
        services.resultaat_json(jaar, pj, telling)
        services.samenvatting_volledig(
            invoer["plaatsingen"],
            per_id,
            telling.besluiten,
            regio=invoer["regio_van_vestiging"],
            sector=sectoren,
        )

    t_json, _ = mediaan(lambda: inhoud_maken(telling), n)

    def opslaan():
        """As the service: the rules hand their decisions block by block, as COPY text, to a
        COPY into a new table (services.besluiten_stromen); when the last decision is in,
        the COPY ends and a thread attaches the table as the snapshot's partition while
        the snapshot's content (JSON) is made; then the wait for the attach."""
        with transaction.atomic():
            snapshot = TellingSnapshot(schooljaar=jaar, regeling=regeling)
            snapshot.pk = services._snapshot_id_reserveren()
            begin = time.perf_counter()
            with services.besluiten_stromen(snapshot, per_id) as uitvoer:
                telling = telregels.bereken_telling(
                    schooljaar=jaar, regeling=parameters, uitvoer=uitvoer, **invoer
                )
                klaar = time.perf_counter()
                inhoud_maken(telling)
                inhoud = time.perf_counter()
            aangehangen = time.perf_counter()
            transaction.set_rollback(True)
        return klaar - begin, inhoud - klaar, aangehangen - inhoud

    tijden = [opslaan() for _ in range(n)]
    t_stromend = statistics.median(t for t, _, _ in tijden)
    t_inhoud = statistics.median(t for _, t, _ in tijden)
    t_wachten = statistics.median(t for _, _, t in tijden)
    totaal = t_invoer + t_afdruk + t_stromend + t_inhoud + t_wachten
    print(f"{aantal} plaatsingen; leesvloer (kale psycopg-query) {t_vloer:.3f} s")
    for naam, t in (
        ("invoer lezen (telling_invoer_en_sectoren)", t_invoer),
        ("vingerafdruk", t_afdruk),
        ("  telregels alleen", t_regels),
        ("  resultaat + samenvatting (JSON)", t_json),
        ("telregels + COPY (stromend)", t_stromend),
        ("JSON terwijl er aangehangen wordt", t_inhoud),
        ("wachten op aanhangen + ANALYZE", t_wachten),
        ("samen", totaal),
    ):
        print(f"  {naam:34} {t:7.3f} s  {t / t_vloer:5.1f}x de leesvloer")

    profiel = cProfile.Profile()
    profiel.enable()
    telregels.bereken_telling(schooljaar=jaar, regeling=parameters, **invoer)
    profiel.disable()
    uit = io.StringIO()
    pstats.Stats(profiel, stream=uit).sort_stats("tottime").print_stats(12)
    print("\n".join(uit.getvalue().splitlines()[:30]))


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 2025,
        int(sys.argv[2]) if len(sys.argv) > 2 else 3,
    )
