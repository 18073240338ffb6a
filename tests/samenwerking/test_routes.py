"""Ontwerpprincipes as versioned data and routes (GROW) of partnerships and regions
(issue 14)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from kwaliteit import services as kw
from kwaliteit.models import Ontwikkelpunt, Waarborg
from regio_portal.core.models import Gebruiker
from regio_portal.samenwerking import realiteit, selectors, services
from regio_portal.samenwerking.models import (
    Actie,
    Ambitie,
    Analyse,
    Optie,
    Principeversie,
    Route,
    RouteOpmerking,
)
from subsidie.models import TellingSnapshot
from tests.conftest import ingelogde_client

SEED = "Ontwerpprincipes Samen Opleiden in de Onderwijsregio"


def _seed() -> Principeversie:
    return Principeversie.objects.get(naam=SEED, versie=1)


# Ontwerpprincipes ----------------------------------------------------------------------


def test_seeded_version_is_published_with_five_principles(db):
    versie = _seed()
    assert versie.gepubliceerd
    assert selectors.huidige_principes() == versie
    assert [(p.nummer, p.focuspunten.count()) for p in versie.principes.all()] == [
        (1, 3),
        (2, 3),
        (3, 3),
        (4, 3),
        (5, 3),
    ]
    assert versie.principes.get(nummer=2).titel == (
        "Grensoverstijgend werken in dienst van de student"
    )


def test_import_export_roundtrip_and_new_version_leaves_old_routes(db, wereld):
    oud = _seed()
    route = services.route_aanmaken(
        partnerschap=wereld.partnerschap_a, begin_jaar=2026, eind_jaar=2029, door=None
    )
    gegevens = services.principes_exporteer(oud)
    gegevens["principes"][0]["titel"] = "Ambities samen (herzien)"
    nieuw = services.principes_importeer(inhoud=json.dumps(gegevens).encode(), door=None)
    assert (nieuw.naam, nieuw.versie, nieuw.status) == (SEED, 2, "concept")
    assert selectors.huidige_principes() == oud  # a concept is not used yet
    services.principes_publiceer(versie=nieuw, door=None)
    assert selectors.huidige_principes() == nieuw
    later = services.route_aanmaken(
        partnerschap=wereld.partnerschap_a, begin_jaar=2030, eind_jaar=2033, door=None
    )
    route.refresh_from_db()
    assert route.principes == oud
    assert later.principes == nieuw
    assert later.principes.principes.get(nummer=1).titel == "Ambities samen (herzien)"
    assert oud.principes.get(nummer=1).titel == (
        "Ambities samen, met oog voor regionale kwaliteit en context"
    )
    export = services.principes_exporteer(nieuw)
    assert export["versie"] == 2
    assert [p["nummer"] for p in export["principes"]] == [1, 2, 3, 4, 5]
    with pytest.raises(ValidationError, match="al gepubliceerd"):
        services.principes_publiceer(versie=nieuw, door=None)


def test_bad_principles_file_names_every_place_and_writes_nothing(db):
    voor = Principeversie.objects.count()
    inhoud = json.dumps(
        {
            "naam": "Test",
            "jaar": "2025",
            "principes": [
                {"nummer": 1, "titel": "Een", "focuspunten": [{"code": "1.1"}]},
                {"nummer": 1, "titel": "", "focuspunten": [{"code": "1.1", "tekst": "x"}]},
            ],
        }
    ).encode()
    with pytest.raises(ValidationError) as fout:
        services.principes_importeer(inhoud=inhoud, door=None)
    assert fout.value.messages == [
        "bestand.jaar: moet een jaartal zijn, zoals 2025",
        "principes[0].focuspunten[0].tekst: ontbreekt of is geen tekst",
        "principes[1].nummer: 1 komt twee keer voor",
        "principes[1].titel: ontbreekt of is geen tekst",
    ]
    with pytest.raises(ValidationError, match="geen geldige JSON"):
        services.principes_importeer(inhoud=b"{", door=None)
    assert Principeversie.objects.count() == voor


def test_beheerder_uploads_a_version_and_sees_errors_on_the_form(client_als):
    beheer = client_als("beheerder")
    antwoord = beheer.post(
        reverse("samenwerking:principes_versies"),
        {"bestand": SimpleUploadedFile("p.json", b'{"naam": "X"}')},
    )
    assert antwoord.status_code == 200
    assert antwoord.context["form"].errors["bestand"] == [
        "bestand.jaar: moet een jaartal zijn, zoals 2025",
        "bestand.principes: ten minste één ontwerpprincipe",
    ]
    gegevens = services.principes_exporteer(_seed())
    antwoord = beheer.post(
        reverse("samenwerking:principes_versies"),
        {"bestand": SimpleUploadedFile("p.json", json.dumps(gegevens).encode())},
    )
    nieuw = Principeversie.objects.get(naam=SEED, versie=2)
    assert antwoord.url == reverse("samenwerking:principes_versie", args=[nieuw.pk])
    export = beheer.get(reverse("samenwerking:principes_export", args=[nieuw.pk]))
    assert json.loads(export.content)["principes"] == gegevens["principes"]


# Routes: rules -----------------------------------------------------------------------------


@pytest.fixture
def route_a(wereld):
    return services.route_aanmaken(
        partnerschap=wereld.partnerschap_a, begin_jaar=2026, eind_jaar=2029, door=None
    )


def _vul(route, door=None):
    p = {x.nummer: x for x in route.principes.principes.all()}
    ambitie = services.ambitie_opslaan(
        ambitie=Ambitie(route=route, tekst="Elke starter een inductieprogramma."),
        principes=[p[4]],
        door=door,
    )
    services.analyse_opslaan(
        route=route, principe=p[4], tekst="Inductie is versnipperd.", door=door
    )
    optie = services.optie_opslaan(optie=Optie(route=route, titel="Samen met de pabo"), door=door)
    services.optie_kiezen(optie=optie, door=door)
    services.actie_opslaan(
        actie=Actie(
            route=route,
            ambitie=ambitie,
            wat="Werkgroep inductie",
            eigenaar="Programmaleider",
            deadline=dt.date(2027, 1, 15),
        ),
        door=door,
    )
    return ambitie


def test_submit_lists_what_is_missing_then_freezes_reality(route_a):
    with pytest.raises(ValidationError) as fout:
        services.route_indienen(route=route_a, door=None)
    assert fout.value.messages == [
        "Goal: ten minste één ambitie.",
        "Reality: een analyse bij ten minste één ontwerpprincipe.",
        "Options: kies een optie.",
        "Way forward: ten minste één actie.",
    ]
    _vul(route_a)
    services.route_indienen(route=route_a, door=None)
    route_a.refresh_from_db()
    assert route_a.status == Route.Status.INGEDIEND
    assert route_a.realiteit["partnerschappen"][0]["code"] == "P-A"
    assert realiteit.van(route_a) == route_a.realiteit
    # Goal, Reality and Options are closed; the way forward's progress is kept up.
    with pytest.raises(ValidationError, match="alleen de acties"):
        services.optie_opslaan(optie=Optie(route=route_a, titel="Later"), door=None)
    actie = route_a.acties.get()
    actie.status = Actie.Status.AFGEROND
    services.actie_opslaan(actie=actie, door=None)
    assert route_a.acties.get().status == "afgerond"


def test_one_option_chosen_and_principles_of_the_route_version_only(route_a):
    a = services.optie_opslaan(optie=Optie(route=route_a, titel="A"), door=None)
    b = services.optie_opslaan(optie=Optie(route=route_a, titel="B"), door=None)
    services.optie_kiezen(optie=a, door=None)
    services.optie_kiezen(optie=b, door=None)
    assert list(route_a.opties.filter(gekozen=True).values_list("titel", flat=True)) == ["B"]
    ander = services.principes_importeer(
        inhoud=json.dumps(services.principes_exporteer(_seed())).encode(), door=None
    )
    with pytest.raises(ValidationError) as fout:
        services.ambitie_opslaan(
            ambitie=Ambitie(route=route_a, tekst="x"),
            principes=[ander.principes.get(nummer=1)],
            door=None,
        )
    assert fout.value.message_dict == {
        "principes": ["Dat ontwerpprincipe hoort niet bij deze route."]
    }
    with pytest.raises(ValidationError) as fout:
        services.ambitie_opslaan(ambitie=Ambitie(route=route_a, tekst="x"), principes=[], door=None)
    assert fout.value.message_dict == {"principes": ["Kies ten minste één ontwerpprincipe."]}
    assert Ambitie.objects.count() == 0


def test_regional_ambition_composes_only_the_regions_partnership_ambitions(wereld, route_a):
    eigen = _vul(route_a)
    elders = services.route_aanmaken(
        partnerschap=wereld.partnerschap_b, begin_jaar=2026, eind_jaar=2029, door=None
    )
    vreemd = _vul(elders)
    regionaal = services.route_aanmaken(
        regio=wereld.regio_a, begin_jaar=2026, eind_jaar=2029, door=None
    )
    assert list(selectors.toegestane_bronnen(regionaal)) == [eigen]
    principe = regionaal.principes.principes.get(nummer=1)
    with pytest.raises(ValidationError) as fout:
        services.ambitie_opslaan(
            ambitie=Ambitie(route=regionaal, tekst="Samen"),
            principes=[principe],
            bronnen=[vreemd],
            door=None,
        )
    assert fout.value.message_dict == {
        "bronnen": ["Alleen ambities van partnerschappen in deze regio."]
    }
    gedeeld = services.ambitie_opslaan(
        ambitie=Ambitie(route=regionaal, tekst="Samen"),
        principes=[principe],
        bronnen=[eigen],
        door=None,
    )
    assert list(gedeeld.bronnen.all()) == [eigen]
    with pytest.raises(ValidationError, match="Voor deze periode is al een route"):
        services.route_aanmaken(regio=wereld.regio_a, begin_jaar=2026, eind_jaar=2029, door=None)
    with pytest.raises(ValidationError, match="hoogstens zes jaar"):
        services.route_aanmaken(regio=wereld.regio_a, begin_jaar=2031, eind_jaar=2040, door=None)


def test_reopen_by_the_kwartiermaker_keeps_the_reason_and_reads_live_again(wereld, route_a):
    _vul(route_a)
    services.route_indienen(route=route_a, door=None)
    km = ingelogde_client(wereld.gebruikers["km_regio"])
    url = reverse("samenwerking:route_heropenen", args=[route_a.pk])
    assert km.post(url, {"reden": ""}).context["form"].errors == {
        "reden": ["Dit veld is verplicht."]
    }
    km.post(url, {"reden": "Graag de ambitie voor zij-instromers aanvullen."})
    route_a.refresh_from_db()
    assert (route_a.status, route_a.realiteit) == ("concept", None)
    assert list(RouteOpmerking.objects.values_list("tekst", flat=True)) == [
        "Heropend: Graag de ambitie voor zij-instromers aanvullen."
    ]
    pl = ingelogde_client(wereld.gebruikers["pl_a"])
    assert pl.get(url).status_code == 403
    assert pl.post(reverse("samenwerking:route_opmerking", args=[route_a.pk])).status_code == 403


# Done means: on the demo --------------------------------------------------------------------


def _telling(schooljaar: str, code: str) -> tuple[int, int]:
    jaar = int(schooljaar[:4])
    s = TellingSnapshot.objects.get(actueel=True, schooljaar=jaar)
    rij = next(r for r in s.resultaat["partnerschappen"] if r["code"] == code)
    return rij["studenten"], rij["zij_instromers"]


def test_demo_programmaleider_fills_and_submits_route_and_kwartiermaker_compares(db, settings):
    settings.DEMO_TOEGESTAAN = True
    call_command("demo_data", stdout=io.StringIO())
    route = Route.objects.get(partnerschap__code="P-EVO", begin_jaar=2026)
    assert route.status == "concept"
    pl = ingelogde_client(Gebruiker.objects.get(email="programmaleider.rdl@demo.regioportal.nl"))
    principes = {p.nummer: p for p in route.principes.principes.all()}
    pl.post(
        reverse("samenwerking:ambitie_nieuw", args=[route.pk]),
        {
            "tekst": "Elke school in Eemland leidt op, ook voor zij-instromers.",
            "principes": [principes[2].pk, principes[3].pk],
            "waarborgen": [Waarborg.objects.get(code="3").pk],
        },
    )
    pl.post(
        reverse("samenwerking:analyse", args=[route.pk]),
        {"principe_3": "Opleiden staat nog niet in het strategisch beleid van elk bestuur."},
    )
    pl.post(
        reverse("samenwerking:optie_nieuw", args=[route.pk]),
        {"titel": "Gezamenlijke opleidingsschool", "voordelen": "Eén aanspreekpunt", "nadelen": ""},
    )
    optie = route.opties.get()
    pl.post(reverse("samenwerking:optie_kiezen", args=[route.pk, optie.pk]))
    pl.post(
        reverse("samenwerking:actie_nieuw", args=[route.pk]),
        {
            "wat": "Opleidingsplan per bestuur",
            "eigenaar": "Bestuurders",
            "deadline": "2027-06-30",
            "status": "open",
        },
    )
    antwoord = pl.post(reverse("samenwerking:route_indienen", args=[route.pk]))
    assert antwoord.status_code == 302
    route.refresh_from_db()
    assert route.status == "ingediend"
    r = route.realiteit
    # The count: exactly the stored current counts of the last five years.
    assert r["schooljaar"] == "2025-2026"
    assert [(t["schooljaar"], t["studenten"], t["zij_instromers"]) for t in r["trend"]] == [
        ("2021-2022", 0, 0),
        ("2022-2023", 0, 0),
        ("2023-2024", 21, 0),
        ("2024-2025", 24, 3),
        ("2025-2026", 27, 3),
    ]
    for t in r["trend"][2:]:
        assert (t["studenten"], t["zij_instromers"]) == _telling(t["schooljaar"], "P-EVO")
    assert r["dekking"] == [
        {
            "regio": "R-MN",
            "sector": "mbo",
            "plaatsingen": 16,
            "in_partnerschap": 16,
            "procent": 100,
        },
        {"regio": "R-MN", "sector": "po", "plaatsingen": 45, "in_partnerschap": 44, "procent": 98},
        {"regio": "R-MN", "sector": "vo", "plaatsingen": 43, "in_partnerschap": 43, "procent": 100},
    ]
    # The zelfevaluatie: P-EVO's submitted 2025 one (scores 3, 3, 3, 4 per waarborg).
    z = r["partnerschappen"][0]["zelfevaluatie"]
    assert (z["jaar"], [(w["code"], w["gemiddelde"]) for w in z["waarborgen"]]) == (
        2025,
        [("1", 3.0), ("2", 3.0), ("3", 3.0), ("4", 4.0)],
    )
    assert z["ontwikkelpunten"] == [
        {
            "waarborg": "2",
            "wat": "Inductieprogramma voor zij-instromers",
            "eigenaar": "Programmaleider",
            "deadline": "2026-03-01",
            "status": "open",
        }
    ]
    assert r["nog_niet_in"][0]["vestigingen"] == 3
    assert r["nog_niet_in"][0]["van"] == 13
    # Frozen: a later change to the zelfevaluatie's partnership does not rewrite it.
    punt = Ontwikkelpunt.objects.get(wat="Inductieprogramma voor zij-instromers")
    punt.status = Ontwikkelpunt.Status.AFGEROND
    kw.ontwikkelpunt_opslaan(ontwikkelpunt=punt, door=None)
    route.refresh_from_db()
    assert len(route.realiteit["partnerschappen"][0]["zelfevaluatie"]["ontwikkelpunten"]) == 1
    pagina = pl.get(reverse("samenwerking:route", args=[route.pk])).content.decode()
    assert "Cijfers vastgelegd bij het indienen" in pagina
    assert "Inductieprogramma voor zij-instromers" in pagina

    # The kwartiermaker sees it beside Domstad PO's, per principle.
    km = ingelogde_client(Gebruiker.objects.get(email="kwartiermaker.mn@demo.regioportal.nl"))
    overzicht = km.get(reverse("samenwerking:regio_routes", args=["R-MN"])).context["overzicht"]
    assert [
        (k["partnerschap"].code, k["route"].status if k["route"] else None)
        for k in overzicht["kolommen"]
    ] == [("P-DPO", "ingediend"), ("P-EVO", "ingediend"), ("P-MBO", None), ("P-RDL", None)]
    rij_3 = next(x for x in overzicht["rijen"] if x["principe"].nummer == 3)
    assert [[a.tekst for a in c["ambities"]] if c else None for c in rij_3["cellen"]] == [
        ["Alle werkplekbegeleiders zijn geschoold en hebben er erkende tijd voor."],
        ["Elke school in Eemland leidt op, ook voor zij-instromers."],
        None,
        None,
    ]
    assert rij_3["cellen"][1]["analyse"] == (
        "Opleiden staat nog niet in het strategisch beleid van elk bestuur."
    )
    assert overzicht["regionaal"].status == "concept"


def test_start_page_shows_the_way_forward(wereld, route_a):
    ambitie = _vul(route_a)
    vandaag = timezone.localdate()
    services.actie_opslaan(
        actie=Actie(
            route=route_a,
            ambitie=ambitie,
            wat="Evaluatie met studenten",
            eigenaar="Schoolopleider",
            deadline=vandaag - dt.timedelta(days=3),
        ),
        door=None,
    )
    Actie.objects.filter(wat="Werkgroep inductie").update(deadline=vandaag + dt.timedelta(days=10))
    pl = ingelogde_client(wereld.gebruikers["pl_a"])
    item = next(
        i for i in pl.get(reverse("start")).context["te_doen"] if i["partnerschap"].code == "P-A"
    )
    assert item["route"] == route_a.pk
    assert [t for s, t in item["taken"] if s == "route"] == [
        "De route 2026-2029 is nog niet ingediend.",
        "Route 2026-2029: 0 van 2 acties afgerond.",
        "1 actie is over de deadline: Evaluatie met studenten.",
        "Volgende actie: Werkgroep inductie (uiterlijk "
        f"{(vandaag + dt.timedelta(days=10)):%d-%m-%Y}).",
    ]


def test_pdf_and_excel_carry_the_route(wereld, route_a):
    _vul(route_a)
    Analyse.objects.update(tekst="Inductie is versnipperd over de scholen.")
    pl = ingelogde_client(wereld.gebruikers["pl_a"])
    pdf = pl.get(reverse("samenwerking:route_pdf", args=[route_a.pk]))
    assert pdf["Content-Disposition"] == 'attachment; filename="route-P-A-2026-2029.pdf"'
    lezer = PdfReader(io.BytesIO(pdf.content))
    tekst = " ".join(" ".join(p.extract_text() for p in lezer.pages).split())
    assert "Route 2026-2029: Partnerschap A" in tekst
    assert "Elke starter een inductieprogramma." in tekst
    assert "Werkgroep inductie Programmaleider 15-01-2027 open" in tekst
    assert lezer.metadata.title == "Route 2026-2029 Partnerschap A"
    xlsx = pl.get(reverse("samenwerking:route_excel", args=[route_a.pk]))
    boek = load_workbook(io.BytesIO(xlsx.content))
    assert boek.sheetnames == [
        "Route",
        "Goal",
        "Reality - telling",
        "Reality - dekking",
        "Reality - kwaliteit",
        "Reality - analyse",
        "Options",
        "Way forward",
    ]
    assert [c.value for c in boek["Way forward"][2]] == [
        "Werkgroep inductie",
        "Programmaleider",
        dt.datetime(2027, 1, 15),
        "open",
        "Elke starter een inductieprogramma.",
    ]
    assert [c.value for c in boek["Goal"][2]] == [
        "4. Doorlopende ontwikkeling voor alle lerenden",
        "Elke starter een inductieprogramma.",
        None,
    ]


def test_regional_route_is_the_regions_kwartiermakers(client_als, wereld):
    regionaal = services.route_aanmaken(
        regio=wereld.regio_a, begin_jaar=2026, eind_jaar=2029, door=None
    )
    url = reverse("samenwerking:route", args=[regionaal.pk])
    statussen = {
        rol: client_als(rol).get(url).status_code
        for rol in ("pl_a", "km_regio", "km_elders", "bestuurder", "beheerder")
    }
    assert statussen == {
        "pl_a": 404,
        "km_regio": 200,
        "km_elders": 404,
        "bestuurder": 404,
        "beheerder": 200,
    }
    km = client_als("km_regio")
    antwoord = km.post(
        reverse("samenwerking:ambitie_nieuw", args=[regionaal.pk]),
        {"tekst": "Samen", "principes": [regionaal.principes.principes.get(nummer=5).pk]},
    )
    assert antwoord.status_code == 302
    assert list(regionaal.ambities.values_list("tekst", flat=True)) == ["Samen"]
    antwoord = km.post(reverse("samenwerking:route_indienen", args=[regionaal.pk]))
    regionaal.refresh_from_db()
    assert regionaal.status == "concept"  # still missing analysis, option, action


def test_the_side_by_side_view_exports_what_it_shows(client_als, wereld, route_a):
    import csv

    _vul(route_a)
    km = client_als("km_regio")
    antwoord = km.get(reverse("samenwerking:regio_routes", args=["R-A"]) + "?periode=2026&export=1")
    rijen = list(csv.reader(io.StringIO(antwoord.content.decode("utf-8-sig")), delimiter=";"))
    assert rijen[0] == ["Ontwerpprincipe", "Partnerschap", "Status", "Ambities", "Analyse"]
    assert rijen[4] == [
        "4. Doorlopende ontwikkeling voor alle lerenden",
        "P-A",
        "concept",
        "Elke starter een inductieprogramma.",
        "Inductie is versnipperd.",
    ]
    assert len(rijen) == 1 + 5


def test_reality_says_when_a_count_is_stale(route_a):
    from subsidie.services import telling_bereken

    telling_bereken(schooljaar=2025)
    assert [t["verouderd"] for t in realiteit.bereken(route_a)["trend"]][-1] is False
    TellingSnapshot.objects.filter(actueel=True, schooljaar=2025).update(verouderd=True)
    laatste = realiteit.bereken(route_a)["trend"][-1]
    assert (laatste["schooljaar"], laatste["geteld"], laatste["verouderd"]) == (
        "2025-2026",
        True,
        True,
    )
