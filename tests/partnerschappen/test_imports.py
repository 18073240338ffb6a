"""Organisation imports: the shared examples, all-or-nothing, row errors, scope."""

from __future__ import annotations

import io

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from openpyxl import Workbook

from partnerschappen.models import Bestuur, Gemeente, Lidmaatschap, Partnerschap, Regio, Vestiging
from regio_portal.core.importeren import importeer
from regio_portal.core.services import Opdrachtregel
from tests.conftest import VOORBEELDEN

TELLING = VOORBEELDEN / "telling"
DUO = VOORBEELDEN / "duo"
VOLGORDE = ["regios", "instituten", "besturen", "vestigingen", "partnerschappen", "lidmaatschappen"]


def _importeer_bestand(soort, pad, door=None, dry_run=False, opties=None):
    return importeer(
        soort=soort,
        inhoud=pad.read_bytes(),
        door=door or Opdrachtregel(),
        dry_run=dry_run,
        opties=opties,
    )


def _importeer_telling_voorbeeld():
    return {soort: _importeer_bestand(soort, TELLING / f"{soort}.csv") for soort in VOLGORDE}


@pytest.mark.django_db
def test_importeer_telling_example_creates_every_row():
    resultaten = _importeer_telling_voorbeeld()
    assert {
        s: (r.aangemaakt, r.bijgewerkt, r.ongewijzigd, r.fouten) for s, r in resultaten.items()
    } == {
        "regios": (2, 0, 0, []),
        "instituten": (3, 0, 0, []),
        "besturen": (3, 0, 0, []),
        "vestigingen": (6, 0, 0, []),
        "partnerschappen": (3, 0, 0, []),
        "lidmaatschappen": (9, 0, 0, []),
    }
    assert dict(Gemeente.objects.values_list("nummer", "regio__code")) == {
        "0344": "R-MN",
        "0307": "R-MN",
        "0355": "R-MN",
        "0518": "R-ZH",
        "0503": "R-ZH",
    }
    hof = Lidmaatschap.objects.get(partnerschap__code="P-HOF", vestiging__code="03CC01")
    assert (str(hof.startdatum), str(hof.einddatum)) == ("2025-08-01", "2025-12-31")


@pytest.mark.django_db
def test_importeer_same_files_twice_changes_nothing():
    _importeer_telling_voorbeeld()
    logregels = LogEntry.objects.count()
    tweede = _importeer_telling_voorbeeld()
    assert {s: (r.aangemaakt, r.bijgewerkt, r.ongewijzigd) for s, r in tweede.items()} == {
        "regios": (0, 0, 2),
        "instituten": (0, 0, 3),
        "besturen": (0, 0, 3),
        "vestigingen": (0, 0, 6),
        "partnerschappen": (0, 0, 3),
        "lidmaatschappen": (0, 0, 9),
    }
    assert LogEntry.objects.count() == logregels


@pytest.mark.django_db
def test_importeer_duo_file_lands_vestigingen_in_regions_from_gemeente():
    _importeer_bestand("regios", TELLING / "regios.csv")
    resultaat = _importeer_bestand("vestigingen", DUO / "vestigingen-duo.csv")
    assert (resultaat.aangemaakt, resultaat.fouten) == (6, [])
    gevonden = {
        v.code: (v.bestuur.nummer, v.regio.code if v.regio else None)
        for v in Vestiging.objects.select_related("bestuur", "regio")
    }
    assert gevonden == {
        "01AA00": ("41001", "R-MN"),
        "01AA01": ("41001", "R-MN"),
        "02BB00": ("41002", "R-MN"),
        "03CC00": ("41003", "R-ZH"),
        "03CC01": ("41003", "R-ZH"),
        "09ZZ00": ("41009", None),
    }
    regenboog = Vestiging.objects.get(code="01AA00")
    assert (regenboog.naam, regenboog.sector, regenboog.plaats, regenboog.postcode) == (
        "BASISSCHOOL DE REGENBOOG",
        "po",
        "UTRECHT",
        "3512 JC",
    )
    assert Vestiging.objects.get(code="02BB00").sector == "vo"
    # Unknown boards are created with a placeholder name, to be filled by a besturen import.
    assert Bestuur.objects.get(nummer="41009").naam == "Bestuur 41009 (naam nog onbekend)"


@pytest.mark.django_db
def test_importeer_old_duo_file_in_cp1252_keeps_every_character():
    _importeer_bestand("regios", TELLING / "regios.csv")
    resultaat = _importeer_bestand("vestigingen", DUO / "vestigingen-duo-oud-cp1252.csv")
    assert (resultaat.aangemaakt, resultaat.fouten) == (1, [])
    vestiging = Vestiging.objects.get(code="05EE00")
    assert vestiging.naam == "CBS DE ZONNEBLOEM – ÉÉN SCHOOL"
    assert (vestiging.regio, vestiging.gemeente, vestiging.bestuur.nummer) == (
        None,
        "0345",
        "41004",
    )


