"""python manage.py seed_landelijk [--plaatsingen 150000] [--schooljaren 2022 2023 2024 2025]

A national-scale data set for benchmarks (never for production): 50 regions, 150
partnerships, 10,000 vestigingen, 1,000 besturen, 60 institutes and, per school year,
150,000 placements of which about 25% belong to persons with more than one placement
(some across partnerships and regions). Deterministic (fixed seed). Refuses to run on a
database that already holds placements unless --opnieuw.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from partnerschappen.models import (
    Bestuur,
    Gemeente,
    Instituut,
    Lidmaatschap,
    Partnerschap,
    Regio,
    Vestiging,
)
from subsidie.models import Plaatsing, TellingBesluit, TellingSnapshot, Verantwoording
from subsidie.pseudoniem import persoon_sleutel, student_sleutel

TYPEN = (
    ["pabo"] * 8
    + ["tweedegraads"] * 5
    + ["eerstegraads", "alo", "ulo", "ulo"]
    + ["zij_instroom"] * 2
    + ["overig"]
)
REGIOS, BESTUREN, VESTIGINGEN, INSTITUTEN, PARTNERSCHAPPEN = 50, 1000, 10_000, 60, 150


def vestigingscode(i: int) -> str:
    brin = i // 4
    return f"{brin % 100:02d}{chr(65 + brin // 100)}{chr(65 + (brin // 2600) % 26)}{i % 4:02d}"


def bsn(n: int) -> str:
    """A valid BSN (elfproef) derived from n."""
    basis = f"{(n * 7919) % 10**8:08d}"
    som = sum(g * int(c) for g, c in zip(range(9, 1, -1), basis, strict=True))
    for laatste in range(10):
        if (som - laatste) % 11 == 0:
            return basis + str(laatste)
    return bsn(n + 100_003)


class Command(BaseCommand):
    help = "Genereer een landelijke dataset voor benchmarks (niet voor productie)."

    def add_arguments(self, parser):
        parser.add_argument("--plaatsingen", type=int, default=150_000, help="per schooljaar")
        parser.add_argument("--schooljaren", type=int, nargs="+", default=[2022, 2023, 2024, 2025])
        parser.add_argument("--opnieuw", action="store_true", help="verwijder eerst alle gegevens")

    def handle(self, *args, plaatsingen, schooljaren, opnieuw, **options):
        if Plaatsing.objects.exists() or Vestiging.objects.exists():
            if not opnieuw:
                raise CommandError(
                    "De database bevat al gegevens; gebruik --opnieuw om ze te vervangen."
                )
            self._leeg()
        rnd = random.Random(2026)
        start = time.monotonic()
        with transaction.atomic():
            regios, besturen, vestigingen, instituten, partnerschappen = self._organisaties(rnd)
            leden = self._lidmaatschappen(rnd, regios, vestigingen, instituten, partnerschappen)
        self.stdout.write(f"organisaties: {time.monotonic() - start:.1f} s")
        for jaar in schooljaren:
            t = time.monotonic()
            with transaction.atomic():
                aantal = self._plaatsingen(rnd, jaar, plaatsingen, leden, vestigingen, instituten)
            self.stdout.write(
                f"plaatsingen {jaar}-{jaar + 1}: {aantal} in {time.monotonic() - t:.1f} s"
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE") if connection.vendor == "postgresql" else None
        self.stdout.write(f"klaar in {time.monotonic() - start:.1f} s")

    def _leeg(self):
        for model in (Verantwoording, TellingBesluit, TellingSnapshot, Plaatsing, Lidmaatschap):
            model.objects.all()._raw_delete(model.objects.db)
        for model in (Vestiging, Gemeente, Bestuur, Instituut, Partnerschap, Regio):
            model.objects.all()._raw_delete(model.objects.db)

    def _organisaties(self, rnd):
        regios = Regio.objects.bulk_create(
            Regio(code=f"R{n:02d}", naam=f"Onderwijsregio {n:02d}") for n in range(1, REGIOS + 1)
        )
        Gemeente.objects.bulk_create(
            Gemeente(nummer=f"{1000 + i:04d}", naam=f"Gemeente {i}", regio=regios[i % REGIOS])
            for i in range(REGIOS * 7)
        )
        besturen = Bestuur.objects.bulk_create(
            Bestuur(nummer=str(100001 + i), naam=f"Stichting Onderwijs {i:04d}")
            for i in range(BESTUREN)
        )
        vestigingen = Vestiging.objects.bulk_create(
            (
                Vestiging(
                    code=vestigingscode(i),
                    naam=f"School {i:05d}",
                    bestuur=besturen[i // 10],
                    gemeente=f"{1000 + (i % (REGIOS * 7)):04d}",
                    sector=rnd.choice(["po", "po", "vo", "mbo"]),
                    regio=regios[i % REGIOS],
                )
                for i in range(VESTIGINGEN)
            ),
            batch_size=5000,
        )
        instituten = Instituut.objects.bulk_create(
            Instituut(code=f"{n:02d}IN", naam=f"Lerarenopleiding {n:02d}")
            for n in range(INSTITUTEN)
        )
        partnerschappen = Partnerschap.objects.bulk_create(
            Partnerschap(
                code=f"P{n:03d}",
                naam=f"Opleidingsschool {n:03d}",
                sector=rnd.choice(["po", "vo", "mbo", "sectoroverstijgend"]),
                status="aspirant" if n % 10 == 0 else "erkend",
            )
            for n in range(1, PARTNERSCHAPPEN + 1)
        )
        return regios, besturen, vestigingen, instituten, partnerschappen

    def _lidmaatschappen(self, rnd, regios, vestigingen, instituten, partnerschappen):
        per_regio: dict[int, list] = {}
        for v in vestigingen:
            per_regio.setdefault(v.regio_id, []).append(v)
        rijen, leden = [], {}
        start = dt.date(2018, 8, 1)
        for k, p in enumerate(partnerschappen):
            hoofd = regios[k % REGIOS]
            kandidaten = per_regio[hoofd.pk][50:]
            eigen = rnd.sample(kandidaten, 55)
            # Every partnership has a vestiging in region 1 (a region report with 150
            # partnerships) and some a second region.
            eigen.append(per_regio[regios[0].pk][k])
            if k % 4 == 0:
                eigen += rnd.sample(per_regio[regios[(k + 7) % REGIOS].pk][50:], 5)
            eigen = list({v.pk: v for v in eigen}.values())
            leden[p.pk] = (p, eigen, rnd.sample(instituten, 2))
            for v in eigen:
                rijen.append(Lidmaatschap(partnerschap=p, vestiging=v, startdatum=start))
            for i in leden[p.pk][2]:
                rijen.append(Lidmaatschap(partnerschap=p, instituut=i, startdatum=start))
        Lidmaatschap.objects.bulk_create(rijen, batch_size=5000)
        return leden

    def _plaatsingen(self, rnd, jaar, aantal, leden, vestigingen, instituten) -> int:
        begin, einde = dt.date(jaar, 8, 1), dt.date(jaar + 1, 7, 31)
        partnerschappen = list(leden.values())
        rijen = []
        persoon = 0
        while len(rijen) < aantal:
            persoon += 1
            p, eigen, insts = rnd.choice(partnerschappen)
            inst = rnd.choice(insts)
            nummer = f"{jaar % 100}{persoon:07d}"
            pn = bsn(jaar * 1_000_000 + persoon) if persoon % 10 == 0 else ""
            soort = rnd.choice(TYPEN)
            start = begin + dt.timedelta(days=rnd.randint(0, 90))
            stop = min(einde, start + dt.timedelta(days=rnd.randint(30, 300)))
            vestiging = rnd.choice(eigen) if persoon % 100 else rnd.choice(vestigingen)
            rijen.append((jaar, p, vestiging, inst, nummer, pn, soort, start, stop))
            if persoon % 4 == 0 and len(rijen) < aantal:  # about 25% of persons: a second placement
                keuze = persoon % 16
                if keuze < 8:  # school switch within the partnership
                    p2, eigen2, inst2 = p, eigen, inst
                else:  # another partnership (often another region)
                    p2, eigen2, insts2 = rnd.choice(partnerschappen)
                    inst2 = inst if keuze < 14 else rnd.choice(insts2)
                start2 = min(einde, stop + dt.timedelta(days=1))
                stop2 = min(einde, start2 + dt.timedelta(days=rnd.randint(20, 200)))
                # A switch of institute is linked only through the persoonsnummer.
                nummer2 = nummer if inst2 == inst else f"{jaar % 100}{persoon:07d}b"
                pn2 = pn or (bsn(jaar * 1_000_000 + persoon) if inst2 != inst else "")
                if inst2 != inst:
                    rijen[-1] = rijen[-1][:5] + (pn2,) + rijen[-1][6:]
                rijen.append(
                    (jaar, p2, rnd.choice(eigen2), inst2, nummer2, pn2, soort, start2, stop2)
                )
        objecten = (
            Plaatsing(
                schooljaar=j,
                partnerschap=p,
                vestiging=v,
                instituut=i,
                studentnummer=n,
                student_sleutel=student_sleutel(i.code, n),
                persoon_sleutel=persoon_sleutel(pn),
                naam="",
                opleidingstype=t,
                startdatum=s,
                einddatum=e,
            )
            for j, p, v, i, n, pn, t, s, e in rijen
        )
        Plaatsing.objects.bulk_create(objecten, batch_size=10_000, ignore_conflicts=True)
        return len(rijen)
