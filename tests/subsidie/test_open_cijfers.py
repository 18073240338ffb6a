"""Open figures: public, only final counts, small cells suppressed (issue 15)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnerschappen.models import Partnerschap, Regio
from regio_portal.core.services import Opdrachtregel
from subsidie.models import TellingSnapshot, Verantwoording
from subsidie.services import open_cijfers_vrijgeven, telling_bereken
from tests.conftest import importeer_voorbeeld

URL = "/open-cijfers/"


@pytest.fixture
def voorbeeld(db, capsys):
    importeer_voorbeeld()
    capsys.readouterr()
    telling_bereken(schooljaar=2025)


def _vastgesteld(code: str, dag: int):
    snapshot = TellingSnapshot.objects.get(schooljaar=2025, actueel=True)
    return Verantwoording.objects.create(
        soort=Verantwoording.Soort.PARTNERSCHAP,
        partnerschap=Partnerschap.objects.get(code=code),
        schooljaar=2025,
        versie=1,
        telling=snapshot,
        status=Verantwoording.Status.VASTGESTELD,
        vastgesteld_op=timezone.make_aware(dt.datetime(2026, 11, dag, 12, 0)),
    )


def test_nothing_final_nothing_published(voorbeeld):
    antwoord = Client().get(URL)
    assert antwoord.status_code == 200
    assert antwoord.context["cijfers"] is None
    assert Client().get("/open-cijfers/2025-2026.csv").status_code == 404


def test_a_release_publishes_the_region_with_exact_figures(voorbeeld, settings):
    settings.OPEN_CIJFERS_DREMPEL = 0
    open_cijfers_vrijgeven(
        regio=Regio.objects.get(code="R-MN"), schooljaar=2025, door=Opdrachtregel()
    )
    cijfers = Client().get(URL).context["cijfers"]
    assert cijfers["schooljaar"] == "2025-2026"
    # R-MN: A, B, F, K on po vestigingen; C and zij-instromer E on 02BB00 (vo).
    assert [(r["regio"], r["cellen"], r["totaal"], r["grond"]) for r in cijfers["rijen"]] == [
        ("R-MN", [4, 2, 0], 6, "vrijgave")
    ]
    assert cijfers["totaal"] == {"cellen": [4, 2, 0], "totaal": 6}


def test_every_partnership_adopted_makes_a_region_final(voorbeeld, settings):
    settings.OPEN_CIJFERS_DREMPEL = 0
    # R-ZH's partnerships in 2025-2026: P-DPO (03CC00) and P-HOF (03CC01).
    _vastgesteld("P-DPO", 10)
    assert Client().get(URL).context["cijfers"] is None
    _vastgesteld("P-HOF", 12)
    cijfers = Client().get(URL).context["cijfers"]
    assert [(r["regio"], r["cellen"], r["totaal"], r["grond"]) for r in cijfers["rijen"]] == [
        ("R-ZH", [1, 1, 0], 2, "vastgesteld")
    ]
    assert cijfers["vrijgegeven_op"] == timezone.make_aware(dt.datetime(2026, 11, 12, 12, 0))
    bestand = Client().get("/open-cijfers/2025-2026.csv")
    rijen = list(csv.reader(io.StringIO(bestand.content.decode("utf-8-sig")), delimiter=";"))
    datum = "2026-11-12T12:00:00+01:00"
    regio = "Onderwijsregio Haaglanden (voorbeeld)"
    assert rijen == [
        ["schooljaar", "regio", "regionaam", "sector", "personen", "vrijgegeven_op"],
        ["2025-2026", "R-ZH", regio, "po", "1", datum],
        ["2025-2026", "R-ZH", regio, "vo", "1", datum],
        ["2025-2026", "R-ZH", regio, "mbo", "0", datum],
        ["2025-2026", "R-ZH", regio, "totaal", "2", datum],
        ["2025-2026", "totaal", "", "po", "1", datum],
        ["2025-2026", "totaal", "", "vo", "1", datum],
        ["2025-2026", "totaal", "", "mbo", "0", datum],
        ["2025-2026", "totaal", "", "totaal", "2", datum],
    ]


def test_small_cells_are_suppressed_in_page_csv_and_json(voorbeeld):
    for regio in Regio.objects.all():
        open_cijfers_vrijgeven(regio=regio, schooljaar=2025, door=Opdrachtregel())
    pagina = Client().get(URL)
    cijfers = pagina.context["cijfers"]
    # Every figure of the example from 1 up is under 10: none is shown; 0 (mbo) is.
    assert cijfers["drempel"] == 10
    assert [r["cellen"] + [r["totaal"]] for r in cijfers["rijen"]] == [
        [None, None, 0, None],
        [None, None, 0, None],
    ]
    assert cijfers["totaal"] == {"cellen": [None, None, 0], "totaal": None}
    assert ">4<" not in pagina.content.decode()
    json_ = Client().get("/open-cijfers/2025-2026.json").json()
    assert json_["regios"][0]["per_sector"] == {"po": None, "vo": None, "mbo": 0}
    assert json_["drempel"] == 10
    assert json_["vrijgegeven_op"].startswith(str(timezone.localdate().year))
    bestand = Client().get("/open-cijfers/2025-2026.csv").content.decode("utf-8-sig")
    assert [r.split(";")[4] for r in bestand.strip().splitlines()[1:]] == [
        "x",
        "x",
        "0",
        "x",
        "x",
        "x",
        "0",
        "x",
        "x",
        "x",
        "0",
        "x",
    ]


def test_a_stale_count_cannot_be_released(voorbeeld):
    from django.core.exceptions import ValidationError

    TellingSnapshot.objects.filter(schooljaar=2025).update(verouderd=True)
    with pytest.raises(ValidationError):
        open_cijfers_vrijgeven(
            regio=Regio.objects.get(code="R-MN"), schooljaar=2025, door=Opdrachtregel()
        )


def test_the_beheerder_releases_after_a_confirmation(voorbeeld):
    from partnerschappen import services
    from partnerschappen.models import Rol
    from tests.conftest import ingelogde_client, met_mfa
    from tests.factories import GebruikerFactory

    beheerder = met_mfa(GebruikerFactory())
    services.rol_toekennen(
        gebruiker=beheerder,
        soort=Rol.Soort.BEHEERDER,
        door=Opdrachtregel(),
        geldig_van=dt.date(2024, 8, 1),
    )
    beheerder.refresh_from_db()
    client = ingelogde_client(beheerder)
    url = reverse("subsidie:open_cijfers_vrijgeven", args=["R-MN", "2025-2026"])
    assert "wordt openbaar" in client.get(url).content.decode()
    antwoord = client.post(url)
    assert antwoord.status_code == 302
    assert Client().get(URL).context["cijfers"]["rijen"][0]["regio"] == "R-MN"


def test_a_release_is_audited(voorbeeld):
    from auditlog.models import LogEntry

    from subsidie.models import OpenCijfersVrijgave

    open_cijfers_vrijgeven(
        regio=Regio.objects.get(code="R-MN"), schooljaar=2025, door=Opdrachtregel()
    )
    vrijgave = OpenCijfersVrijgave.objects.get()
    entries = LogEntry.objects.get_for_object(vrijgave)
    assert [(e.action, e.changes_dict["schooljaar"]) for e in entries] == [
        (LogEntry.Action.CREATE, ["None", "2025"])
    ]
