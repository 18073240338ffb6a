"""Benchmark: how fast an xlsx zip bomb is refused (target: under a second).

Builds "xlsx" files whose sheet inflates to 150 MB and 1 GB of zeros, runs them through
the import's reader (the same code as the upload page and `manage.py importeer`) and
times the refusal, 5 runs each.

    .venv/bin/python bench/bench_zipbom.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regio_portal.settings.dev")

import django  # noqa: E402

django.setup()

from regio_portal.core.importeren import BestandFout, _lees_xlsx  # noqa: E402
from tests.core.test_uploads import zip_bom  # noqa: E402  (the same bomb as the test)

for mb in (150, 1024):
    inhoud = zip_bom(mb)
    tijden = []
    for _ in range(5):
        begin = time.perf_counter()
        try:
            _lees_xlsx(inhoud)
        except BestandFout as fout:
            melding = str(fout)
        else:
            raise SystemExit("zip bomb was NOT refused")
        tijden.append(time.perf_counter() - begin)
    print(
        f"{mb} MB inflated, {len(inhoud) // 1024} kB on disk: refused in "
        f"median {statistics.median(tijden) * 1000:.2f} ms, worst {max(tijden) * 1000:.2f} ms "
        f"({melding})"
    )
