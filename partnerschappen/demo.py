"""The demo data of partnerschappen: regions, boards, vestigingen, institutes,
partnerships and memberships (through the same import code path as real files),
contacts, an agreement and the demo accounts with their roles. Idempotent. Composed
with the other apps' demo parts by `manage.py demo_data` (regio_portal/demo)."""

from __future__ import annotations

import datetime as dt

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction

from regio_portal.core.importeren import importeer

from . import services
from .models import Bestuur, Contactpersoon, Overeenkomst, Partnerschap, Regio, Rol

DEMO_WACHTWOORD = "Demo-Regio-2026!"
# Demo only: a fixed TOTP secret so a newcomer can log in as kwartiermaker/bestuurder/beheerder
# (`manage.py demo_totp` prints the current code). Never used outside demo accounts.
DEMO_TOTP_GEHEIM = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

REGIOS = [
    ("R-MN", "Onderwijsregio Midden-Nederland", "0344;0307;0355;0356;0321;0310;0345;0353"),
    ("R-HGL", "Onderwijsregio Haaglanden", "0518;0503;0637;1783;0603"),
    ("R-GRD", "Onderwijsregio Groningen-Drenthe", "0014;0106;1680;0114"),
    ("R-LGO", "Landelijk groen onderwijs", ""),
]
INSTITUTEN = [
    ("21PB", "Hogeschool Domstad (pabo en tweedegraads)"),
    ("21PM", "Universiteit Domstad, universitaire lerarenopleiding"),
    ("25BA", "Hogeschool Hofstad (pabo)"),
    ("25BE", "Hogeschool Noorderlicht (lerarenopleidingen)"),
    ("27UL", "Universiteit Leiden-Delft, ICLON-achtige lerarenopleiding (demo)"),
    ("30GR", "Groene Hogeschool (demo)"),
]
BESTUREN = [
    ("41201", "Stichting Domstad Primair Onderwijs"),
    ("41202", "Stichting Eemvallei Voortgezet Onderwijs"),
    ("41203", "Stichting Kromme Rijn Scholen"),
    ("41204", "Vereniging Christelijk Onderwijs Haaglanden"),
    ("41205", "Stichting Hofstad Openbaar Onderwijs"),
    ("41206", "Stichting Noorderlicht Primair"),
    ("41207", "ROC Domstad"),
    ("41208", "Stichting Rijn en Duin Lyceum"),
    ("41209", "Stichting Groen Vakonderwijs Nederland"),
]
# code, naam, bestuur, gemeente, sector, plaats
VESTIGINGEN = [
    ("11AA00", "Basisschool De Regenboog", "41201", "0344", "po", "UTRECHT"),
    ("11AA01", "Basisschool De Linde", "41201", "0344", "po", "UTRECHT"),
    ("11AA02", "Basisschool Het Kompas", "41201", "0356", "po", "NIEUWEGEIN"),
    ("11AA03", "Montessorischool Lunetten", "41201", "0344", "po", "UTRECHT"),
    ("12BB00", "Eemlandcollege", "41202", "0307", "vo", "AMERSFOORT"),
    ("12BB01", "Eemland Lyceum", "41202", "0307", "vo", "AMERSFOORT"),
    ("12BB02", "Vathorst College", "41202", "0307", "vo", "AMERSFOORT"),
    ("13CC00", "Basisschool De Boomgaard", "41203", "0321", "po", "HOUTEN"),
    ("13CC01", "Basisschool Het Slot", "41203", "0355", "po", "ZEIST"),
    ("13CC02", "Basisschool De Bilt-Noord", "41203", "0310", "po", "BILTHOVEN"),
    ("14DD00", "Christelijk Lyceum Haaglanden", "41204", "0518", "vo", "'S-GRAVENHAGE"),
    ("14DD01", "CBS De Wilgenhoek", "41204", "0503", "po", "DELFT"),
    ("15EE00", "Openbare Basisschool Het Anker", "41205", "0518", "po", "'S-GRAVENHAGE"),
    ("15EE01", "Hofstad Lyceum", "41205", "0518", "vo", "'S-GRAVENHAGE"),
    ("15EE02", "OBS De Duinroos", "41205", "0637", "po", "ZOETERMEER"),
    ("16FF00", "Basisschool De Poolster", "41206", "0014", "po", "GRONINGEN"),
    ("16FF01", "Basisschool Het Noorderlicht", "41206", "0014", "po", "GRONINGEN"),
    ("16FF02", "Basisschool De Hunze", "41206", "0106", "po", "ASSEN"),
    ("17GG00", "ROC Domstad, College Onderwijsassistent", "41207", "0344", "mbo", "UTRECHT"),
    ("17GG01", "ROC Domstad, College Zorg en Welzijn", "41207", "0356", "mbo", "NIEUWEGEIN"),
    ("18HH00", "Rijn en Duin Lyceum Utrecht", "41208", "0344", "vo", "UTRECHT"),
    ("18HH01", "Rijn en Duin Lyceum Den Haag", "41208", "0518", "vo", "'S-GRAVENHAGE"),
    ("19JJ00", "Groen College Veenendaal", "41209", "0345", "vo", "VEENENDAAL"),
    ("19JJ01", "Groen College Westland", "41209", "1783", "vo", "NAALDWIJK"),
    ("20KK00", "Basisschool Over de Grens", "41203", "0200", "po", "APELDOORN"),
]
# The two Groen College vestigingen belong to the national region (exception to the
# gemeente rule), so they carry an explicit regio.
REGIO_UITZONDERING = {"19JJ00": "R-LGO", "19JJ01": "R-LGO"}
PARTNERSCHAPPEN = [
    ("P-DPO", "Opleidingsschool Domstad PO", "po", "erkend"),
    ("P-EVO", "Opleidingsschool Eemland VO", "vo", "erkend"),
    ("P-MBO", "Samen Opleiden mbo Midden-Nederland", "mbo", "erkend"),
    ("P-HOF", "Partnerschap Hofstad", "sectoroverstijgend", "aspirant"),
    ("P-RDL", "Opleidingsschool Rijn en Duin", "vo", "erkend"),
    ("P-NRD", "Opleidingsschool Noorderlicht", "po", "erkend"),
    ("P-GRN", "Groen Opleiden", "vo", "erkend"),
]
LIDMAATSCHAPPEN = [
    ("P-DPO", "vestiging", "11AA00", "2018-08-01", ""),
    ("P-DPO", "vestiging", "11AA01", "2018-08-01", ""),
    ("P-DPO", "vestiging", "11AA02", "2020-08-01", ""),
    ("P-DPO", "vestiging", "13CC00", "2021-08-01", ""),
    ("P-DPO", "vestiging", "13CC01", "2019-08-01", "2024-07-31"),
    ("P-DPO", "instituut", "21PB", "2018-08-01", ""),
    ("P-EVO", "vestiging", "12BB00", "2019-08-01", ""),
    ("P-EVO", "vestiging", "12BB01", "2019-08-01", ""),
    ("P-EVO", "vestiging", "12BB02", "2023-08-01", ""),
    ("P-EVO", "instituut", "21PB", "2019-08-01", ""),
    ("P-EVO", "instituut", "21PM", "2019-08-01", ""),
    ("P-MBO", "vestiging", "17GG00", "2022-08-01", ""),
    ("P-MBO", "vestiging", "17GG01", "2022-08-01", ""),
    ("P-MBO", "instituut", "21PB", "2022-08-01", ""),
    ("P-HOF", "vestiging", "15EE00", "2025-08-01", ""),
    ("P-HOF", "vestiging", "15EE02", "2025-08-01", ""),
    ("P-HOF", "vestiging", "14DD01", "2025-08-01", ""),
    ("P-HOF", "instituut", "25BA", "2025-08-01", ""),
    ("P-RDL", "vestiging", "18HH00", "2020-08-01", ""),
    ("P-RDL", "vestiging", "18HH01", "2020-08-01", ""),
    ("P-RDL", "vestiging", "14DD00", "2021-08-01", ""),
    ("P-RDL", "instituut", "21PM", "2020-08-01", ""),
    ("P-RDL", "instituut", "27UL", "2020-08-01", ""),
    ("P-NRD", "vestiging", "16FF00", "2018-08-01", ""),
    ("P-NRD", "vestiging", "16FF01", "2018-08-01", ""),
    ("P-NRD", "vestiging", "16FF02", "2019-08-01", ""),
    ("P-NRD", "instituut", "25BE", "2018-08-01", ""),
    ("P-GRN", "vestiging", "19JJ00", "2021-08-01", ""),
    ("P-GRN", "vestiging", "19JJ01", "2021-08-01", ""),
    ("P-GRN", "instituut", "30GR", "2021-08-01", ""),
]
CONTACTEN = [
    ("P-DPO", "Anouk de Vries", "programmaleider", "a.devries@domstad-po.example", "030-0000101"),
    (
        "P-DPO",
        "Joris Bakker",
        "opleidingsdocent Hogeschool Domstad",
        "j.bakker@hsdomstad.example",
        "",
    ),
    ("P-EVO", "Fatima El Amrani", "programmaleider", "f.elamrani@eemvallei.example", "033-0000201"),
    ("P-RDL", "Pieter Jansen", "programmaleider", "p.jansen@rijnenduin.example", "070-0000301"),
    ("P-HOF", "Sanne Visser", "kwartiermaker partnerschap", "s.visser@hofstad.example", ""),
    ("P-NRD", "Hilde Mulder", "programmaleider", "h.mulder@noorderlicht.example", "050-0000401"),
]
# email, naam, rol, object code
ACCOUNTS = [
    ("beheerder@demo.regioportal.nl", "Bea Beheer", "beheerder", None),
    (
        "kwartiermaker.mn@demo.regioportal.nl",
        "Karim Kwartier (Midden-Nederland)",
        "kwartiermaker",
        "R-MN",
    ),
    (
        "kwartiermaker.hgl@demo.regioportal.nl",
        "Kim Kwartier (Haaglanden)",
        "kwartiermaker",
        "R-HGL",
    ),
    ("programmaleider.dpo@demo.regioportal.nl", "Anouk de Vries", "programmaleider", "P-DPO"),
    ("programmaleider.rdl@demo.regioportal.nl", "Pieter Jansen", "programmaleider", "P-RDL"),
    ("programmaleider.rdl@demo.regioportal.nl", "Pieter Jansen", "programmaleider", "P-EVO"),
    ("bestuurder@demo.regioportal.nl", "Bram Bestuur (Domstad Primair)", "bestuurder", "41201"),
    ("peerreviewer@demo.regioportal.nl", "Petra Peer", "peer_reviewer", None),
]

