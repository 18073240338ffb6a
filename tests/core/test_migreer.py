"""`manage.py migreer`: migrations one node at a time (the compose stack runs two web nodes)."""

from __future__ import annotations

import io
import threading
from unittest import mock

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connection

from regio_portal.core.management.commands.migreer import MIGRATIE_SLOT


def _tweede_verbinding():
    instellingen = connection.settings_dict
    return psycopg.connect(
        dbname=instellingen["NAME"],
        user=instellingen["USER"],
        password=instellingen["PASSWORD"],
        host=instellingen["HOST"],
        port=instellingen["PORT"],
        autocommit=True,
    )


@pytest.mark.django_db
def test_a_second_node_waits_for_the_first_then_finds_nothing_to_do():
    uitvoer = io.StringIO()
    klaar = threading.Event()

    def tweede_node():
        try:
            call_command("migreer", stdout=uitvoer)
        finally:
            from django.db import connection as eigen  # noqa: PLC0415 (this thread's)

            eigen.close()
            klaar.set()

    with _tweede_verbinding() as eerste_node:
        eerste_node.execute("SELECT pg_advisory_lock(%s)", [MIGRATIE_SLOT])
        draad = threading.Thread(target=tweede_node)
        draad.start()
        # The first node holds the lock (it is migrating): the second one waits.
        assert klaar.wait(1.5) is False
        eerste_node.execute("SELECT pg_advisory_unlock(%s)", [MIGRATIE_SLOT])
        assert klaar.wait(60) is True
        draad.join()
        # And it let go of the lock: the first node can take it at once.
        bezet = eerste_node.execute("SELECT pg_try_advisory_lock(%s)", [MIGRATIE_SLOT]).fetchone()[
            0
        ]
    assert bezet is True
    assert "No migrations to apply." in uitvoer.getvalue()


def test_an_unreachable_database_is_said_in_dutch_after_the_wait():
    with (
        mock.patch.object(connection, "ensure_connection", side_effect=OperationalError("x")),
        mock.patch("regio_portal.core.management.commands.migreer.time.sleep") as slaap,
        pytest.raises(CommandError) as fout,
    ):
        call_command("migreer", "--wacht", "0")
    assert str(fout.value) == "De database is na 0 seconden nog niet bereikbaar."
    assert slaap.call_count == 0
