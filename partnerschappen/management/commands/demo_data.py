"""python manage.py demo_data: a believable demo, loaded through the same import code path
as real files. Idempotent: running it twice changes nothing. Prints the demo accounts."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from kwaliteit import services as kw
from kwaliteit.models import Kader, Ontwikkelpunt, Zelfevaluatie
from partnerschappen import services
from partnerschappen.models import Bestuur, Contactpersoon, Overeenkomst, Partnerschap, Regio, Rol
from peer_review import services as pr
from peer_review.models import Cyclus
from regio_portal.core.importeren import importeer
from regio_portal.core.services import Opdrachtregel
from subsidie.models import Verantwoording
from subsidie.services import (
    telling_bereken,
    verantwoording_aanvragen,
    verantwoording_maak,
    verantwoording_vaststellen,
)

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


VOORNAMEN = [
    "Sanne",
    "Daan",
    "Fleur",
    "Milan",
    "Noor",
    "Sem",
    "Lotte",
    "Bram",
    "Yara",
    "Ayoub",
    "Eva",
    "Thijs",
    "Lina",
    "Mees",
    "Zoë",
    "Jesse",
    "Anna",
    "Finn",
    "Sara",
    "Mohamed",
]
ACHTERNAMEN = [
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "El Idrissi",
]
# partnership: (vestigingen, instituut, types, persons per year)
DEMO_PLAATSING = {
    "P-DPO": (["11AA00", "11AA01", "11AA02", "13CC00"], "21PB", ["pabo"], 38),
    "P-EVO": (["12BB00", "12BB01", "12BB02"], "21PM", ["tweedegraads", "eerstegraads", "ulo"], 30),
    "P-MBO": (["17GG00", "17GG01"], "21PB", ["tweedegraads", "overig"], 14),
    "P-HOF": (["15EE00", "15EE02", "14DD01"], "25BA", ["pabo"], 22),
    "P-RDL": (["18HH00", "18HH01", "14DD00"], "27UL", ["ulo", "eerstegraads", "alo"], 26),
    "P-NRD": (["16FF00", "16FF01", "16FF02"], "25BE", ["pabo"], 31),
    "P-GRN": (["19JJ00", "19JJ01"], "30GR", ["tweedegraads"], 9),
}


def demo_plaatsingen_csv(jaar: int) -> bytes:
    """Believable placements for one school year: a pabo student switching school
    mid-year, zij-instromers, a student in two partnerships, an onderwijsassistent
    (not counted), and one placement at a vestiging that has left the partnership."""
    rnd = random.Random(jaar)
    rijen = []
    for code, (vestigingen, instituut, typen, aantal) in DEMO_PLAATSING.items():
        if code == "P-HOF" and jaar < 2025:
            continue  # aspirant since 2025
        groei = {2023: 0.8, 2024: 0.9, 2025: 1.0}[jaar]
        for n in range(int(aantal * groei)):
            nummer = f"{jaar % 100}{sum(map(ord, code)) % 97:02d}{n:03d}"
            naam = f"{rnd.choice(VOORNAMEN)} {rnd.choice(ACHTERNAMEN)}"
            soort = "zij_instroom" if n % 9 == 4 else rnd.choice(typen)
            vestiging = rnd.choice(vestigingen)
            start = dt.date(jaar, 9, 1) + dt.timedelta(days=rnd.choice([0, 0, 14, 30, 60]))
            if n % 7 == 3:  # switches school mid-year within the partnership
                midden = dt.date(jaar + 1, 1, 31)
                tweede = vestigingen[(vestigingen.index(vestiging) + 1) % len(vestigingen)]
                rijen.append((jaar, code, vestiging, instituut, nummer, naam, soort, start, midden))
                rijen.append(
                    (
                        jaar,
                        code,
                        tweede,
                        instituut,
                        nummer,
                        naam,
                        soort,
                        midden + dt.timedelta(days=1),
                        dt.date(jaar + 1, 6, 30),
                    )
                )
            else:
                rijen.append(
                    (
                        jaar,
                        code,
                        vestiging,
                        instituut,
                        nummer,
                        naam,
                        soort,
                        start,
                        dt.date(jaar + 1, 6, 30),
                    )
                )
    # One student in two partnerships in the same year: counted once (P-DPO, longest).
    rijen.append(
        (
            jaar,
            "P-RDL",
            "18HH00",
            "21PB",
            f"{jaar % 100}99001",
            "Noor Bakker",
            "pabo",
            dt.date(jaar + 1, 2, 1),
            dt.date(jaar + 1, 4, 30),
        )
    )
    rijen.append(
        (
            jaar,
            "P-DPO",
            "11AA00",
            "21PB",
            f"{jaar % 100}99001",
            "Noor Bakker",
            "pabo",
            dt.date(jaar, 9, 1),
            dt.date(jaar + 1, 1, 31),
        )
    )
    # 13CC01 left P-DPO on 31-07-2024: in 2024-2025 and later it is a data problem.
    rijen.append(
        (
            jaar,
            "P-DPO",
            "13CC01",
            "21PB",
            f"{jaar % 100}99002",
            "Jesse Smit",
            "pabo",
            dt.date(jaar, 10, 1),
            dt.date(jaar + 1, 6, 30),
        )
    )
    kop = (
        "schooljaar,partnerschap,vestiging,instituut,studentnummer,naam,opleidingstype,"
        "startdatum,einddatum"
    )
    regels = [kop] + [
        f"{j}-{j + 1},{p},{v},{i},{s},{n},{t},{b.isoformat()},{e.isoformat()}"
        for j, p, v, i, s, n, t, b, e in rijen
    ]
    return ("\n".join(regels) + "\n").encode()


def _csv(kop: str, rijen) -> bytes:
    regels = [kop] + [",".join(f'"{w}"' if "," in w else w for w in rij) for rij in rijen]
    return ("\n".join(regels) + "\n").encode()


class Command(BaseCommand):
    help = "Laad de demogegevens (idempotent) en toon de demo-accounts."

    def handle(self, *args, **options):
        door = Opdrachtregel()
        vestigingen = [
            (code, naam, bestuur, gemeente, sector, REGIO_UITZONDERING.get(code, ""), plaats)
            for code, naam, bestuur, gemeente, sector, plaats in VESTIGINGEN
        ]
        bestanden = [
            ("regios", _csv("code,naam,gemeenten", REGIOS)),
            ("instituten", _csv("code,naam", INSTITUTEN)),
            ("besturen", _csv("nummer,naam", BESTUREN)),
            ("vestigingen", _csv("code,naam,bestuur,gemeente,sector,regio,plaats", vestigingen)),
            ("partnerschappen", _csv("code,naam,sector,status", PARTNERSCHAPPEN)),
            (
                "lidmaatschappen",
                _csv("partnerschap,soort,code,startdatum,einddatum", LIDMAATSCHAPPEN),
            ),
        ]
        with transaction.atomic():
            for soort, inhoud in bestanden:
                resultaat = importeer(soort=soort, inhoud=inhoud, door=door, dry_run=False)
                if resultaat.fouten:
                    raise RuntimeError(f"demo {soort}: {resultaat.fouten}")
                self.stdout.write(f"{soort}: {resultaat.samenvatting()}")
            self._regio_landelijk()
            self._contacten(door)
            self._accounts(door)
        self._plaatsingen(door)
        self._kwaliteit(door)
        self._peer_review(door)
        self._toon_accounts()

    def _regio_landelijk(self):
        regio = Regio.objects.filter(code="R-LGO", landelijk=False).first()
        if regio:
            regio.landelijk = True
            services.regio_opslaan(regio=regio, door=Opdrachtregel())

    def _contacten(self, door):
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

    def _accounts(self, door):
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

    def _plaatsingen(self, door):
        """Placements for three school years through the plaatsingen import, then the
        counts. Deterministic (fixed seed), so a second run changes nothing."""
        for jaar in (2023, 2024, 2025):
            resultaat = importeer(
                soort="plaatsingen", inhoud=demo_plaatsingen_csv(jaar), door=door, dry_run=False
            )
            if resultaat.fouten:
                raise RuntimeError(f"demo plaatsingen {jaar}: {resultaat.fouten[:5]}")
            self.stdout.write(f"plaatsingen {jaar}-{jaar + 1}: {resultaat.samenvatting()}")
        for jaar in (2023, 2024, 2025):
            telling_bereken(schooljaar=jaar)
        self._verantwoording()

    def _verantwoording(self):
        """Last year's report of Domstad PO, adopted by its bestuurder (once)."""
        dpo = Partnerschap.objects.get(code="P-DPO")
        if Verantwoording.objects.filter(partnerschap=dpo, schooljaar=2024).exists():
            return
        bestuurder = get_user_model().objects.get(email="bestuurder@demo.regioportal.nl")

        concept = verantwoording_aanvragen(schooljaar=2024, door=bestuurder, partnerschap=dpo)
        concept.refresh_from_db()
        # Inside an outer transaction (tests) the Celery task has not run yet: render now.
        verantwoording_maak(verantwoording=concept)
        verantwoording_vaststellen(verantwoording=concept, door=bestuurder)
        self.stdout.write("verantwoording P-DPO 2024-2025: vastgesteld (versie 1)")

    def _kwaliteit(self, door):
        """The placeholder framework (through the framework import), zelfevaluaties in
        several states and ontwikkelpunten, one past its deadline. Once."""
        if Kader.objects.exists():
            return
        pad = Path(kw.__file__).resolve().parent / "data" / "demo_kader.json"
        kader = kw.kader_importeer(inhoud=pad.read_bytes(), door=door)
        kw.kader_publiceer(kader=kader, door=door)
        teksten = {
            "1": "Onze visie is in 2023 door alle besturen en de hogeschool vastgesteld.",
            "2": "Het programma is afgestemd; inductie loopt op de meeste scholen.",
            "3": "Alle schoolopleiders zijn geschoold; werkplekbegeleiders deels.",
            "4": "We evalueren jaarlijks met studenten; delen kan beter.",
        }
        for code, jaar, patroon, indienen in (
            ("P-DPO", 2024, "2232", True),
            ("P-DPO", 2025, "3342", False),
            ("P-EVO", 2025, "3334", True),
            ("P-RDL", 2025, "2221", False),
            ("P-MBO", 2025, "1222", True),
        ):
            partnerschap = Partnerschap.objects.get(code=code)
            z = kw.zelfevaluatie_start(partnerschap=partnerschap, jaar=jaar, door=door)
            antwoorden = {}
            for s in z.scores.select_related("kenmerk__waarborg"):
                w = s.kenmerk.waarborg.code
                score = patroon[int(w) - 1]
                # The draft of P-DPO 2025 is half done: waarborg 4 still open.
                if not indienen and w == "4":
                    antwoorden[s.kenmerk_id] = ("", "", "")
                else:
                    antwoorden[s.kenmerk_id] = (score, teksten[w], "")
            z = kw.zelfevaluatie_opslaan(
                zelfevaluatie=z, revisie=z.revisie, antwoorden=antwoorden, door=door
            )
            if indienen:
                kw.zelfevaluatie_indienen(zelfevaluatie=z, door=door)
        for code, waarborg, wat, deadline, status in (
            ("P-DPO", "3", "Scholing werkplekbegeleiders afronden", dt.date(2025, 6, 30), "bezig"),
            ("P-DPO", "4", "Studentenpanel twee keer per jaar", dt.date(2026, 6, 30), "open"),
            ("P-EVO", "2", "Inductieprogramma voor zij-instromers", dt.date(2026, 3, 1), "open"),
        ):
            kw.ontwikkelpunt_opslaan(
                ontwikkelpunt=Ontwikkelpunt(
                    partnerschap=Partnerschap.objects.get(code=code),
                    waarborg_code=waarborg,
                    wat=wat,
                    eigenaar="Programmaleider",
                    deadline=deadline,
                    status=status,
                    sinds_jaar=2024,
                ),
                door=door,
            )
        self.stdout.write(f"kwaliteit: {kader}, {Zelfevaluatie.objects.count()} zelfevaluaties")

    def _peer_review(self, door):
        """A cycle for Midden-Nederland with a computed panel proposal (not approved yet:
        that is the kwartiermaker's first click). Once."""
        if Cyclus.objects.exists():
            return
        cyclus = pr.cyclus_aanmaken(
            door=door,
            naam="OPR 2026-2029 Midden-Nederland",
            regio=Regio.objects.get(code="R-MN"),
            begin=dt.date(2026, 1, 1),
            deadline=dt.date(2029, 12, 31),
        )
        voorstel = pr.voorstel_aanvragen(cyclus=cyclus, door=door)
        voorstel.refresh_from_db()
        voorstel = pr.voorstel_bereken(voorstel=voorstel)  # no-op when the task already ran
        s = voorstel.uitkomst.get("statistiek", {})
        self.stdout.write(
            f"peer review: {cyclus}, voorstel {s.get('gevuld')}/{s.get('plaatsen')} plaatsen gevuld"
        )

    def _toon_accounts(self):
        self.stdout.write("")
        self.stdout.write(f"Demo-accounts (wachtwoord voor allemaal: {DEMO_WACHTWOORD})")
        gezien = set()
        for email, *_rest in ACCOUNTS:
            if email in gezien:
                continue
            gezien.add(email)
            rollen = ", ".join(
                f"{s}{' ' + c if c else ''}" for e, _n, s, c in ACCOUNTS if e == email
            )
            self.stdout.write(f"  {email:45} {rollen}")
        self.stdout.write(
            "Beheerder, kwartiermakers en bestuurder hebben tweestapsverificatie (TOTP). "
            f"Geheim voor uw authenticator-app: {DEMO_TOTP_GEHEIM}; of toon de huidige code met: "
            ".venv/bin/python manage.py demo_totp"
        )
