"""The write path across modules (issue 11): a membership that ends, through the import
command and through the partnership page, marks exactly the affected count stale; every
page that shows the count says so; adopting a report on it is refused; the recount gives
the new figures. Built on shared/examples/telling."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from partnerschappen import services as org_services
from partnerschappen.models import Bestuur, Lidmaatschap, Partnerschap, Regio, Rol
from regio_portal.core.services import Opdrachtregel
from subsidie import services
from subsidie.models import TellingSnapshot, Verantwoording
from tests.conftest import VOORBEELDEN, importeer_voorbeeld, ingelogde_client, met_mfa
from tests.factories import GebruikerFactory

TELLING = VOORBEELDEN / "telling"


@pytest.fixture
def voorbeeld(db, capsys, django_capture_on_commit_callbacks):
    """The example imported and counted (2025-2026 and 2023-2024), a concept report of
    P-DPO for 2025-2026, and the people who look at it."""
    with django_capture_on_commit_callbacks(execute=True):
        importeer_voorbeeld()
        call_command("telling", "--schooljaar", "2025-2026", "--format", "json")
        call_command("telling", "--schooljaar", "2023-2024", "--format", "json")
        concept = services.verantwoording_aanvragen(
            schooljaar=2025, door=Opdrachtregel(), partnerschap=_p("P-DPO")
        )
    capsys.readouterr()
    door = Opdrachtregel()
    mensen = {
        "programmaleider": GebruikerFactory(email="pl.dpo@test.example"),
        "kwartiermaker": met_mfa(GebruikerFactory(email="km.mn@test.example")),
        "bestuurder": met_mfa(GebruikerFactory(email="bestuurder.dpo@test.example")),
    }
    for wie, soort, doel in (
        ("programmaleider", Rol.Soort.PROGRAMMALEIDER, {"partnerschap": _p("P-DPO")}),
        ("kwartiermaker", Rol.Soort.KWARTIERMAKER, {"regio": Regio.objects.get(code="R-MN")}),
        ("bestuurder", Rol.Soort.BESTUURDER, {"bestuur": Bestuur.objects.get(nummer="41001")}),
    ):
        org_services.rol_toekennen(
            gebruiker=mensen[wie], soort=soort, door=door, geldig_van=dt.date(2024, 8, 1), **doel
        )
    concept.refresh_from_db()
    assert concept.status == Verantwoording.Status.CONCEPT
    return {"concept": concept, **{k: ingelogde_client(g) for k, g in mensen.items()}}


def _p(code):
    return Partnerschap.objects.get(code=code)


def _telling(schooljaar: int) -> TellingSnapshot:
    return TellingSnapshot.objects.get(schooljaar=schooljaar, actueel=True)


def _dpo(snapshot) -> dict:
    return next(r for r in snapshot.resultaat["partnerschappen"] if r["code"] == "P-DPO")


def _verse_telling(capsys, schooljaar: str) -> dict:
    call_command("telling", "--schooljaar", schooljaar, "--format", "json")
    uit = json.loads(capsys.readouterr().out)
    return next(r for r in uit["partnerschappen"] if r["code"] == "P-DPO")


def _tekst(client, url) -> str:
    antwoord = client.get(url)
    assert antwoord.status_code == 200
    return _lees(antwoord)


def _lees(antwoord) -> str:
    """The page as a person reads it: text without tags, white space folded."""
    return " ".join(strip_tags(antwoord.content.decode()).split())


def _pagina_teksten(v) -> dict[str, str]:
    return {
        "dashboard": _tekst(v["kwartiermaker"], "/regios/R-MN/dashboard/?schooljaar=2025-2026"),
        "telling": _tekst(
            v["programmaleider"], reverse("subsidie:partnerschap_telling", args=["P-DPO"])
        ),
        "plaatsingen": _tekst(
            v["programmaleider"],
            reverse("subsidie:plaatsingen", args=["P-DPO"]) + "?schooljaar=2025-2026",
        ),
        "verantwoording": _tekst(
            v["bestuurder"],
            reverse("subsidie:verantwoording_partnerschap", args=["P-DPO"])
            + "?schooljaar=2025-2026",
        ),
        "regio_telling": _tekst(
            v["kwartiermaker"],
            reverse("subsidie:regio_telling", args=["R-MN"]) + "?schooljaar=2025-2026",
        ),
    }


def _controleer_verouderd_en_hertel(v, capsys, callbacks, aankondiging: str):
    """What must hold after P-DPO's membership of 01AA01 ended on 31-07-2025."""
    oud = _telling(2025)
    assert (oud.verouderd, oud.wijzigingen) == (True, {"lidmaatschap": 1})
    assert _dpo(oud)["studenten"] == 5  # the stored figure, until the recount
    # 2023-2024 lies before the change: untouched.
    assert (_telling(2023).verouderd, _telling(2023).wijzigingen) == (False, {})
    # Exactly one recount queued: 2025-2026 under its Regeling.
    assert len(callbacks) == 1

    wanneer = timezone.localtime(oud.berekend_op).strftime("%d-%m-%Y %H:%M")
    melding = (
        f"Deze telling is verouderd: {aankondiging} sinds de telling van {wanneer}. "
        "De telling wordt opnieuw gemaakt"
    )
    for pagina, tekst in _pagina_teksten(v).items():
        assert melding in tekst, pagina

    # Adopting the concept on the stale count is refused, with the reason.
    bestuurder = v["bestuurder"]
    url = reverse("subsidie:verantwoording_vaststellen", kwargs={"uuid": v["concept"].uuid})
    antwoord = bestuurder.post(url, follow=True)
    assert (
        "Deze versie kan niet worden vastgesteld: de telling is verouderd "
        f"({aankondiging} sinds de telling van {wanneer}). De telling wordt opnieuw gemaakt; "
        "maak daarna een nieuwe conceptversie."
    ) in _lees(antwoord)
    v["concept"].refresh_from_db()
    assert v["concept"].status == Verantwoording.Status.CONCEPT

    # The queued recount runs: the new figures, current, and no notice any more.
    for callback in callbacks:
        callback()
    nieuw = _telling(2025)
    assert nieuw.pk != oud.pk
    assert (nieuw.verouderd, nieuw.wijzigingen) == (False, {})
    assert _dpo(nieuw) == {
        "code": "P-DPO",
        "studenten": 4,
        "zij_instromers": 0,
        "bedrag": "5000.00",
        "waarschuwingen": [
            # 1004 and 1002's second placement: 01AA01 is no member after 31-07-2025.
            "plaatsing op 01AA01, geen lid van P-DPO",
            "plaatsing op 01AA01, geen lid van P-DPO",
            "plaatsing op 04DD00, geen lid van P-DPO",
            "persoon met overlappende plaatsingen in P-DPO, P-HOF",
            "persoon met overlappende plaatsingen in P-DPO, P-EVO",
        ],
    }
    assert {k: _verse_telling(capsys, "2025-2026")[k] for k in ("studenten", "bedrag")} == {
        "studenten": 4,
        "bedrag": "5000.00",
    }
    for pagina, tekst in _pagina_teksten(v).items():
        assert "Deze telling is verouderd" not in tekst, pagina
    # The old concept rests on a superseded count: still refused, for that reason.
    antwoord = bestuurder.post(url, follow=True)
    assert "er is een nieuwere telling dan dit concept" in _lees(antwoord)


