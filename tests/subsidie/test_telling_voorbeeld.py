"""The worked example of shared/examples/telling through `importeer` + `telling`."""

from __future__ import annotations

import json

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command

from subsidie.models import Plaatsing, TellingBesluit, TellingSnapshot
from tests.conftest import VOORBEELDEN, importeer_voorbeeld

TELLING = VOORBEELDEN / "telling"


@pytest.fixture
def voorbeeld(db, capsys):
    importeer_voorbeeld()
    capsys.readouterr()


def _telling_json(capsys, schooljaar):
    call_command("telling", "--schooljaar", schooljaar, "--format", "json")
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("schooljaar", ["2025-2026", "2023-2024"])
def test_telling_example_gives_exactly_the_expected_json(voorbeeld, capsys, schooljaar):
    uitkomst = _telling_json(capsys, schooljaar)
    verwacht = json.loads((TELLING / f"verwacht-{schooljaar}.json").read_text())
    waarschuwingen = {p["code"]: p.pop("waarschuwingen") for p in uitkomst["partnerschappen"]}
    assert uitkomst == verwacht
    assert set(waarschuwingen) == {"P-DPO", "P-EVO", "P-HOF"}


def test_telling_example_warnings_and_decisions(voorbeeld, capsys):
    uitkomst = _telling_json(capsys, "2025-2026")
    waarschuwingen = {p["code"]: p["waarschuwingen"] for p in uitkomst["partnerschappen"]}
    assert waarschuwingen["P-DPO"][0] == "plaatsing op 04DD00, geen lid van P-DPO"
    assert waarschuwingen["P-HOF"][0] == "plaatsing op 03CC01, geen lid van P-HOF"
    snapshot = TellingSnapshot.objects.get(schooljaar=2025, actueel=True)
    besluiten = {
        (b.plaatsing.studentnummer, b.plaatsing.partnerschap.code, b.plaatsing.vestiging.code): (
            b.status,
            b.geteld_bij,
        )
        for b in TellingBesluit.objects.filter(telling=snapshot).select_related(
            "plaatsing__partnerschap", "plaatsing__vestiging"
        )
    }
    assert besluiten == {
        ("1001", "P-DPO", "01AA00"): ("geteld", "P-DPO"),
        ("1002", "P-DPO", "01AA00"): ("geteld", "P-DPO"),
        ("1002", "P-DPO", "01AA01"): ("elders_geteld", "P-DPO"),
        ("1003", "P-EVO", "02BB00"): ("geteld", "P-EVO"),
        ("1003", "P-DPO", "03CC00"): ("elders_geteld", "P-EVO"),
        ("2001", "P-DPO", "03CC00"): ("geteld", "P-DPO"),
        ("2001", "P-HOF", "03CC01"): ("elders_geteld", "P-DPO"),
        ("3001", "P-EVO", "02BB00"): ("geteld", "P-EVO"),
        ("1004", "P-DPO", "01AA01"): ("geteld", "P-DPO"),
        ("2002", "P-EVO", "02BB00"): ("elders_geteld", "P-DPO"),
        ("2003", "P-HOF", "03CC01"): ("geen_lid", ""),
        ("2004", "P-HOF", "03CC01"): ("geteld", "P-HOF"),
        ("1005", "P-DPO", "01AA00"): ("type_niet_geteld", ""),
        ("1006", "P-DPO", "04DD00"): ("geen_lid", ""),
        ("1007", "P-EVO", "02BB00"): ("elders_geteld", "P-DPO"),
        ("1007", "P-DPO", "01AA00"): ("geteld", "P-DPO"),
    }


def test_telling_is_a_snapshot_reused_until_input_changes(voorbeeld, capsys):
    _telling_json(capsys, "2025-2026")
    eerste = TellingSnapshot.objects.get(schooljaar=2025, actueel=True)
    _telling_json(capsys, "2025-2026")
    assert TellingSnapshot.objects.filter(schooljaar=2025).count() == 1
    Plaatsing.objects.filter(studentnummer="1005").update(opleidingstype="pabo")
    uitkomst = _telling_json(capsys, "2025-2026")
    assert uitkomst["totaal"]["studenten"] == 8
    eerste.refresh_from_db()
    assert eerste.actueel is False
    assert eerste.resultaat["totaal"]["studenten"] == 7


def test_persoonsnummer_is_never_stored(voorbeeld):
    assert not Plaatsing.objects.filter(persoon_sleutel="111222333").exists()
    sleutels = set(
        Plaatsing.objects.exclude(persoon_sleutel="").values_list("persoon_sleutel", flat=True)
    )
    assert len(sleutels) == 1 and len(next(iter(sleutels))) == 64
    for entry in LogEntry.objects.filter(content_type__model="plaatsing"):
        tekst = json.dumps(entry.changes_dict)
        assert "111222333" not in tekst and "Student" not in tekst and "studentnummer" not in tekst


def test_reimport_of_placements_changes_nothing(voorbeeld, capsys):
    call_command("importeer", "plaatsingen", str(TELLING / "plaatsingen.csv"))
    assert (
        capsys.readouterr().out.strip()
        == "plaatsingen: aangemaakt: 0, bijgewerkt: 0, ongewijzigd: 19"
    )
