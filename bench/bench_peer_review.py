"""Benchmark of the panel solver on the national case: 150 partnerships in 50 regions,
all to be reviewed, 2 visitors each, at most 2 visits per partnership (every partnership
must then visit exactly twice), another region required, sector as preference, no shared
bestuur or instituut. Prints time, whether optimality was proven, and a greedy
baseline's filled slots. Pure Python + OR-Tools; no database.

    .venv/bin/python bench/bench_peer_review.py [--max-bezoeken 2] [--tijdslimiet 10]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from peer_review.indeling import gretig, lees_probleem, los_op  # noqa: E402


def landelijk_probleem(max_bezoeken: int, tijdslimiet: float) -> dict:
    """Shaped like seed_landelijk: partnership k lives in region k % 50, a quarter also in
    a second region; 1,000 besturen (each partnership has 6 of them, neighbours may
    share); 60 institutes, 2 per partnership."""
    rnd = random.Random(2026)
    partnerschappen = []
    for k in range(150):
        regios = {f"R{k % 50:02d}"}
        if k % 4 == 0:
            regios.add(f"R{(k + 7) % 50:02d}")
        besturen = {str(100_000 + (k * 6 + j) % 1000) for j in range(6)}
        if k % 10 == 0:
            besturen.add(str(100_000 + ((k + 3) * 6) % 1000))  # shares a bestuur with k+3
        partnerschappen.append(
            {
                "code": f"P{k + 1:03d}",
                "regios": sorted(regios),
                "besturen": sorted(besturen),
                "instituten": sorted({f"{i:02d}IN" for i in rnd.sample(range(60), 2)}),
                "sector": rnd.choice(["po", "po", "vo", "mbo", "sectoroverstijgend"]),
            }
        )
    eerdere = [[f"P{rnd.randint(1, 150):03d}", f"P{rnd.randint(1, 150):03d}"] for _ in range(60)]
    return {
        "partnerschappen": partnerschappen,
        "te_reviewen": [p["code"] for p in partnerschappen],
        "bezoekers_per_review": 2,
        "max_bezoeken": max_bezoeken,
        "andere_regio_verplicht": True,
        "sector": "voorkeur",
        "eerdere_paren": [p for p in eerdere if p[0] != p[1]],
        "tijdslimiet": tijdslimiet,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-bezoeken", type=int, default=2)
    parser.add_argument("--tijdslimiet", type=float, default=10.0)
    args = parser.parse_args()
    probleem = lees_probleem(landelijk_probleem(args.max_bezoeken, args.tijdslimiet))
    start = time.perf_counter()
    uitkomst = los_op(probleem)
    duur = time.perf_counter() - start
    s = uitkomst["statistiek"]
    t = time.perf_counter()
    basis = gretig(probleem)
    t_gretig = time.perf_counter() - t
    print(
        f"peer-review-indeling, 150 partnerschappen / 50 regio's / 2 bezoekers, max "
        f"{args.max_bezoeken} bezoeken: {duur:.2f} s (doel: bewezen optimaal in ≤ 5 s), "
        f"gevuld {s['gevuld']}/"
        f"{s['plaatsen']}, hoogste aantal bezoeken {s['hoogste_aantal_bezoeken']}, zelfde sector "
        f"{s['zelfde_sector']}, eerdere paren {s['eerdere_paren']}, optimaal bewezen: "
        f"{'ja' if s['optimaal_bewezen'] else 'nee'}"
    )
    print(f"gretige basislijn: gevuld {basis}/{s['plaatsen']} in {t_gretig:.3f} s")


if __name__ == "__main__":
    main()