def test_lidmaatschap_ended_by_import_command_marks_the_count_stale_until_recounted(
    voorbeeld, capsys, tmp_path, django_capture_on_commit_callbacks
):
    bestand = tmp_path / "lidmaatschappen.csv"
    bestand.write_text(
        "partnerschap,soort,code,startdatum,einddatum\n"
        "P-DPO,vestiging,01AA01,2020-08-01,2025-07-31\n"
    )
    with django_capture_on_commit_callbacks() as callbacks:
        call_command("importeer", "lidmaatschappen", str(bestand))
    assert "bijgewerkt: 1" in capsys.readouterr().out
    _controleer_verouderd_en_hertel(voorbeeld, capsys, callbacks, "1 lidmaatschap gewijzigd")


def test_lidmaatschap_ended_on_the_partnership_page_marks_the_count_stale_until_recounted(
    voorbeeld, capsys, django_capture_on_commit_callbacks
):
    lid = Lidmaatschap.objects.get(partnerschap__code="P-DPO", vestiging__code="01AA01")
    url = reverse("partnerschappen:lid_bewerken", args=["P-DPO", lid.pk])
    with django_capture_on_commit_callbacks() as callbacks:
        antwoord = voorbeeld["programmaleider"].post(
            url, {"startdatum": "2020-08-01", "einddatum": "2025-07-31"}
        )
    assert antwoord.status_code == 302
    lid.refresh_from_db()
    assert lid.einddatum == dt.date(2025, 7, 31)
    _controleer_verouderd_en_hertel(voorbeeld, capsys, callbacks, "1 lidmaatschap gewijzigd")


