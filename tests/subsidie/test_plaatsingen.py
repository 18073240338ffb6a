"""Placements: import rules, scope, replace, the form, and what a programmaleider sees."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from regio_portal.core.importeren import importeer
from subsidie.models import Plaatsing, TellingSnapshot
from subsidie.pseudoniem import controleer_persoonsnummer
from subsidie.services import telling_bereken

KOP = (
    "schooljaar,partnerschap,vestiging,instituut,studentnummer,persoonsnummer,naam,"
    "opleidingstype,startdatum,einddatum\n"
)


@pytest.mark.parametrize(
    ("nummer", "melding"),
    [
        ("111222333", None),  # BSN, elfproef
        ("123456782", None),  # BSN, elfproef
        ("123456789", "is geen geldig BSN of onderwijsnummer (elfproef)"),
        ("12345678", "moet 9 cijfers zijn"),
        ("12345678a", "moet 9 cijfers zijn"),
    ],
)
def test_persoonsnummer_check(nummer, melding):
    assert controleer_persoonsnummer(nummer) == melding


def test_onderwijsnummer_with_remainder_5_is_valid():
    # 10xxxxxxx whose weighted sum leaves remainder 5 (found by construction).
    for laatste in range(10):
        kandidaat = f"10000001{laatste}"
        cijfers = [int(c) for c in kandidaat]
        som = sum(g * c for g, c in zip(range(9, 1, -1), cijfers[:8], strict=True)) - cijfers[8]
        if som % 11 == 5:
            assert controleer_persoonsnummer(kandidaat) is None
            return
    pytest.fail("geen onderwijsnummer gevonden")


def test_import_errors_name_row_and_column_and_write_nothing(wereld):
    inhoud = (
        KOP
        + "2025-2026,P-A,01AA00,21PB,9001,123456789,X,pabo,2025-09-01,2026-06-30\n"
        + "2025-2026,P-A,01AA00,21PB,9002,,X,pabo,2024-09-01,2026-06-30\n"
        + "2025-2026,P-A,01AA00,21PB,9003,,X,pabo,2025-09-01,2025-08-20\n"
        + "2025-2027,P-A,01AA00,21PB,9004,,X,pabo,2025-09-01,\n"
        + "2025-2026,P-A,01AA00,21PB,9005,,X,hbo,2025-09-01,\n"
        + "2025-2026,P-A,99ZZ99,21PB,9006,,X,pabo,2025-09-01,\n"
    ).encode()
    voor = Plaatsing.objects.count()
    resultaat = importeer(
        soort="plaatsingen", inhoud=inhoud, door=wereld.gebruikers["pl_a"], dry_run=False
    )
    assert resultaat.fouten == [
        "rij 2: persoonsnummer: is geen geldig BSN of onderwijsnummer (elfproef)",
        "rij 3: startdatum: 01-09-2024 ligt niet in schooljaar 2025-2026",
        "rij 4: einddatum: ligt voor de startdatum",
        "rij 5: schooljaar: '2025-2027' is geen schooljaar (gebruik bijvoorbeeld 2025-2026)",
        "rij 6: opleidingstype: 'hbo' is geen geldige waarde (kies uit: pabo, tweedegraads, "
        "eerstegraads, alo, ulo, zij_instroom, overig)",
        "rij 7: vestiging: onbekende vestiging '99ZZ99'",
    ]
    assert Plaatsing.objects.count() == voor


def test_programmaleider_cannot_write_placements_of_other_partnership(wereld):
    inhoud = (KOP + "2025-2026,P-B,02BB00,21PB,9001,,X,pabo,2025-09-01,\n").encode()
    resultaat = importeer(
        soort="plaatsingen", inhoud=inhoud, door=wereld.gebruikers["pl_a"], dry_run=False
    )
    assert resultaat.fouten == [
        "rij 2: partnerschap: onbekend partnerschap (of niet het uwe) 'P-B'"
    ]


def test_partnerschap_column_may_be_empty_when_vestiging_is_in_one_partnership(wereld):
    inhoud = (KOP + "2025-2026,,01AA00,21PB,9001,,X,pabo,2025-09-01,\n").encode()
    resultaat = importeer(
        soort="plaatsingen", inhoud=inhoud, door=wereld.gebruikers["pl_a"], dry_run=False
    )
    assert (resultaat.aangemaakt, resultaat.fouten) == (1, [])
    assert Plaatsing.objects.get(studentnummer="9001").partnerschap == wereld.partnerschap_a
    onbekend = (KOP + "2025-2026,,02BB00,21PB,9002,,X,pabo,2025-09-01,\n").encode()
    fout = importeer(
        soort="plaatsingen", inhoud=onbekend, door=wereld.gebruikers["pl_a"], dry_run=False
    )
    assert fout.fouten == [
        "rij 2: partnerschap: ontbreekt, en vestiging 02BB00 is op 01-09-2025 niet lid van "
        "precies één van uw partnerschappen"
    ]


def test_vervang_replaces_the_school_year_atomically(wereld, tmp_path, capsys):
    Plaatsing.objects.filter(pk=wereld.plaatsing_a.pk).update(schooljaar=2025)
    bestand = tmp_path / "p.csv"
    bestand.write_text(KOP + "2025-2026,P-A,01AA00,21PB,7001,,Nieuw,alo,2025-09-01,\n")
    call_command(
        "importeer", "plaatsingen", str(bestand), "--vervang", "--door", "pl.a@test.example"
    )
    assert capsys.readouterr().out.strip() == (
        "plaatsingen: aangemaakt: 1, bijgewerkt: 0, ongewijzigd: 0, verwijderd: 1"
    )
    assert list(
        Plaatsing.objects.filter(partnerschap=wereld.partnerschap_a).values_list(
            "studentnummer", flat=True
        )
    ) == ["7001"]


def test_vervang_keeps_rows_in_the_file_and_removes_the_rest(wereld, tmp_path, capsys):
    from tests.factories import VestigingFactory

    anders = VestigingFactory(code="01AA09", regio=wereld.regio_a)
    from partnerschappen.models import Lidmaatschap

    Lidmaatschap.objects.create(
        partnerschap=wereld.partnerschap_a, vestiging=anders, startdatum=dt.date(2020, 8, 1)
    )
    Plaatsing.objects.create(
        schooljaar=2025,
        partnerschap=wereld.partnerschap_a,
        vestiging=anders,
        instituut=wereld.plaatsing_a.instituut,
        studentnummer="weg",
        student_sleutel="kw",
        opleidingstype="pabo",
        startdatum=dt.date(2025, 9, 1),
    )
    bestand = tmp_path / "p.csv"
    bestand.write_text(
        KOP
        + "2025-2026,P-A,01AA00,21PB,1001,,Student A,pabo,2025-09-01,2026-06-30\n"
        + "2025-2026,P-A,01AA00,21PB,7001,,Nieuw,alo,2025-09-01,\n"
    )
    call_command(
        "importeer", "plaatsingen", str(bestand), "--vervang", "--door", "pl.a@test.example"
    )
    assert capsys.readouterr().out.strip() == (
        "plaatsingen: aangemaakt: 1, bijgewerkt: 0, ongewijzigd: 1, verwijderd: 1"
    )
    assert sorted(
        Plaatsing.objects.filter(partnerschap=wereld.partnerschap_a).values_list(
            "studentnummer", flat=True
        )
    ) == ["1001", "7001"]
    from auditlog.models import LogEntry

    samenvatting = LogEntry.objects.filter(object_repr="Partnerschap A").latest("timestamp")
    assert samenvatting.changes_dict == {
        "plaatsingen": ["", "import: 1 nieuw, 0 bijgewerkt, 1 verwijderd"]
    }
    # One summary, no entry per removed placement (a replace of 100,000 rows wrote
    # 100,000 of them and took minutes).
    assert not LogEntry.objects.filter(
        content_type__model="plaatsing", action=LogEntry.Action.DELETE
    ).exists()


def test_vervang_empties_the_decisions_of_removed_placements(wereld, tmp_path):
    from subsidie.models import TellingBesluit, TellingSnapshot
    from subsidie.services import telling_bereken

    weg = Plaatsing.objects.create(
        schooljaar=2025,
        partnerschap=wereld.partnerschap_a,
        vestiging=wereld.plaatsing_a.vestiging,
        instituut=wereld.plaatsing_a.instituut,
        studentnummer="weg",
        student_sleutel="kw",
        opleidingstype="pabo",
        startdatum=dt.date(2025, 9, 1),
    )
    telling_bereken(schooljaar=2025)
    snapshot = TellingSnapshot.objects.get(schooljaar=2025, actueel=True)
    assert snapshot.besluiten.filter(plaatsing=weg).count() == 1
    bestand = tmp_path / "p.csv"
    bestand.write_text(
        KOP + "2025-2026,P-A,01AA00,21PB,1001,,Student A,pabo,2025-09-01,2026-06-30\n"
    )
    call_command(
        "importeer", "plaatsingen", str(bestand), "--vervang", "--door", "pl.a@test.example"
    )
    assert not Plaatsing.objects.filter(pk=weg.pk).exists()
    # The count's decision stays (the snapshot is stale and is recounted), without a
    # reference to a placement that no longer exists.
    assert TellingBesluit.objects.filter(telling=snapshot, plaatsing__isnull=True).count() == 1
    assert list(TellingBesluit.objects.filter(plaatsing_id=weg.pk)) == []


def test_vervang_with_an_error_keeps_everything(wereld, tmp_path):
    bestand = tmp_path / "p.csv"
    bestand.write_text(
        KOP
        + "2025-2026,P-A,01AA00,21PB,7001,,Nieuw,alo,2025-09-01,\n"
        + "2025-2026,P-A,01AA00,21PB,7002,,X,xx,2025-09-01,\n"
    )
    with pytest.raises(SystemExit):
        call_command(
            "importeer", "plaatsingen", str(bestand), "--vervang", "--door", "pl.a@test.example"
        )
    assert list(
        Plaatsing.objects.filter(partnerschap=wereld.partnerschap_a).values_list(
            "studentnummer", flat=True
        )
    ) == ["1001"]


def test_programmaleider_sees_only_geteld_bij_b_for_student_counted_in_b(client_als, wereld):
    from subsidie.pseudoniem import persoon_sleutel, student_sleutel
    from tests.factories import InstituutFactory

    instituut = InstituutFactory(code="25BA")
    # The same person (persoonsnummer) in A and, active on the peildatum, in B.
    Plaatsing.objects.filter(pk=wereld.plaatsing_a.pk).update(
        persoon_sleutel=persoon_sleutel("111222333"), startdatum=dt.date(2025, 12, 1)
    )
    Plaatsing.objects.create(
        schooljaar=2025,
        partnerschap=wereld.partnerschap_b,
        vestiging=wereld.vestiging_b,
        instituut=instituut,
        studentnummer="B-77",
        naam="Geheime Naam",
        student_sleutel=student_sleutel("25BA", "B-77"),
        persoon_sleutel=persoon_sleutel("111222333"),
        opleidingstype="pabo",
        startdatum=dt.date(2025, 9, 1),
        einddatum=dt.date(2025, 11, 30),
    )
    telling_bereken(schooljaar=2025)
    antwoord = client_als("pl_a").get(
        reverse("subsidie:plaatsingen", kwargs={"code": "P-A"}) + "?schooljaar=2025-2026"
    )
    rijen = [(p.studentnummer, p.status_tekst) for p in antwoord.context["page_obj"]]
    assert rijen == [("1001", "geteld bij Partnerschap B")]
    pagina = antwoord.content.decode()
    assert "Geheime Naam" not in pagina and "B-77" not in pagina and "02BB00" not in pagina


def test_plaatsing_form_validates_and_saves_with_recount(
    client_als, wereld, django_capture_on_commit_callbacks
):
    client = client_als("pl_a")
    url = reverse("subsidie:plaatsing_toevoegen", kwargs={"code": "P-A"})
    fout = client.post(
        url,
        {
            "schooljaar": "2025-2026",
            "vestiging": "01AA00",
            "instituut": "21PB",
            "studentnummer": "5",
            "persoonsnummer": "123",
            "opleidingstype": "pabo",
            "startdatum": "2026-08-01",
        },
    )
    assert fout.context["form"].errors == {
        "persoonsnummer": ["moet 9 cijfers zijn"],
        "startdatum": ["01-08-2026 ligt niet in schooljaar 2025-2026"],
    }
    with django_capture_on_commit_callbacks(execute=True):
        goed = client.post(
            url,
            {
                "schooljaar": "2025-2026",
                "vestiging": "01AA00",
                "instituut": "21PB",
                "studentnummer": "5",
                "persoonsnummer": "111222333",
                "naam": "Vijf",
                "opleidingstype": "zij_instroom",
                "startdatum": "2025-09-01",
            },
        )
    assert goed.status_code == 302
    nieuw = Plaatsing.objects.get(studentnummer="5")
    assert (nieuw.partnerschap, nieuw.vestiging, nieuw.einddatum, len(nieuw.persoon_sleutel)) == (
        wereld.partnerschap_a,
        wereld.vestiging_a,
        None,
        64,
    )
    # No snapshot existed, so nothing was stale; a count now includes the new person.
    snapshot = telling_bereken(schooljaar=2025)
    rij = next(r for r in snapshot.resultaat["partnerschappen"] if r["code"] == "P-A")
    assert (rij["studenten"], rij["zij_instromers"]) == (1, 1)


def test_upload_marks_count_stale_and_recounts(
    client_als, wereld, django_capture_on_commit_callbacks
):
    eerste = telling_bereken(schooljaar=2025)
    with django_capture_on_commit_callbacks(execute=True):
        importeer(
            soort="plaatsingen",
            inhoud=(KOP + "2025-2026,P-A,01AA00,21PB,8001,,X,alo,2025-09-01,\n").encode(),
            door=wereld.gebruikers["pl_a"],
            dry_run=False,
        )
    # No report points at the count, so the recount brought it up to date in place
    # (incrementally: subsidie/hertellen.py); tests/subsidie/test_hertellen.py has the case
    # with a report, where a new snapshot takes its place.
    nieuw = TellingSnapshot.objects.get(schooljaar=2025, actueel=True)
    assert (nieuw.pk, nieuw.verouderd, nieuw.resultaat["totaal"]["studenten"]) == (
        eerste.pk,
        False,
        2,
    )
    assert TellingSnapshot.objects.filter(schooljaar=2025).count() == 1


def test_regio_telling_lists_data_problems(client_als, wereld):
    from tests.factories import VestigingFactory

    buiten = VestigingFactory(code="04DD00", regio=wereld.regio_a)
    Plaatsing.objects.create(
        schooljaar=2025,
        partnerschap=wereld.partnerschap_a,
        vestiging=buiten,
        instituut=wereld.plaatsing_a.instituut,
        studentnummer="x",
        student_sleutel="k-x",
        opleidingstype="pabo",
        startdatum=dt.date(2025, 9, 1),
    )
    telling_bereken(schooljaar=2025, door=None)
    antwoord = client_als("km_regio").get(
        reverse("subsidie:regio_telling", kwargs={"code": "R-A"}) + "?schooljaar=2025-2026"
    )
    assert [
        (r["code"], r["studenten"], r["bedrag"]) for r in antwoord.context["partnerschappen"]
    ] == [("P-A", 1, "1250.00")]
    assert antwoord.context["regio_rij"] == {
        "code": "R-A",
        "studenten": 1,
        "zij_instromers": 0,
        "bedrag": "1250.00",
    }
    assert [w["tekst"] for w in antwoord.context["problemen"]] == [
        "regio R-A onder het minimum: 1 geteld, minimum 150",
        "1 plaatsing op 04DD00: die vestiging is geen lid van P-A",
    ]


def test_regio_telling_lists_persons_counted_elsewhere(client_als, wereld):
    from subsidie.pseudoniem import student_sleutel
    from tests.factories import LidmaatschapFactory, PartnerschapFactory

    anders = PartnerschapFactory(code="P-Z", naam="Partnerschap Z")
    LidmaatschapFactory(partnerschap=anders, vestiging=wereld.vestiging_a)
    Plaatsing.objects.create(
        schooljaar=2025,
        partnerschap=anders,
        vestiging=wereld.vestiging_a,
        instituut=wereld.plaatsing_a.instituut,
        studentnummer="1001",
        student_sleutel=student_sleutel("21PB", "1001"),
        opleidingstype="pabo",
        startdatum=dt.date(2026, 1, 1),
        einddatum=dt.date(2026, 2, 1),
    )
    telling_bereken(schooljaar=2025)
    antwoord = client_als("km_regio").get(
        reverse("subsidie:regio_telling", kwargs={"code": "R-A"}) + "?schooljaar=2025-2026"
    )
    elders = [w for w in antwoord.context["problemen"] if w["soort"] == "elders_geteld"]
    assert [(w["partnerschap_naam"], w["tekst"]) for w in elders] == [
        (
            "Partnerschap Z",
            "1 plaatsing van een persoon die bij een ander partnerschap is geteld",
        )
    ]


def test_plaatsingen_upload_through_the_page_with_replace(client_als, wereld):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from regio_portal.core.models import Importbestand

    client = client_als("pl_a")
    inhoud = (KOP + "2025-2026,P-A,01AA00,21PB,7001,,Nieuw,alo,2025-09-01,\n").encode()
    client.post(
        reverse("core:import_start"),
        {
            "soort": "plaatsingen",
            "vervang": "on",
            "bestand": SimpleUploadedFile("p.csv", inhoud, content_type="text/csv"),
        },
    )
    importbestand = Importbestand.objects.get()
    assert (importbestand.opties, importbestand.samenvatting) == (
        {"vervang": True},
        {"aangemaakt": 1, "bijgewerkt": 0, "ongewijzigd": 0, "verwijderd": 1},
    )
    assert Plaatsing.objects.filter(partnerschap=wereld.partnerschap_a).count() == 1  # preview only
    client.post(reverse("core:import_bevestig", kwargs={"pk": importbestand.pk}))
    assert list(
        Plaatsing.objects.filter(partnerschap=wereld.partnerschap_a).values_list(
            "studentnummer", flat=True
        )
    ) == ["7001"]


def test_vervang_on_organisation_import_is_refused(client_als, wereld):
    from django.core.files.uploadedfile import SimpleUploadedFile

    antwoord = client_als("beheerder").post(
        reverse("core:import_start"),
        {
            "soort": "instituten",
            "vervang": "on",
            "bestand": SimpleUploadedFile("i.csv", b"code,naam\n22XX,X\n", content_type="text/csv"),
        },
    )
    assert antwoord.context["form"].errors == {"vervang": ["Vervangen kan alleen bij plaatsingen."]}


def test_regeling_edit_by_beheerder_marks_counts_stale(
    client_als, wereld, django_capture_on_commit_callbacks
):
    from subsidie.models import Regeling

    telling_bereken(schooljaar=2025)
    regeling = Regeling.objects.get(code="onderwijsregios-2025")
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client_als("beheerder").post(
            reverse("subsidie:regeling_bewerken", kwargs={"code": regeling.code}),
            {
                "naam": regeling.naam,
                "eerste_schooljaar": 2024,
                "laatste_schooljaar": 2025,
                "vaste_voet": "0.00",
                "bedrag_per_student": "1300.00",
                "bedrag_per_zij_instromer": "1250.00",
                "getelde_typen": ["pabo", "zij_instroom"],
                "peildatum_maand": 10,
                "peildatum_dag": 1,
                "minimum_dagen": 1,
                "minimum_per_regio": 150,
                "status": "definitief",
            },
        )
    assert antwoord.status_code == 302
    snapshot = TellingSnapshot.objects.get(schooljaar=2025, actueel=True)
    assert snapshot.resultaat["totaal"] == {
        "studenten": 1,
        "zij_instromers": 0,
        "bedrag": "1300.00",
    }
    assert snapshot.parameters["bedrag_per_student"] == "1300.00"


def test_plaatsing_form_offers_the_partnerships_own_choices_with_names(client_als, wereld):
    from html import unescape

    client = client_als("pl_a")
    url = reverse("subsidie:plaatsing_toevoegen", kwargs={"code": "P-A"})
    html = unescape(client.get(url + "?schooljaar=2024-2025").content.decode())
    v = wereld.vestiging_a
    i = wereld.plaatsing_a.instituut
    assert f'<option value="01AA00">{v.naam} (01AA00)</option>' in html
    assert "02BB00" not in html  # partnership B's vestiging is not offered
    import re

    groep = re.search(
        r'<optgroup label="Instituten van het partnerschap">(.*?)</optgroup>', html, re.S
    )
    assert re.findall(r'<option value="(\w+)">([^<]+)</option>', groep.group(1)) == [
        ("21PB", f"{i.naam} (21PB)")
    ]
    assert '<option value="2024-2025" selected>2024-2025</option>' in html
    assert "Zoek in de lijst" not in html  # a short list needs no search


def test_plaatsing_form_searches_long_lists_on_the_server(client_als, wereld):
    from tests.factories import LidmaatschapFactory, VestigingFactory

    for n in range(26):
        LidmaatschapFactory(
            partnerschap=wereld.partnerschap_a,
            vestiging=VestigingFactory(
                naam=f"Basisschool Zon {n:02d}" if n < 3 else f"School X{n}"
            ),
        )
    client = client_als("pl_a")
    html = client.get(
        reverse("subsidie:plaatsing_toevoegen", kwargs={"code": "P-A"})
    ).content.decode()
    zoek = reverse("subsidie:plaatsing_vestigingen", kwargs={"code": "P-A"})
    assert f'hx-get="{zoek}"' in html and 'hx-target="#id_vestiging"' in html
    opties = client.get(zoek + "?q=zon").content.decode()
    assert opties.count("<option") == 4  # the empty choice and three matches
    assert "Basisschool Zon 00 (" in opties and "School X" not in opties
    # Another partnership's list is not searchable.
    assert client_als("pl_b").get(zoek + "?q=zon").status_code == 404


def test_form_errors_are_summarised_at_the_top_and_marked_on_the_field(client_als, wereld):
    client = client_als("pl_a")
    url = reverse("subsidie:plaatsing_toevoegen", kwargs={"code": "P-A"})
    html = client.post(
        url,
        {
            "schooljaar": "2025-2026",
            "vestiging": "01AA00",
            "instituut": "21PB",
            "studentnummer": "5",
            "persoonsnummer": "123",
            "opleidingstype": "pabo",
            "startdatum": "2026-08-01",
        },
    ).content.decode()
    assert "Er zijn 2 fouten in het formulier</h2>" in html
    assert (
        '<li><a href="#id_persoonsnummer">Persoonsnummer (BSN of onderwijsnummer): '
        "moet 9 cijfers zijn</a></li>"
    ) in html
    assert (
        '<li><a href="#id_startdatum">Startdatum: 01-08-2026 ligt niet in schooljaar '
        "2025-2026</a></li>" in html
    )
    assert html.count('id="id_startdatum_fout"') == 1
    assert 'class="utrecht-form-field utrecht-form-field--invalid"' in html
    assert "utrecht-textbox--invalid" in html
    # An empty required field says so once (its own check), not also the form's.
    html = client.post(url, {"schooljaar": "", "vestiging": "01AA00"}).content.decode()
    assert (
        html.count("Dit veld is verplicht.</p>") == 5
    )  # schooljaar, instituut, nummer, type, start
    assert html.count('id="id_schooljaar_fout"') == 1


@pytest.mark.django_db
def test_all_placements_of_a_year_are_deleted_after_a_question_that_names_how_many(
    client_als, wereld
):
    from subsidie.models import Plaatsing
    from tests.factories import PlaatsingFactory

    PlaatsingFactory(
        schooljaar=2025,
        partnerschap=wereld.partnerschap_a,
        vestiging=wereld.vestiging_a,
        instituut=wereld.plaatsing_a.instituut,
        studentnummer="1002",
    )
    client = client_als("pl_a")
    lijst = client.get("/partnerschappen/P-A/plaatsingen/?schooljaar=2025-2026")
    url = "/partnerschappen/P-A/plaatsingen/schooljaar/2025/verwijderen/"
    assert url.encode() in lijst.content
    vraag = client.get(url)
    assert vraag.status_code == 200
    tekst = vraag.content.decode()
    assert "Alle plaatsingen van 2025-2026 verwijderen" in tekst
    assert "alle 2 plaatsingen van Partnerschap A in schooljaar 2025-2026" in tekst
    assert "Alle 2 verwijderen" in tekst
    assert Plaatsing.objects.filter(partnerschap=wereld.partnerschap_a).count() == 2

    antwoord = client.post(url, follow=True)
    assert antwoord.redirect_chain == [
        ("/partnerschappen/P-A/plaatsingen/?schooljaar=2025-2026", 302)
    ]
    assert "2 plaatsingen van 2025-2026 zijn verwijderd; de telling wordt bijgewerkt." in (
        antwoord.content.decode()
    )
    assert not Plaatsing.objects.filter(partnerschap=wereld.partnerschap_a).exists()
    assert Plaatsing.objects.exclude(partnerschap=wereld.partnerschap_b).count() == 0
    # Nothing left: no question, nothing to confirm, and no button on the list.
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert (
        url.encode()
        not in client.get("/partnerschappen/P-A/plaatsingen/?schooljaar=2025-2026").content
    )
    # Another partnership's year: 404 like every object of someone else.
    anders = "/partnerschappen/P-B/plaatsingen/schooljaar/2025/verwijderen/"
    assert client.get(anders).status_code == 404
    assert client.post(anders).status_code == 404
