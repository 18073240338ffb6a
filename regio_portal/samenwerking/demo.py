"""The demo data of samenwerking: a meeting of Midden-Nederland in three weeks with two
registrations: the programmaleider of Domstad PO (with an account) and a teacher of
Montessorischool Lunetten, a school in no partnership (through the public link,
confirmed); and the kwartiermaker's contact note on that school's board. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from partnerschappen.models import Regio, Vestiging

from .models import Aanmelding, Bijeenkomst
from .services import (
    aanmelding_bevestigen,
    bijeenkomst_opslaan,
    contactnotitie_toevoegen,
    gebruiker_aanmelden,
    publiek_aanmelden,
)

BASIS = "http://127.0.0.1:8000/"
TITEL = "Inductie: de eerste jaren van startende leraren"


def laden(*, door, uit) -> None:
    regio = Regio.objects.get(code="R-MN")
    if Bijeenkomst.objects.filter(regio=regio, titel=TITEL).exists():
        return
    km = get_user_model().objects.get(email="kwartiermaker.mn@demo.regioportal.nl")
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