MINI_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def csv_bytes(kop: str, rijen) -> bytes:
    regels = [kop] + [",".join(f'"{w}"' if "," in w else w for w in rij) for rij in rijen]
    return ("\n".join(regels) + "\n").encode()


def laden(*, door, uit) -> None:
    """Load the organisation part; `uit` receives a line per step."""
    vestigingen = [
        (code, naam, bestuur, gemeente, sector, REGIO_UITZONDERING.get(code, ""), plaats)
        for code, naam, bestuur, gemeente, sector, plaats in VESTIGINGEN
    ]
    bestanden = [
        ("regios", csv_bytes("code,naam,gemeenten", REGIOS)),
        ("instituten", csv_bytes("code,naam", INSTITUTEN)),
        ("besturen", csv_bytes("nummer,naam", BESTUREN)),
        ("vestigingen", csv_bytes("code,naam,bestuur,gemeente,sector,regio,plaats", vestigingen)),
        ("partnerschappen", csv_bytes("code,naam,sector,status", PARTNERSCHAPPEN)),
        (
            "lidmaatschappen",
            csv_bytes("partnerschap,soort,code,startdatum,einddatum", LIDMAATSCHAPPEN),
        ),
    ]
    with transaction.atomic():
        for soort, inhoud in bestanden:
            resultaat = importeer(soort=soort, inhoud=inhoud, door=door, dry_run=False)
            if resultaat.fouten:
                raise RuntimeError(f"demo {soort}: {resultaat.fouten}")
            uit(f"{soort}: {resultaat.samenvatting()}")
        _regio_landelijk(door)
        _contacten(door)
        _accounts(door)