@pytest.mark.django_db
def test_importeer_bad_rows_writes_nothing_and_names_each_row():
    _importeer_telling_voorbeeld()
    voor = (Vestiging.objects.count(), Bestuur.objects.count(), LogEntry.objects.count())
    inhoud = (
        b"code,naam,bestuur,gemeente,sector,regio\n"
        b"01AA00,Nieuwe naam,41001,0344,po,R-MN\n"
        b"XX,Fout,41001,0344,po,\n"
        b"06FF00,Zonder bestuur,abc,0344,po,\n"
        b"07GG00,Goed,49999,344,pso,R-XX\n"
    )
    resultaat = importeer(soort="vestigingen", inhoud=inhoud, door=Opdrachtregel(), dry_run=False)
    assert resultaat.fouten == [
        "rij 3: code: Een vestigingscode is 4 tekens instellingscode en 2 cijfers, zoals 16SW03.",
        "rij 4: bestuur: 'abc' is geen bestuursnummer (cijfers)",
        "rij 5: regio: onbekende regio 'R-XX'",
        "rij 5: sector: 'pso' is geen geldige waarde (kies uit: po, vo, mbo)",
    ]
    assert (Vestiging.objects.count(), Bestuur.objects.count(), LogEntry.objects.count()) == voor
    assert Vestiging.objects.get(code="01AA00").naam == "Basisschool De Regenboog"


@pytest.mark.django_db
def test_importeer_lidmaatschappen_errors_name_row_and_column():
    _importeer_telling_voorbeeld()
    voor = Lidmaatschap.objects.count()
    inhoud = (
        b"partnerschap;soort;code;startdatum;einddatum\n"
        b"P-DPO;vestiging;01AA00;2018-08-01;2017-01-01\n"
        b"P-XXX;vestiging;01AA00;01-09-2025;\n"
        b"P-DPO;school;01AA00;2025-09-01;\n"
        b"P-DPO;vestiging;99ZZ99;01-09-2025;\n"
        b"P-DPO;vestiging;01AA01;2021-01-01;\n"
        b"P-DPO;instituut;21PB;2025-13-01;\n"
    )
    resultaat = importeer(
        soort="lidmaatschappen", inhoud=inhoud, door=Opdrachtregel(), dry_run=False
    )
    assert resultaat.fouten == [
        "rij 2: einddatum: De einddatum ligt voor de startdatum.",
        "rij 3: partnerschap: onbekend partnerschap (of niet het uwe) 'P-XXX'",
        "rij 4: soort: 'school' is geen geldige soort (kies uit: vestiging, instituut)",
        "rij 5: code: onbekende vestiging '99ZZ99'",
        "rij 6: startdatum: Dit lid is in deze periode al lid van het partnerschap "
        "(lidmaatschap vanaf 01-08-2020).",
        "rij 7: startdatum: '2025-13-01' is geen geldige datum (gebruik 2025-09-01 of 01-09-2025)",
    ]
    assert Lidmaatschap.objects.count() == voor


@pytest.mark.django_db
def test_importeer_missing_column_is_reported_on_the_header_row():
    resultaat = importeer(
        soort="partnerschappen",
        inhoud=b"code,naam,sector\nP1,Een,po\n",
        door=Opdrachtregel(),
        dry_run=False,
    )
    assert resultaat.fouten == [
        "rij 1: kolom status: ontbreekt in de kopregel (verwacht: code, naam, sector, status)"
    ]
    assert Partnerschap.objects.count() == 0


@pytest.mark.django_db
def test_importeer_xlsx_with_dutch_dates_and_numeric_cells():
    _importeer_telling_voorbeeld()
    boek = Workbook()
    blad = boek.active
    blad.append(["Partnerschap", "Soort", "Code", "Startdatum", "Einddatum"])
    blad.append(["P-HOF", "instituut", "21pm", "01-01-2026", None])
    import datetime as dt

    blad.append(["P-HOF", "vestiging", "03CC00", dt.datetime(2026, 2, 1), dt.date(2026, 7, 31)])
    buffer = io.BytesIO()
    boek.save(buffer)
    resultaat = importeer(
        soort="lidmaatschappen", inhoud=buffer.getvalue(), door=Opdrachtregel(), dry_run=False
    )
    assert (resultaat.aangemaakt, resultaat.fouten) == (2, [])
    nieuw = Lidmaatschap.objects.get(partnerschap__code="P-HOF", vestiging__code="03CC00")
    assert (str(nieuw.startdatum), str(nieuw.einddatum)) == ("2026-02-01", "2026-07-31")
    assert Lidmaatschap.objects.filter(
        partnerschap__code="P-HOF", instituut__code="21PM", startdatum=dt.date(2026, 1, 1)
    ).exists()


