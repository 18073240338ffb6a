"""A damaged CSV names the row where the damage starts, in Dutch (issue 16, fault 3: an
unclosed quote on line 3 was reported as `rij 6: startdatum: is verplicht`, the last
line, and a field over the CSV limit gave Python's English message)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command

from regio_portal.core.importeren import importeer
from regio_portal.core.services import Opdrachtregel
from subsidie.models import Plaatsing
from tests.conftest import csv_bytes, voorbeeld_zonder_plaatsingen_van

pytestmark = pytest.mark.django_db


def _bestand_met_open_aanhalingsteken() -> bytes:
    rijen, kolommen = voorbeeld_zonder_plaatsingen_van("P-DPO")
    assert len(rijen) >= 5
    regels = csv_bytes(rijen[:5], kolommen).decode("utf-8-sig").splitlines()
    # Line 3 (the second placement): its studentnummer opens a quote that never closes.
    velden = regels[2].split(",")
    index = kolommen.index("studentnummer")
    velden[index] = '"' + velden[index]
    regels[2] = ",".join(velden)
    return ("\n".join(regels) + "\n").encode()


MELDING = (
    'rij 3: kolom studentnummer: het aanhalingsteken (") wordt niet gesloten, zodat het '
    "veld doorloopt over de regels erna; sluit het aanhalingsteken of haal het weg."
)


@pytest.mark.parametrize("dry_run", [True, False])
def test_an_unclosed_quote_names_the_line_it_starts_on(dry_run):
    inhoud = _bestand_met_open_aanhalingsteken()
    voor = Plaatsing.objects.count()
    r = importeer(
        soort="plaatsingen",
        inhoud=inhoud,
        door=Opdrachtregel(),
        dry_run=dry_run,
    )
    assert r.fouten == [MELDING]
    assert Plaatsing.objects.count() == voor


def test_the_command_line_says_the_same(tmp_path):
    bestand = tmp_path / "plaatsingen.csv"
    bestand.write_bytes(_bestand_met_open_aanhalingsteken())
    fout = io.StringIO()
    with pytest.raises(SystemExit) as einde:
        call_command("importeer", "plaatsingen", str(bestand), stderr=fout)
    assert einde.value.code == 1
    assert fout.getvalue().splitlines() == [MELDING, "1 fout(en); er is niets opgeslagen."]


def test_a_field_over_the_csv_limit_is_said_in_dutch_at_its_row():
    rijen, kolommen = voorbeeld_zonder_plaatsingen_van("P-DPO")
    regels = csv_bytes(rijen[:3], kolommen).decode("utf-8-sig").splitlines()
    grens = csv.field_size_limit()
    assert grens == 131072
    regels[2] = regels[2] + "," + '"' + "x" * (grens + 10) + '"'
    r = importeer(
        soort="plaatsingen",
        inhoud=("\n".join(regels) + "\n").encode(),
        door=Opdrachtregel(),
        dry_run=True,
    )
    assert r.fouten == [
        "rij 3: een veld is langer dan 131.072 tekens. Meestal staat er een "
        'aanhalingsteken (") dat niet wordt gesloten; controleer deze regel.'
    ]


def test_a_quoted_field_on_one_line_still_reads():
    rijen, kolommen = voorbeeld_zonder_plaatsingen_van("P-DPO")
    regels = csv_bytes(rijen[:3], kolommen).decode("utf-8-sig").splitlines()
    velden = regels[1].split(",")
    index = kolommen.index("studentnummer")
    velden[index] = f'"{velden[index]}"'
    regels[1] = ",".join(velden)
    r = importeer(
        soort="plaatsingen",
        inhoud=("\n".join(regels) + "\n").encode(),
        door=Opdrachtregel(),
        dry_run=True,
    )
    assert (r.fouten, r.aangemaakt) == ([], 3)
