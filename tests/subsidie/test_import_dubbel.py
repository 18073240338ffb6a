"""A placement twice in one file (the same natural key, another einddatum) is refused
in Dutch, naming both rows and the columns they share, and nothing is written: with and
without --dry-run (issue 16, fault 2: an English IntegrityError without a row number)."""

from __future__ import annotations

import pytest

from regio_portal.core.importeren import importeer
from regio_portal.core.services import Opdrachtregel
from subsidie.models import Plaatsing
from tests.conftest import csv_bytes, voorbeeld_zonder_plaatsingen_van

pytestmark = pytest.mark.django_db

SLEUTEL = "schooljaar, partnerschap, vestiging, instituut, studentnummer, startdatum"


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_placement_twice_in_one_file_names_both_rows(dry_run):
    rijen, kolommen = voorbeeld_zonder_plaatsingen_van("P-DPO")
    tweede = {**rijen[0], "einddatum": "2026-05-31"}
    rijen.insert(2, tweede)  # file rows 2 (the first) and 4 (the same placement)
    voor = Plaatsing.objects.count()
    r = importeer(
        soort="plaatsingen",
        inhoud=csv_bytes(rijen, kolommen),
        door=Opdrachtregel(),
        dry_run=dry_run,
    )
    assert r.fouten == [
        f"rij 4: {SLEUTEL}: dezelfde plaatsing als rij 2; een plaatsing mag maar één keer "
        "in het bestand staan"
    ]
    assert Plaatsing.objects.count() == voor


def test_the_command_line_says_the_same(tmp_path):
    import io

    from django.core.management import call_command

    rijen, kolommen = voorbeeld_zonder_plaatsingen_van("P-DPO")
    rijen.insert(2, {**rijen[0], "einddatum": "2026-05-31"})
    bestand = tmp_path / "plaatsingen.csv"
    bestand.write_bytes(csv_bytes(rijen, kolommen))
    fout = io.StringIO()
    with pytest.raises(SystemExit) as einde:
        call_command("importeer", "plaatsingen", str(bestand), "--dry-run", stderr=fout)
    assert einde.value.code == 1
    assert fout.getvalue().splitlines() == [
        f"rij 4: {SLEUTEL}: dezelfde plaatsing als rij 2; een plaatsing mag maar één keer "
        "in het bestand staan",
        "1 fout(en); er is niets opgeslagen.",
    ]
