"""Deleting a partnership's school year of placements: the service
(subsidie.services.plaatsingen_verwijderen: plain DELETEs, one audit entry) against the
baseline in the same run, a Django delete() of the same rows with auditlog (an audit
entry per placement, what an ORM loop did before). Both inside a transaction that is
rolled back, so the database is left as it was and no recount is queued.

On a `seed_landelijk` database, from the project root:

    DATABASE_URL=postgres://… .venv/bin/python bench/bench_verwijderen.py [P001 ...]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regio_portal.settings.dev")

import django  # noqa: E402

django.setup()

from auditlog.models import LogEntry  # noqa: E402
from django.db import transaction  # noqa: E402

from partnerschappen.models import Partnerschap  # noqa: E402
from regio_portal.core.services import Opdrachtregel, audit_actor  # noqa: E402
from subsidie import services  # noqa: E402
from subsidie.models import Plaatsing  # noqa: E402

SCHOOLJAAR = 2025


class _Terug(Exception):
    pass


def binnen_terugdraai(functie):
    """Time `functie` in a transaction that is rolled back; return (seconds, audit rows)."""
    try:
        with transaction.atomic():
            voor = LogEntry.objects.count()
            start = time.perf_counter()
            functie()
            duur = time.perf_counter() - start
            audit = LogEntry.objects.count() - voor
            raise _Terug
    except _Terug:
        pass
    return duur, audit


def main() -> None:
    codes = sys.argv[1:] or ["P001", "P002", "P003"]
    print(f"load average: {os.getloadavg()[0]:.2f}")
    for code in codes:
        partnerschap = Partnerschap.objects.get(code=code)
        rijen = Plaatsing.objects.filter(partnerschap=partnerschap, schooljaar=SCHOOLJAAR).count()

        def dienst(p=partnerschap):
            services.plaatsingen_verwijderen(
                partnerschap=p, schooljaar=SCHOOLJAAR, door=Opdrachtregel()
            )

        def orm(p=partnerschap):
            with audit_actor(Opdrachtregel()):
                Plaatsing.objects.filter(partnerschap=p, schooljaar=SCHOOLJAAR).delete()

        t_dienst, a_dienst = binnen_terugdraai(dienst)
        t_orm, a_orm = binnen_terugdraai(orm)
        print(
            f"{code}: {rijen} plaatsingen; service {t_dienst:.3f} s ({a_dienst} auditregel), "
            f"ORM delete() {t_orm:.3f} s ({a_orm} auditregels): {t_orm / t_dienst:.0f}× sneller; "
            f"per 100.000: service {t_dienst / rijen * 1e5:.1f} s, ORM {t_orm / rijen * 1e5:.0f} s"
        )


if __name__ == "__main__":
    main()
