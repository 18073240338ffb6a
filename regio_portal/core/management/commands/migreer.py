"""python manage.py migreer [--wacht SECONDEN]: `migrate` for a stack of several web nodes.

Each web container runs this before gunicorn starts. Two nodes starting at once would
run the same migration twice (the second fails on a table that now exists, and its
container stops); here each node waits on a PostgreSQL advisory lock, so one migrates
and the others find nothing left to do. `--wacht` waits that long for the database to
accept connections first (a compose stack starts its containers together, and
podman-compose does not wait for the database's healthcheck).
"""

from __future__ import annotations

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection

# Any fixed 64-bit number, the same on every node: "the portal's migrations".
MIGRATIE_SLOT = 0x5245_4749_4F4D_4947  # "REGIOMIG"


def _wacht_op_database(seconden: float) -> None:
    grens = time.monotonic() + seconden
    while True:
        try:
            connection.ensure_connection()
            return
        except OperationalError as fout:
            if time.monotonic() >= grens:
                raise CommandError(
                    f"De database is na {seconden:g} seconden nog niet bereikbaar."
                ) from fout
            connection.close()
            time.sleep(1)


class Command(BaseCommand):
    help = "Voer de migraties uit; één node tegelijk (PostgreSQL advisory lock)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--wacht",
            type=float,
            default=0,
            help="wacht hoogstens zoveel seconden tot de database verbindingen aanneemt",
        )

    def handle(self, *args, wacht, **options):
        _wacht_op_database(wacht)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATIE_SLOT])
        try:
            call_command(
                "migrate",
                interactive=False,
                verbosity=options["verbosity"],
                stdout=self.stdout,
                stderr=self.stderr,
            )
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATIE_SLOT])