def test_change_outside_the_school_year_leaves_its_count_alone(
    voorbeeld, django_capture_on_commit_callbacks
):
    """Replacing a membership by an earlier, closed one touches the counted years once
    (the removal); moving the end of that closed one within 2020-2021 touches neither."""
    lid = Lidmaatschap.objects.get(partnerschap__code="P-DPO", vestiging__code="01AA01")
    with django_capture_on_commit_callbacks() as callbacks:
        org_services.lidmaatschap_verwijderen(lidmaatschap=lid, door=Opdrachtregel())
        org_services.lidmaatschap_toevoegen(
            partnerschap=_p("P-DPO"),
            lid=lid.vestiging,
            startdatum=dt.date(2018, 8, 1),
            einddatum=dt.date(2021, 7, 31),
            door=Opdrachtregel(),
        )
    # Removing 2020-08-01..open touches both counted years; adding 2018..2021 neither.
    assert _telling(2025).wijzigingen == {"lidmaatschap": 1}
    assert _telling(2023).wijzigingen == {"lidmaatschap": 1}
    assert len(callbacks) == 2
    with django_capture_on_commit_callbacks() as callbacks:
        nieuw = Lidmaatschap.objects.get(partnerschap__code="P-DPO", vestiging__code="01AA01")
        org_services.lidmaatschap_beeindigen(
            lidmaatschap=nieuw, einddatum=dt.date(2020, 7, 31), door=Opdrachtregel()
        )
    # Only 2020-08-01..2021-07-31 changed: no counted year; the counts keep what they had.
    assert _telling(2025).wijzigingen == {"lidmaatschap": 1}
    assert _telling(2023).wijzigingen == {"lidmaatschap": 1}
    assert callbacks == []


def test_vestiging_region_change_touches_the_years_with_placements_there(
    voorbeeld, django_capture_on_commit_callbacks
):
    """DUO re-import: 03CC00 moves to R-MN. It has placements in 2025-2026 only."""
    regel = (
        "code,naam,bestuur,gemeente,sector,regio\n03CC00,Basisschool Het Anker,41003,0518,po,R-MN\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        from regio_portal.core.importeren import importeer

        uitkomst = importeer(
            soort="vestigingen", inhoud=regel.encode(), door=Opdrachtregel(), dry_run=False
        )
    assert uitkomst.fouten == [] and uitkomst.bijgewerkt == 1
    # Recounted right away (eager callbacks): D now counts in R-MN.
    regios = {r["code"]: r["studenten"] for r in _telling(2025).resultaat["regios"]}
    assert regios == {"R-MN": 6, "R-ZH": 1}
    assert _telling(2025).verouderd is False


def test_dry_run_and_bad_file_announce_nothing(voorbeeld, django_capture_on_commit_callbacks):
    from regio_portal.core.importeren import importeer

    goed = (
        b"partnerschap,soort,code,startdatum,einddatum\n"
        b"P-DPO,vestiging,01AA01,2020-08-01,2025-07-31\n"
    )
    fout = goed + b"P-DPO,vestiging,99ZZ99,2020-08-01,\n"
    with django_capture_on_commit_callbacks() as callbacks:
        proef = importeer(soort="lidmaatschappen", inhoud=goed, door=Opdrachtregel(), dry_run=True)
        mislukt = importeer(
            soort="lidmaatschappen", inhoud=fout, door=Opdrachtregel(), dry_run=False
        )
    assert proef.fouten == [] and proef.bijgewerkt == 1
    assert mislukt.fouten == ["rij 3: code: onbekende vestiging '99ZZ99'"]
    assert callbacks == []
    assert (_telling(2025).verouderd, _telling(2025).wijzigingen) == (False, {})