def _regio_landelijk(door):
    regio = Regio.objects.filter(code="R-LGO", landelijk=False).first()
    if regio:
        regio.landelijk = True
        services.regio_opslaan(regio=regio, door=door)


def _contacten(door):
    for code, naam, functie, email, telefoon in CONTACTEN:
        partnerschap = Partnerschap.objects.get(code=code)
        if not partnerschap.contactpersonen.filter(naam=naam).exists():
            services.contactpersoon_opslaan(
                contactpersoon=Contactpersoon(
                    partnerschap=partnerschap,
                    naam=naam,
                    functie=functie,
                    email=email,
                    telefoon=telefoon,
                ),
                door=door,
            )
    dpo = Partnerschap.objects.get(code="P-DPO")
    if not dpo.overeenkomsten.exists():
        services.overeenkomst_toevoegen(
            partnerschap=dpo,
            titel="Samenwerkingsovereenkomst Opleidingsschool Domstad PO 2024-2030",
            soort=Overeenkomst.Soort.SAMENWERKING,
            datum=dt.date(2024, 6, 20),
            bestand=ContentFile(MINI_PDF, name="overeenkomst.pdf"),
            door=None,
        )


def _accounts(door):
    User = get_user_model()
    for email, naam, soort, code in ACCOUNTS:
        gebruiker, nieuw = User.objects.get_or_create(email=email, defaults={"naam": naam})
        if nieuw:
            gebruiker.set_password(DEMO_WACHTWOORD)
            gebruiker.save()
        doel = {}
        if soort == "kwartiermaker":
            doel["regio"] = Regio.objects.get(code=code)
        elif soort == "programmaleider":
            doel["partnerschap"] = Partnerschap.objects.get(code=code)
        elif soort == "bestuurder":
            doel["bestuur"] = Bestuur.objects.get(nummer=code)
        if not Rol.objects.filter(gebruiker=gebruiker, soort=soort, **doel).exists():
            services.rol_toekennen(
                gebruiker=gebruiker,
                soort=soort,
                door=door,
                geldig_van=dt.date(2024, 8, 1),
                **doel,
            )
        if (
            soort in settings.MFA_VERPLICHT_VOOR_ROLLEN
            and not Authenticator.objects.filter(
                user=gebruiker, type=Authenticator.Type.TOTP
            ).exists()
        ):
            TOTP.activate(gebruiker, DEMO_TOTP_GEHEIM)
            RecoveryCodes.activate(gebruiker)


def toon_accounts(uit) -> None:
    uit("")
    uit(f"Demo-accounts (wachtwoord voor allemaal: {DEMO_WACHTWOORD})")
    gezien = set()
    for email, *_rest in ACCOUNTS:
        if email in gezien:
            continue
        gezien.add(email)
        rollen = ", ".join(f"{s}{' ' + c if c else ''}" for e, _n, s, c in ACCOUNTS if e == email)
        uit(f"  {email:45} {rollen}")
    uit(
        "Beheerder, kwartiermakers en bestuurder hebben tweestapsverificatie (TOTP). "
        f"Geheim voor uw authenticator-app: {DEMO_TOTP_GEHEIM}; of toon de huidige code met: "
        ".venv/bin/python manage.py demo_totp"
    )
