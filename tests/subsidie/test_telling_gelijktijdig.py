"""Two counts of the same school year at once (a worker's recount and `demo_data`, or a
message delivered twice) leave one current snapshot, and neither fails (found by the
compose stack: `UniqueViolation … een_actuele_telling` in demo_data)."""

from __future__ import annotations

import threading
from unittest import mock

import pytest
from django.db import connection

from subsidie import telregels
from subsidie.models import TellingSnapshot
from subsidie.services import telling_bereken
from tests.conftest import importeer_voorbeeld


@pytest.mark.django_db(transaction=True)
def test_two_counts_of_a_year_without_a_snapshot_at_once_give_one():
    importeer_voorbeeld()
    TellingSnapshot.objects.all().delete()
    # Both counts meet inside the rules if they can: without the lock they do, and both
    # insert a current snapshot. With it the second waits at the lock, the first stops
    # waiting for it after a few seconds and finishes.
    samen = threading.Barrier(2)
    echt = telregels.bereken_telling

    def bereken_telling(**kwargs):
        try:
            samen.wait(timeout=3)
        except threading.BrokenBarrierError:
            pass
        return echt(**kwargs)

    fouten: list[BaseException] = []
    uitkomsten: list[int] = []

    def tel():
        try:
            uitkomsten.append(telling_bereken(schooljaar=2025).pk)
        except BaseException as fout:  # noqa: BLE001 (reported below)
            fouten.append(fout)
        finally:
            connection.close()

    with mock.patch.object(telregels, "bereken_telling", bereken_telling):
        draden = [threading.Thread(target=tel) for _ in range(2)]
        for draad in draden:
            draad.start()
        for draad in draden:
            draad.join(timeout=60)
    assert fouten == []
    assert len(uitkomsten) == 2 and uitkomsten[0] == uitkomsten[1]
    assert TellingSnapshot.objects.filter(schooljaar=2025, actueel=True).count() == 1
    assert TellingSnapshot.objects.filter(schooljaar=2025).count() == 1