@pytest.mark.django_db
def test_importeer_regio_with_gemeente_of_other_region_is_refused():
    _importeer_bestand("regios", TELLING / "regios.csv")
    resultaat = importeer(
        soort="regios",
        inhoud=b"code,naam,gemeenten\nR-NW,Nieuw,0344;0999\n",
        door=Opdrachtregel(),
        dry_run=False,
    )
    assert resultaat.fouten == ["rij 2: gemeenten: gemeente 0344 hoort al bij regio R-MN"]
    assert not Regio.objects.filter(code="R-NW").exists()
    assert not Gemeente.objects.filter(nummer="0999").exists()


@pytest.mark.django_db
def test_importeer_regio_gemeenten_change_is_an_update():
    _importeer_bestand("regios", TELLING / "regios.csv")
    resultaat = importeer(
        soort="regios",
        inhoud=b"code,naam,gemeenten\nR-ZH,Onderwijsregio Haaglanden (voorbeeld),0518;637\n",
        door=Opdrachtregel(),
        dry_run=False,
    )
    assert (resultaat.bijgewerkt, resultaat.fouten) == (1, [])
    assert sorted(Regio.objects.get(code="R-ZH").gemeenten.values_list("nummer", flat=True)) == [
        "0518",
        "0637",
    ]
    assert Gemeente.objects.get(nummer="0503").regio is None


def test_importeer_programmaleider_cannot_write_other_partnership(wereld):
    voor = Lidmaatschap.objects.count()
    inhoud = (
        b"partnerschap,soort,code,startdatum\n"
        b"P-A,vestiging,02BB00,2025-08-01\n"
        b"P-B,vestiging,01AA00,2025-08-01\n"
    )
    resultaat = importeer(
        soort="lidmaatschappen", inhoud=inhoud, door=wereld.gebruikers["pl_a"], dry_run=False
    )
    assert resultaat.fouten == [
        "rij 3: partnerschap: onbekend partnerschap (of niet het uwe) 'P-B'"
    ]
    assert Lidmaatschap.objects.count() == voor


def test_importeer_programmaleider_may_not_import_reference_data(wereld):
    with pytest.raises(PermissionError):
        importeer(
            soort="vestigingen",
            inhoud=b"code,naam,bestuur,gemeente\n",
            door=wereld.gebruikers["pl_a"],
            dry_run=False,
        )


@pytest.mark.django_db
def test_importeer_command_exits_1_with_row_errors(tmp_path, capsys):
    bestand = tmp_path / "p.csv"
    bestand.write_text("code,naam,sector,status\nP1,Een,po,erkend\nP2,Twee,hbo,erkend\n")
    with pytest.raises(SystemExit) as afloop:
        call_command("importeer", "partnerschappen", str(bestand))
    assert afloop.value.code == 1
    fout = capsys.readouterr().err
    assert (
        "rij 3: sector: 'hbo' is geen geldige waarde (kies uit: po, vo, mbo, sectoroverstijgend)"
        in fout
    )
    assert "1 fout(en); er is niets opgeslagen." in fout
    assert Partnerschap.objects.count() == 0


@pytest.mark.django_db
def test_importeer_command_prints_summary_and_dry_run_writes_nothing(tmp_path, capsys):
    bestand = tmp_path / "p.csv"
    bestand.write_text("code,naam,sector,status\nP1,Een,po,erkend\n")
    call_command("importeer", "partnerschappen", str(bestand), "--dry-run")
    assert capsys.readouterr().out.strip() == (
        "controle (niets opgeslagen): partnerschappen: aangemaakt: 1, bijgewerkt: 0, ongewijzigd: 0"
    )
    assert Partnerschap.objects.count() == 0
    call_command("importeer", "partnerschappen", str(bestand))
    assert capsys.readouterr().out.strip() == (
        "partnerschappen: aangemaakt: 1, bijgewerkt: 0, ongewijzigd: 0"
    )
    assert list(Partnerschap.objects.values_list("code", "status")) == [("P1", "erkend")]


@pytest.mark.django_db
def test_importeer_records_audit_entries_with_before_and_after():
    _importeer_bestand("partnerschappen", TELLING / "partnerschappen.csv")
    importeer(
        soort="partnerschappen",
        inhoud=b"code,naam,sector,status\nP-HOF,Partnerschap Hofstad,sectoroverstijgend,erkend\n",
        door=Opdrachtregel(),
        dry_run=False,
    )
    laatste = (
        LogEntry.objects.filter(object_repr="Partnerschap Hofstad").order_by("-timestamp").first()
    )
    assert laatste.action == LogEntry.Action.UPDATE
    assert laatste.changes_dict == {"status": ["aspirant", "erkend"]}
