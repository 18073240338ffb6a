"""The import reads its file as a stream and imports placements DEEL rows at a time
inside one transaction (issue 16, fault 6: `manage.py importeer` read 673,588 rows whole
and peaked at 1.9 GB). The memory figure itself is a benchmark (bench/import_geheugen.py);
here: the parts, their all-or-nothing, the reads, and the command's size limit."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from regio_portal.core import importeren
from regio_portal.core.importeren import importeer
from regio_portal.core.services import Opdrachtregel
from subsidie.imports import PlaatsingResource
from subsidie.models import Plaatsing
from tests.conftest import csv_bytes, voorbeeld_zonder_plaatsingen_van

pytestmark = pytest.mark.django_db


@pytest.fixture
def delen(monkeypatch):
    """Parts of 3 rows, and the height of every part the resource gets."""
    monkeypatch.setattr(importeren, "DEEL", 3)
    hoogtes: list[int] = []
    origineel = PlaatsingResource.import_data

    def import_data(self, dataset, **kwargs):
        hoogtes.append(dataset.height)
        return origineel(self, dataset, **kwargs)

    monkeypatch.setattr(PlaatsingResource, "import_data", import_data)
    return hoogtes


def test_a_file_is_imported_in_parts_with_the_same_result(delen):
    rijen, kolommen = voorbeeld_zonder_plaatsingen_van("P-DPO")
    delen.clear()  # the example's other partnerships, imported above
    assert len(rijen) == 10
    voor = Plaatsing.objects.count()
    r = importeer(
        soort="plaatsingen", inhoud=csv_bytes(rijen, kolommen), door=Opdrachtregel(), dry_run=False
    )
    assert (r.fouten, r.aangemaakt, r.bijgewerkt, r.ongewijzigd) == ([], 10, 0, 0)
    assert delen == [3, 3, 3, 1]
    assert Plaatsing.objects.count() == voor + 10
    # The same file again: every row found (in its own part) and unchanged.
    delen.clear()
    r = importeer(
        soort="plaatsingen", inhoud=csv_bytes(rijen, kolommen), door=Opdrachtregel(), dry_run=False
    )
    assert (r.fouten, r.aangemaakt, r.ongewijzigd, delen) == ([], 0, 10, [3, 3, 3, 1])


def test_an_error_in_a_later_part_writes_nothing_of_the_earlier_ones(delen):
    rijen, kolommen = voorbeeld_zonder_plaatsingen_van("P-DPO")
    rijen[8] = {**rijen[8], "startdatum": "gisteren"}  # file row 10, in the fourth part
    rijen.append({**rijen[0], "einddatum": "2026-05-31"})  # row 12: row 2 again
    voor = Plaatsing.objects.count()
    r = importeer(
        soort="plaatsingen", inhoud=csv_bytes(rijen, kolommen), door=Opdrachtregel(), dry_run=False
    )
    assert r.fouten == [
        "rij 10: startdatum: 'gisteren' is geen geldige datum (gebruik 2025-09-01 of 01-09-2025)",
        "rij 12: schooljaar, partnerschap, vestiging, instituut, studentnummer, startdatum: "
        "dezelfde plaatsing als rij 2; een plaatsing mag maar één keer in het bestand staan",
    ]
    assert Plaatsing.objects.count() == voor


def test_the_check_in_parts_still_previews_every_row(delen):
    rijen, kolommen = voorbeeld_zonder_plaatsingen_van("P-DPO")
    delen.clear()
    r = importeer(
        soort="plaatsingen", inhoud=csv_bytes(rijen, kolommen), door=Opdrachtregel(), dry_run=True
    )
    assert (r.fouten, delen) == ([], [3, 3, 3, 1])
    assert [x["rij"] for x in r.effect["rijen"]] == list(range(2, 12))
    assert (r.effect["mee"], r.effect["niet"]) == (6, 4)


class Gemeten(io.BytesIO):
    """A file that notes how much each read asks for."""

    def __init__(self, inhoud: bytes):
        super().__init__(inhoud)
        self.gevraagd: list[int | None] = []

    def read(self, n=-1):
        self.gevraagd.append(n)
        return super().read(n)

    def read1(self, n=-1):
        self.gevraagd.append(n)
        return super().read1(n)


def test_the_file_is_read_in_blocks_never_whole():
    rijen, kolommen = voorbeeld_zonder_plaatsingen_van("P-DPO")
    bestand = Gemeten(csv_bytes(rijen, kolommen))
    r = importeer(soort="plaatsingen", inhoud=bestand, door=Opdrachtregel(), dry_run=True)
    assert r.fouten == []
    assert bestand.gevraagd
    assert all(n is not None and 0 < n <= 1 << 20 for n in bestand.gevraagd), bestand.gevraagd


def test_more_errors_than_shown_are_counted(monkeypatch):
    monkeypatch.setattr(importeren, "MAX_MELDINGEN", 2)
    rijen, kolommen = voorbeeld_zonder_plaatsingen_van("P-DPO")
    for rij in rijen[:5]:
        rij["opleidingstype"] = "kok"
    r = importeer(
        soort="plaatsingen", inhoud=csv_bytes(rijen, kolommen), door=Opdrachtregel(), dry_run=True
    )
    assert len(r.fouten) == 3
    assert r.fouten[0].startswith("rij 2: opleidingstype: ")
    assert r.fouten[1].startswith("rij 3: opleidingstype: ")
    assert r.fouten[2] == (
        "… en nog 3 fout(en) in latere rijen (niet getoond; de eerste 2 staan hierboven)."
    )


def test_the_command_refuses_a_file_over_its_limit_unless_raised(tmp_path):
    rijen, kolommen = voorbeeld_zonder_plaatsingen_van("P-DPO")
    bestand = tmp_path / "plaatsingen.csv"
    inhoud = csv_bytes(rijen, kolommen)
    # Padding after the last row: blank lines, which the import skips.
    bestand.write_bytes(inhoud + b"\n" * (2 * 1024 * 1024))
    with pytest.raises(CommandError) as fout:
        call_command("importeer", "plaatsingen", str(bestand), "--max-mb", "1")
    assert str(fout.value) == (
        "Het bestand is 2 MB; de grens is 1 MB. Hoort het zo groot te zijn, geef dan een "
        "hogere grens met --max-mb."
    )
    assert Plaatsing.objects.filter(partnerschap__code="P-DPO").count() == 0
    uit = io.StringIO()
    call_command("importeer", "plaatsingen", str(bestand), "--max-mb", "3", stdout=uit)
    assert uit.getvalue() == "plaatsingen: aangemaakt: 10, bijgewerkt: 0, ongewijzigd: 0\n"
    assert Plaatsing.objects.filter(partnerschap__code="P-DPO").count() == 10
