"""The demo data of samenwerking: a meeting of Midden-Nederland in three weeks with two
registrations: the programmaleider of Domstad PO (with an account) and a teacher of
Montessorischool Lunetten, a school in no partnership (through the public link,
confirmed); the kwartiermaker's contact note on that school's board; two topics the
region compares, with three partnerships' practice and one regional agreement.
Idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from partnerschappen.models import Partnerschap, Regio, Vestiging

from .models import Aanmelding, AfspraakOnderwerp, Bijeenkomst
from .services import (
    aanmelding_bevestigen,
    afspraakonderwerp_opslaan,
    bijeenkomst_opslaan,
    contactnotitie_toevoegen,
    gebruiker_aanmelden,
    praktijk_opslaan,
    publiek_aanmelden,
    regionale_afspraak_vastleggen,
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


def laden(*, door, uit) -> None:
    regio = Regio.objects.get(code="R-MN")
    km = get_user_model().objects.get(email="kwartiermaker.mn@demo.regioportal.nl")
    _afspraken(regio, km, uit)
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
