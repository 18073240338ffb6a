"""The demo data of subsidie: placements for three school years (through the placements
import), their counts, last year's adopted report of Domstad PO, institutes' own figures
for the reconciliation and last year's open figures. Idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model

from partnerschappen.models import Instituut, Partnerschap, Regio
from regio_portal.core.importeren import importeer

from .models import InstituutOpgave, OpenCijfersVrijgave, Plaatsing, Verantwoording
from .services import (
    instituut_opgave_opslaan,
    open_cijfers_vrijgeven,
    telling_bereken,
    verantwoording_aanvragen,
    verantwoording_maak,
    verantwoording_vaststellen,
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


def laden(*, door, uit) -> None:
    """Placements for three school years through the plaatsingen import, then the
    counts. Deterministic (fixed seed), so a second run changes nothing."""
    for jaar in (2023, 2024, 2025):
        resultaat = importeer(
            soort="plaatsingen", inhoud=demo_plaatsingen_csv(jaar), door=door, dry_run=False
        )
        if resultaat.fouten:
            raise RuntimeError(f"demo plaatsingen {jaar}: {resultaat.fouten[:5]}")
        uit(f"plaatsingen {jaar}-{jaar + 1}: {resultaat.samenvatting()}")
    for jaar in (2023, 2024, 2025):
        telling_bereken(schooljaar=jaar)
    _verantwoording(uit)
    _afstemming_en_open_cijfers(door, uit)


# Institutes' own figures for the reconciliation page: one matches what it delivered,
# one states more (placements it did not deliver), one fewer.
DEMO_OPGAVEN = (("21PB", "P-DPO", 2), ("21PM", "P-EVO", -1), ("25BA", "P-HOF", 0))


def _afstemming_en_open_cijfers(door, uit) -> None:
    """Figures of three institutes for 2025-2026 beside what they delivered (through
    the service the API and the upload use), and 2024-2025 released for the open
    figures in every region (once)."""
    for code, partnerschap_code, meer in DEMO_OPGAVEN:
        instituut = Instituut.objects.get(code=code)
        partnerschap = Partnerschap.objects.get(code=partnerschap_code)
        if InstituutOpgave.objects.filter(
            instituut=instituut, partnerschap=partnerschap, schooljaar=2025
        ).exists():
            continue
        geleverd = Plaatsing.objects.filter(
            schooljaar=2025, partnerschap=partnerschap, instituut=instituut
        ).count()
        instituut_opgave_opslaan(
            instituut=instituut,
            partnerschap=partnerschap,
            schooljaar=2025,
            aantal=max(geleverd + meer, 0),
            bron=InstituutOpgave.Bron.UPLOAD,
            door=door,
        )
        uit(f"opgave {code} bij {partnerschap_code} 2025-2026: {max(geleverd + meer, 0)}")
    if not OpenCijfersVrijgave.objects.filter(schooljaar=2024).exists():
        for regio in Regio.objects.order_by("code"):
            open_cijfers_vrijgeven(regio=regio, schooljaar=2024, door=door)
        uit("open cijfers 2024-2025: vrijgegeven voor alle regio's")


def _verantwoording(uit) -> None:
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
    uit("verantwoording P-DPO 2024-2025: vastgesteld (versie 1)")
