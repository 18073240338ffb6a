"""Benchmark: the region quality page (heatmap) for a region with 15 partnerships.

Runs against the `make run` demo database (or any with demo_data): adds partnerships
BENCH-01 … up to 15 in Onderwijsregio Midden-Nederland with a scored zelfevaluatie
(once), then renders /regios/R-MN/kwaliteit/ as the demo kwartiermaker 30 times.

    .venv/bin/python bench/bench_kwaliteit.py
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regio_portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from kwaliteit import services as kw  # noqa: E402
from partnerschappen.models import Lidmaatschap, Partnerschap, Regio, Vestiging  # noqa: E402
from regio_portal.core.models import Gebruiker  # noqa: E402
from regio_portal.core.services import Opdrachtregel  # noqa: E402


def main() -> None:
    settings.ALLOWED_HOSTS = ["*"]
    regio = Regio.objects.get(code="R-MN")
    vestigingen = list(Vestiging.objects.filter(regio=regio))
    bestaand = (
        Partnerschap.objects.filter(lidmaatschappen__vestiging__regio=regio).distinct().count()
    )
    door = Opdrachtregel()
    for i in range(1, max(0, 15 - bestaand) + 1):
        p, nieuw = Partnerschap.objects.get_or_create(
            code=f"BENCH-{i:02d}",
            defaults={"naam": f"Bench-partnerschap {i:02d}", "sector": "po", "status": "erkend"},
        )
        if nieuw:
            Lidmaatschap.objects.create(
                partnerschap=p,
                vestiging=vestigingen[i % len(vestigingen)],
                startdatum=dt.date(2020, 8, 1),
            )
            z = kw.zelfevaluatie_start(partnerschap=p, jaar=2025, door=door)
            kw.zelfevaluatie_opslaan(
                zelfevaluatie=z,
                revisie=0,
                door=door,
                antwoorden={
                    s.kenmerk_id: (str(1 + (s.kenmerk_id + i) % 4), "b", "") for s in z.scores.all()
                },
            )
    aantal = Partnerschap.objects.filter(lidmaatschappen__vestiging__regio=regio).distinct().count()
    client = Client()
    client.force_login(Gebruiker.objects.get(email="kwartiermaker.mn@demo.regioportal.nl"))
    url = "/regios/R-MN/kwaliteit/?jaar=2025"
    client.get(url)  # warm-up
    tijden = []
    for _ in range(30):
        start = time.perf_counter()
        antwoord = client.get(url)
        tijden.append((time.perf_counter() - start) * 1000)
        assert antwoord.status_code == 200
    with CaptureQueriesContext(connection) as q:
        client.get(url)
    print(
        f"kwaliteit regio-heatmap, {aantal} partnerschappen ({connection.vendor}): mediaan "
        f"{statistics.median(tijden):.0f} ms, p90 {sorted(tijden)[26]:.0f} ms, {len(q)} queries "
        f"(doel < 200 ms)"
    )


if __name__ == "__main__":
    main()
