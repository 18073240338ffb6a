"""Benchmarks of the subsidie module on PostgreSQL (not run by the test suite).

Needs a database filled by `manage.py seed_landelijk`; bench/run.sh does everything
(throw-away PostgreSQL, seed, this script). Prints each figure, its target, and for the
count the naive baseline it replaces (the same rules as a Python loop over ORM objects).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regio_portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from partnerschappen.models import Lidmaatschap, Partnerschap, Regio  # noqa: E402
from regio_portal.core.schooljaar import schooljaar_begin, schooljaar_einde  # noqa: E402
from subsidie import selectors, services, telregels  # noqa: E402
from subsidie.models import Plaatsing, TellingSnapshot, Verantwoording  # noqa: E402

SCHOOLJAAR = 2025


def naief_tellen(plaatsingen: list[Plaatsing], regeling) -> tuple[int, int]:
    """The telregels as a plain loop over ORM objects: a query per placement for the
    membership, related objects through the ORM. Returns (studenten, zij-instromers)."""
    sj_begin, sj_einde = schooljaar_begin(SCHOOLJAAR), schooljaar_einde(SCHOOLJAAR)
    peil = regeling.peildatum(SCHOOLJAAR)
    geschikt = []
    for p in plaatsingen:
        einde = min(p.einddatum or sj_einde, sj_einde)
        begin = max(p.startdatum, sj_begin)
        dagen = (einde - begin).days + 1
        if p.opleidingstype not in regeling.getelde_typen or dagen <= 0:
            continue
        lid = (
            Lidmaatschap.objects.filter(
                partnerschap=p.partnerschap, vestiging=p.vestiging, startdatum__lte=einde
            )
            .exclude(einddatum__lt=begin)
            .exists()
        )
        if lid and dagen >= regeling.minimum_dagen:
            geschikt.append((p, dagen))
    # persons: union of student and person keys (simple repeated merging)
    groep_van: dict = {}
    groepen: dict = defaultdict(list)
    for p in plaatsingen:
        sleutels = [("s", p.student_sleutel)] + (
            [("p", p.persoon_sleutel)] if p.persoon_sleutel else []
        )
        bestaande = {groep_van[k] for k in sleutels if k in groep_van}
        doel = min(bestaande) if bestaande else p.pk
        for g in bestaande - {doel}:
            for k, v in list(groep_van.items()):
                if v == g:
                    groep_van[k] = doel
        for k in sleutels:
            groep_van[k] = doel
    for p, dagen in geschikt:
        groepen[groep_van[("s", p.student_sleutel)]].append((p, dagen))
    studenten = zij = 0
    for kandidaten in groepen.values():
        actief = [
            (p, d) for p, d in kandidaten if p.startdatum <= peil <= (p.einddatum or sj_einde)
        ]
        p, _ = min(
            actief or kandidaten,
            key=lambda x: (-x[1], x[0].startdatum, x[0].partnerschap.code, x[0].vestiging.code),
        )
        if p.opleidingstype == "zij_instroom":
            zij += 1
        else:
            studenten += 1
    return studenten, zij


def snel_tellen(invoer: dict, regeling) -> tuple[int, int]:
    telling = telregels.bereken_telling(
        schooljaar=SCHOOLJAAR, regeling=services.regeling_parameters(regeling, SCHOOLJAAR), **invoer
    )
    return telling.totaal["studenten"], telling.totaal["zij_instromers"]


def meet(functie, herhalingen=1):
    tijden = []
    uitkomst = None
    for _ in range(herhalingen):
        start = time.perf_counter()
        uitkomst = functie()
        tijden.append(time.perf_counter() - start)
    return min(tijden), statistics.median(tijden), uitkomst


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--naief", type=int, default=3000, help="placements for the naive baseline")
    parser.add_argument("--import-rijen", type=int, default=100_000)
    args = parser.parse_args()
    assert connection.vendor == "postgresql", "benchmarks draaien op PostgreSQL"
    aantal = Plaatsing.objects.filter(schooljaar=SCHOOLJAAR).count()
    assert aantal >= 150_000, "vul de database eerst met manage.py seed_landelijk"
    regeling = selectors.regeling_voor(SCHOOLJAAR)
    rijen = []

    # 1. The national count of one school year (query + rules + stored snapshot).
    def tel():
        TellingSnapshot.objects.filter(schooljaar=SCHOOLJAAR).update(actueel=False)
        return services.telling_bereken(schooljaar=SCHOOLJAAR)

    kortst, mediaan, snapshot = meet(tel, 3)
    rijen.append(
        ("landelijke telling, 1 schooljaar", f"{aantal} plaatsingen", kortst, mediaan, 3.0)
    )

    # 1b. Naive baseline on a subset, checked against the fast path on the same subset.
    ids = list(
        Plaatsing.objects.filter(schooljaar=SCHOOLJAAR)
        .order_by("pk")
        .values_list("pk", flat=True)[: args.naief]
    )
    objecten = list(
        Plaatsing.objects.filter(pk__in=ids).select_related("partnerschap", "vestiging")
    )
    t_naief, _, naief = meet(lambda: naief_tellen(objecten, regeling))
    # Both sides start from placements already read; the naive loop then asks the
    # database per placement, the rules work on the set-based input.
    invoer = selectors.telling_invoer(SCHOOLJAAR)
    wel = set(ids)
    invoer["plaatsingen"] = [p for p in invoer["plaatsingen"] if p.id in wel]
    t_snel, _, snel = meet(lambda: snel_tellen(invoer, regeling))
    assert naief == snel, f"naïef {naief} != snel {snel}"

    # 2. Importing a placements file of 100,000 rows with full validation (subprocess:
    # its own peak memory).
    with tempfile.TemporaryDirectory() as tmp:
        bestand = Path(tmp) / "plaatsingen.csv"
        Plaatsing.objects.filter(schooljaar=2026).delete()
        subprocess.run(
            [
                sys.executable,
                str(PROJECT / "bench" / "maak_plaatsingenbestand.py"),
                str(args.import_rijen),
                str(bestand),
            ],
            check=True,
        )
        start = time.perf_counter()
        # The import alone: with a Redis (BENCH_REDIS_URL; bench/run.sh starts one) the
        # recount it announces waits on the queue, no worker takes it, instead of running
        # eagerly inside the measured process; DEBUG off as in production.
        uit = subprocess.run(
            [sys.executable, str(PROJECT / "manage.py"), "importeer", "plaatsingen", str(bestand)],
            check=True,
            capture_output=True,
            text=True,
            env={
                **os.environ,
                "DEBUG": "false",
                "REDIS_URL": os.environ.get("BENCH_REDIS_URL", ""),
            },
        )
        if not os.environ.get("BENCH_REDIS_URL"):
            print("let op: zonder REDIS_URL telt de importtijd de hertelling mee (eager)")
        t_import = time.perf_counter() - start
        piek_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rijen.append(
        ("import plaatsingenbestand", f"{args.import_rijen} rijen", t_import, t_import, 60.0)
    )

    # 3. Reports: a region with 150 partnerships, and one partnership.
    regio = Regio.objects.get(code="R01")
    partnerschap = Partnerschap.objects.get(code="P001")
    for naam, kw, doel in (
        ("regio-pdf (150 partnerschappen)", {"regio": regio}, 20.0),
        ("partnerschap-pdf", {"partnerschap": partnerschap}, 3.0),
    ):

        def rapport(kw=kw):
            v = services.verantwoording_aanvragen(schooljaar=SCHOOLJAAR, door=None, **kw)
            services.verantwoording_maak(verantwoording=v)
            return v

        kortst, mediaan, v = meet(rapport, 2)
        from pypdf import PdfReader

        paginas = len(PdfReader(v.pdf.path).pages)
        rijen.append((naam, f"{paginas} pagina's", kortst, mediaan, doel))
        Verantwoording.objects.filter(schooljaar=SCHOOLJAAR, status="concept").delete()

    print(f"{'wat':38} {'omvang':>18} {'kortst':>9} {'mediaan':>9} {'doel':>7}")
    for naam, omvang, kortst, mediaan, doel in rijen:
        status = "ok" if mediaan <= doel else "TE TRAAG"
        print(f"{naam:38} {omvang:>18} {kortst:8.2f}s {mediaan:8.2f}s {doel:6.0f}s  {status}")
    print(f"import: piekgeheugen {piek_mb:.0f} MB (doel ≤ 600 MB); {uit.stdout.strip()}")
    print(
        f"naïeve telling (ORM-lus) op {len(ids)} plaatsingen: {t_naief:.2f}s, snel op dezelfde: "
        f"{t_snel:.2f}s, verhouding {t_naief / t_snel:.0f}x; naïef geëxtrapoleerd naar {aantal}: "
        f"{t_naief * aantal / len(ids):.0f}s (uitkomsten gelijk: {naief})"
    )
    print(f"telling totaal: {snapshot.resultaat['totaal']}")


if __name__ == "__main__":
    main()
