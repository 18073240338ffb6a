"""What-if counts: another Regeling or changed parameters beside the official count,
never stored (issue 15)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from decimal import Decimal

import pytest
from django.core import serializers
from django.urls import reverse

from subsidie.models import Regeling, TellingBesluit, TellingSnapshot
from subsidie.services import telling_bereken
from subsidie.wat_als import wat_als_berekenen
from tests.conftest import importeer_voorbeeld, ingelogde_client
from tests.factories import GebruikerFactory


@pytest.fixture
def voorbeeld(db, capsys):
    importeer_voorbeeld()
    capsys.readouterr()
    telling_bereken(schooljaar=2025)


def _stand():
    """Every stored count and decision, as bytes: what a what-if must leave untouched."""
    h = hashlib.sha256()
    h.update(serializers.serialize("json", TellingSnapshot.objects.order_by("pk")).encode())
    h.update(serializers.serialize("json", TellingBesluit.objects.order_by("pk")).encode())
    return h.hexdigest(), TellingSnapshot.objects.count(), TellingBesluit.objects.count()


def _kort(rijen):
    return [(r["code"], r["studenten"], r["zij_instromers"], r["bedrag"]) for r in rijen]


# The public example (shared/examples/telling) for 2025-2026 under opleidingsscholen-2019,
# worked out by hand from formats.md's table: vaste voet 100000.00 per partnership with a
# counted person, 955.00 per student, zij-instroom and 'overig' not counted, at least 60
# days, peildatum 1 October. A (DPO), B (DPO, once), C (EVO: active on the peildatum,
# 91 days), D (DPO: none active, most days), F (DPO: active on the peildatum), H (HOF,
# 111 days), K (DPO: lowest code); E zij-instromer, I overig, G and J no member.
VERWACHT_2019 = {
    "partnerschappen": [
        ("P-DPO", 5, 0, "104775.00"),
        ("P-EVO", 1, 0, "100955.00"),
        ("P-HOF", 1, 0, "100955.00"),
    ],
    "regios": [("R-MN", 5, 0, "4775.00"), ("R-ZH", 2, 0, "1910.00")],
    "totaal": {"studenten": 7, "zij_instromers": 0, "bedrag": "306685.00"},
}


def test_what_if_under_the_2019_regeling_gives_its_amounts_and_stores_nothing(voorbeeld):
    voor = _stand()
    uitkomst = wat_als_berekenen(
        schooljaar=2025,
        regeling=Regeling.objects.get(code="opleidingsscholen-2019"),
        wijzigingen={},
    )
    assert _kort(uitkomst["partnerschappen"]) == VERWACHT_2019["partnerschappen"]
    assert _kort(uitkomst["regios"]) == VERWACHT_2019["regios"]
    assert uitkomst["totaal"] == VERWACHT_2019["totaal"]
    assert uitkomst["wat_als"] is True
    assert _stand() == voor


def test_the_page_shows_what_if_beside_official_and_changes_nothing(voorbeeld, wereld_beheerder):
    voor = _stand()
    client = ingelogde_client(wereld_beheerder)
    url = reverse("subsidie:wat_als")
    antwoord = client.get(url, {"schooljaar": "2025-2026", "regeling": "opleidingsscholen-2019"})
    assert antwoord.status_code == 200
    tekst = antwoord.content.decode()
    assert "Wat-als, geen officiële telling." in tekst
    vergelijking = antwoord.context["vergelijking"]
    dpo = vergelijking["partnerschappen"][0]
    assert (dpo["code"], dpo["officieel"]["bedrag"], dpo["wat_als"]["bedrag"]) == (
        "P-DPO",
        "6250.00",
        "104775.00",
    )
    assert dpo["delta"] == {"studenten": 0, "zij_instromers": 0, "bedrag": Decimal("98525.00")}
    assert vergelijking["totaal"][0]["delta"]["bedrag"] == Decimal("296685.00")
    export = client.get(
        url, {"schooljaar": "2025-2026", "regeling": "opleidingsscholen-2019", "export": "csv"}
    )
    rijen = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert rijen[1][:3] == [
        "WAT-ALS, geen officiële telling (opleidingsscholen-2019)",
        "partnerschap",
        "P-DPO",
    ]
    assert rijen[1][5:] == ["6250.00", "5", "0", "104775.00", "0", "0", "98525.00"]
    assert [r[2] for r in rijen[1:]] == ["P-DPO", "P-EVO", "P-HOF", "R-MN", "R-ZH", "totaal"]
    assert _stand() == voor


def test_changed_parameters_on_the_current_regeling(voorbeeld):
    regeling = Regeling.objects.get(code="onderwijsregios-2025")
    uitkomst = wat_als_berekenen(
        schooljaar=2025,
        regeling=regeling,
        wijzigingen={"bedrag_per_student": Decimal("2000.00"), "getelde_typen": ["pabo"]},
    )
    # pabo only: A, B, D, F count (DPO); K (alo), C and H (tweedegraads) and the
    # zij-instromer E do not.
    assert _kort(uitkomst["partnerschappen"]) == [
        ("P-DPO", 4, 0, "8000.00"),
        ("P-EVO", 0, 0, "0.00"),
        ("P-HOF", 0, 0, "0.00"),
    ]
    assert uitkomst["parameters"]["getelde_typen"] == ["pabo"]


def test_a_kwartiermaker_sees_their_region_only_and_others_may_not(voorbeeld):
    import datetime as dt

    from partnerschappen import services
    from partnerschappen.models import Regio, Rol
    from regio_portal.core.services import Opdrachtregel

    km = GebruikerFactory()
    services.rol_toekennen(
        gebruiker=km,
        soort=Rol.Soort.KWARTIERMAKER,
        regio=Regio.objects.get(code="R-ZH"),
        door=Opdrachtregel(),
        geldig_van=dt.date(2024, 8, 1),
    )
    from tests.conftest import met_mfa

    client = ingelogde_client(met_mfa(km))
    antwoord = client.get(
        reverse("subsidie:wat_als"),
        {"schooljaar": "2025-2026", "regeling": "opleidingsscholen-2019"},
    )
    vergelijking = antwoord.context["vergelijking"]
    # R-ZH holds 03CC00 (P-DPO) and 03CC01 (P-HOF).
    assert [r["code"] for r in vergelijking["partnerschappen"]] == ["P-DPO", "P-HOF"]
    assert [r["code"] for r in vergelijking["regios"]] == ["R-ZH"]
    assert vergelijking["totaal"] == []
    assert ingelogde_client(GebruikerFactory()).get(reverse("subsidie:wat_als")).status_code == 403


@pytest.fixture
def wereld_beheerder(db):
    import datetime as dt

    from partnerschappen import services
    from partnerschappen.models import Rol
    from regio_portal.core.services import Opdrachtregel
    from tests.conftest import met_mfa

    g = met_mfa(GebruikerFactory())
    services.rol_toekennen(
        gebruiker=g, soort=Rol.Soort.BEHEERDER, door=Opdrachtregel(), geldig_van=dt.date(2024, 8, 1)
    )
    g.refresh_from_db()
    return g


def test_snapshot_json_after_what_if_is_byte_identical(voorbeeld):
    snapshot = TellingSnapshot.objects.get(schooljaar=2025, actueel=True)
    voor = json.dumps(snapshot.resultaat, sort_keys=True)
    wat_als_berekenen(
        schooljaar=2025,
        regeling=Regeling.objects.get(code="opleidingsscholen-2019"),
        wijzigingen={"budgetplafond": None},
    )
    snapshot.refresh_from_db()
    assert json.dumps(snapshot.resultaat, sort_keys=True) == voor
