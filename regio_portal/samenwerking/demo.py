"""The demo data of samenwerking: a meeting of Midden-Nederland in three weeks with two
registrations: the programmaleider of Domstad PO (with an account) and a teacher of
Montessorischool Lunetten, a school in no partnership (through the public link,
confirmed); the kwartiermaker's contact note on that school's board; two topics the
region compares, with three partnerships' practice and one regional agreement; routes
for 2026-2029 on the seeded ontwerpprincipes: Domstad PO's submitted (Reality frozen),
Eemland VO's in concept, and the region's in concept composing a shared ambition.
Idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from kwaliteit.models import Waarborg
from kwaliteit.services import huidig_kader
from partnerschappen.models import Partnerschap, Regio, Vestiging

from .models import Aanmelding, Actie, AfspraakOnderwerp, Ambitie, Bijeenkomst, Optie, Route
from .services import (
    aanmelding_bevestigen,
    actie_opslaan,
    afspraakonderwerp_opslaan,
    ambitie_opslaan,
    analyse_opslaan,
    bijeenkomst_opslaan,
    contactnotitie_toevoegen,
    gebruiker_aanmelden,
    optie_kiezen,
    optie_opslaan,
    praktijk_opslaan,
    publiek_aanmelden,
    regionale_afspraak_vastleggen,
    route_aanmaken,
    route_indienen,
)

BASIS = "http://127.0.0.1:8000/"
TITEL = "Inductie: de eerste jaren van startende leraren"


# Two topics Midden-Nederland compares, with the practice of three partnerships: the
# stagevergoeding differs (one deviates from the regional agreement), the format is the
# same in two and not yet recorded in the third.
AFSPRAKEN = (
    (
        "Stagevergoeding pabo, jaar 3 en 4",
        "bedrag",
        "per maand",
        {"P-DPO": "300.00", "P-EVO": "300.00", "P-RDL": "250.00"},
        "300.00",
    ),
    (
        "Beoordelingsformat zij-instromers",
        "tekst",
        "",
        {
            "P-DPO": "Landelijk bekwaamheidsdossier, twee beoordelaars",
            "P-EVO": "landelijk bekwaamheidsdossier, twee beoordelaars",
        },
        None,
    ),
)


def _afspraken(regio, km, uit) -> None:
    for titel, soort, eenheid, praktijken, afspraak in AFSPRAKEN:
        if AfspraakOnderwerp.objects.filter(regio=regio, titel=titel).exists():
            continue
        onderwerp = afspraakonderwerp_opslaan(
            onderwerp=AfspraakOnderwerp(regio=regio, titel=titel, soort=soort, eenheid=eenheid),
            door=km,
        )
        for code, waarde in praktijken.items():
            praktijk_opslaan(
                onderwerp=onderwerp,
                partnerschap=Partnerschap.objects.get(code=code),
                bedrag=Decimal(waarde) if soort == "bedrag" else None,
                tekst="" if soort == "bedrag" else waarde,
                door=km,
            )
        if afspraak:
            regionale_afspraak_vastleggen(
                onderwerp=onderwerp,
                bedrag=Decimal(afspraak),
                tekst="",
                ingangsdatum=dt.date(2026, 8, 1),
                door=km,
            )
        uit(f"afspraak R-MN: {titel} ({len(praktijken)} partnerschappen)")


# The routes 2026-2029: (partnership, ambitions (text, principles, waarborgen), analysis
# per principle, options (title, pros, cons, chosen), actions (what, owner, due, status),
# submit).
ROUTES = (
    (
        "P-DPO",
        "programmaleider.dpo@demo.regioportal.nl",
        (
            (
                "Elke startende leraar in onze scholen volgt een driejarig inductieprogramma.",
                [4],
                ["2"],
            ),
            (
                "Alle werkplekbegeleiders zijn geschoold en hebben er erkende tijd voor.",
                [3, 4],
                ["3"],
            ),
            (
                "Studenten lopen stage onder dezelfde voorwaarden bij elk bestuur in de regio.",
                [2],
                [],
            ),
        ),
        {
            2: "De stagevergoeding is gelijk aan de regionale afspraak; de beoordeling nog niet.",
            3: "Schoolopleiders zijn geschoold, werkplekbegeleiders deels (ontwikkelpunt).",
            4: "Inductie loopt op de meeste scholen, maar zonder gezamenlijk programma.",
        },
        (
            (
                "Eén inductieprogramma met de hogeschool",
                "Eén lijn van opleiding naar baan; schaalvoordeel.",
                "Scholen geven eigen invulling op.",
                True,
            ),
            (
                "Elke school een eigen programma",
                "Past bij elke school.",
                "Ongelijk voor starters; dubbel werk.",
                False,
            ),
        ),
        (
            ("Werkgroep inductie ingericht", "Programmaleider", dt.date(2026, 10, 1), "afgerond"),
            (
                "Scholing werkplekbegeleiders cohort 2",
                "HR-adviseur",
                dt.date(2026, 11, 30),
                "bezig",
            ),
            (
                "Inductieprogramma vastgesteld door de besturen",
                "Stuurgroep",
                dt.date(2027, 3, 1),
                "open",
            ),
        ),
        True,
    ),
    (
        "P-EVO",
        "programmaleider.rdl@demo.regioportal.nl",
        (
            (
                "Zij-instromers krijgen een traject op maat met een vaste begeleider.",
                [4],
                ["2"],
            ),
        ),
        {4: "Het inductieprogramma voor zij-instromers is een open ontwikkelpunt."},
        (),
        (),
        False,
    ),
)


def _routes(regio, km, uit) -> None:
    kader = huidig_kader()
    for code, email, ambities, analyses, opties, acties, indienen in ROUTES:
        partnerschap = Partnerschap.objects.get(code=code)
        if Route.objects.filter(partnerschap=partnerschap, begin_jaar=2026).exists():
            continue
        pl = get_user_model().objects.get(email=email)
        route = route_aanmaken(partnerschap=partnerschap, begin_jaar=2026, eind_jaar=2029, door=pl)
        principes = {p.nummer: p for p in route.principes.principes.all()}
        gemaakt = []
        for tekst, nummers, waarborgen in ambities:
            gemaakt.append(
                ambitie_opslaan(
                    ambitie=Ambitie(route=route, tekst=tekst),
                    principes=[principes[n] for n in nummers],
                    waarborgen=Waarborg.objects.filter(kader=kader, code__in=waarborgen),
                    door=pl,
                )
            )
        for nummer, tekst in analyses.items():
            analyse_opslaan(route=route, principe=principes[nummer], tekst=tekst, door=pl)
        for titel, voor, tegen, gekozen in opties:
            optie = optie_opslaan(
                optie=Optie(route=route, titel=titel, voordelen=voor, nadelen=tegen), door=pl
            )
            if gekozen:
                optie_kiezen(optie=optie, door=pl)
        for wat, eigenaar, deadline, status in acties:
            actie_opslaan(
                actie=Actie(
                    route=route,
                    ambitie=gemaakt[0],
                    wat=wat,
                    eigenaar=eigenaar,
                    deadline=deadline,
                    status=status,
                ),
                door=pl,
            )
        if indienen:
            route_indienen(route=route, door=pl)
        uit(f"route {code} 2026-2029: {route.get_status_display()}")
    if Route.objects.filter(regio=regio, begin_jaar=2026).exists():
        return
    route = route_aanmaken(regio=regio, begin_jaar=2026, eind_jaar=2029, door=km)
    principes = {p.nummer: p for p in route.principes.principes.all()}
    ambitie_opslaan(
        ambitie=Ambitie(
            route=route,
            tekst="In 2029 volgt elke startende leraar in de regio een inductieprogramma, "
            "ook op scholen van besturen die nog niet in een partnerschap zitten.",
        ),
        principes=[principes[1], principes[4]],
        bronnen=Ambitie.objects.filter(
            route__partnerschap__code="P-DPO",
            route__begin_jaar=2026,
            tekst__startswith="Elke startende leraar",
        ),
        door=km,
    )
    uit("route R-MN 2026-2029: concept")


def laden(*, door, uit) -> None:
    regio = Regio.objects.get(code="R-MN")
    km = get_user_model().objects.get(email="kwartiermaker.mn@demo.regioportal.nl")
    _afspraken(regio, km, uit)
    _routes(regio, km, uit)
    if Bijeenkomst.objects.filter(regio=regio, titel=TITEL).exists():
        return
    dag = timezone.localdate() + dt.timedelta(days=21)
    begin = timezone.make_aware(dt.datetime.combine(dag, dt.time(15, 0)))
    b = bijeenkomst_opslaan(
        bijeenkomst=Bijeenkomst(
            regio=regio,
            titel=TITEL,
            thema=Bijeenkomst.Thema.INDUCTIE,
            omschrijving=(
                "Voor schoolopleiders en werkplekbegeleiders van alle scholen in de regio, "
                "ook van besturen die (nog) niet in een partnerschap zitten: hoe begeleiden "
                "we startende leraren in hun eerste drie jaar?"
            ),
            begin=begin,
            eind=begin + dt.timedelta(hours=2, minutes=30),
            locatie="Stadskantoor, Utrecht",
            capaciteit=40,
            doelgroepen="schoolopleiders, werkplekbegeleiders, schoolleiders",
            sector="po",
        ),
        door=km,
    )
    pl = get_user_model().objects.get(email="programmaleider.dpo@demo.regioportal.nl")
    gebruiker_aanmelden(bijeenkomst=b, gebruiker=pl, rol="programmaleider", basis_url=BASIS)
    publiek_aanmelden(
        bijeenkomst=b,
        naam="Fatima el Amrani",
        email="f.elamrani@montessori-lunetten.example",
        vestiging=Vestiging.objects.get(code="11AA03"),
        rol="leraar en werkplekbegeleider",
        basis_url=BASIS,
    )
    aanmelding_bevestigen(
        aanmelding=Aanmelding.objects.get(bijeenkomst=b, email__startswith="f.elamrani"),
        basis_url=BASIS,
    )
    uit(f"bijeenkomst R-MN: {TITEL} ({dag:%d-%m-%Y}), 2 aanmeldingen")
    # Towards 100%: Montessorischool Lunetten is in no partnership; the kwartiermaker
    # spoke with its board.
    contactnotitie_toevoegen(
        regio=regio,
        bestuur=Vestiging.objects.get(code="11AA03").bestuur,
        datum=timezone.localdate() - dt.timedelta(days=7),
        contact="Gesprek met de directeur van Montessorischool Lunetten over aansluiten bij P-DPO.",
        volgende_stap="Uitnodiging voor de inductiebijeenkomst; daarna voorstel aan het bestuur.",
        door=km,
    )
