"""Small-cell suppression for the open figures (docs/open_cijfers.md).

A table of counts (rows × columns) is published with its row totals, column totals and
grand total: a grid of (R+1) × (C+1) cells in which every row and every column is an
equation (its cells add up to its total). Primary suppression hides every cell from 1 up
to the threshold, margins included (0 is shown; see below). Secondary suppression then
hides more cells until no hidden cell can be computed back from what is shown.

Why that is exact: each grid cell lies on exactly one row line and one column line, so
the hidden cells are the edges of a bipartite graph on the lines, and the equations with
the shown values moved to the right-hand side are flow conservation on that graph. A
hidden cell is determined by the shown values exactly when its edge is on no cycle: when
it is a bridge. (A line with one hidden cell is the simplest case: its edge hangs from a
node of degree one.) So: while the hidden cells have a bridge, hide the smallest shown
cell that closes a cycle through it. The result has no bridge, so no hidden cell is
determined; in particular each line with a hidden cell has at least two (its total
counting as one). The test checks this against a rank computation of the equations.
"""

from __future__ import annotations

from collections import defaultdict

Cel = tuple[int, int]  # (row, column) in the grid; row R is the totals row, column C totals


def raster(tabel: list[list[int]]) -> list[list[int]]:
    """The table with its margins: row totals as the last column, column totals as the
    last row, the grand total in the corner."""
    rijen = [[*rij, sum(rij)] for rij in tabel]
    breedte = len(tabel[0]) if tabel else 0
    totalen = [sum(rij[j] for rij in rijen) for j in range(breedte + 1)]
    return [*rijen, totalen]


def _knopen(cel: Cel) -> tuple[str, str]:
    return (f"r{cel[0]}", f"k{cel[1]}")


def _brug(verborgen: set[Cel]) -> tuple[Cel, set[str], set[str]] | None:
    """A hidden cell whose edge is a bridge, with the nodes on its row's side and on its
    column's side once the edge is removed; None when there is none. Tarjan's bridge
    search (iterative)."""
    buren: dict[str, list[tuple[str, Cel]]] = defaultdict(list)
    for cel in sorted(verborgen):
        a, b = _knopen(cel)
        buren[a].append((b, cel))
        buren[b].append((a, cel))
    orde: dict[str, int] = {}
    laag: dict[str, int] = {}
    teller = 0
    for begin in sorted(buren):
        if begin in orde:
            continue
        orde[begin] = laag[begin] = teller
        teller += 1
        stapel = [(begin, None, iter(buren[begin]))]
        while stapel:
            knoop, via, rest = stapel[-1]
            stap = next(rest, None)
            if stap is None:
                stapel.pop()
                if stapel:
                    ouder = stapel[-1][0]
                    laag[ouder] = min(laag[ouder], laag[knoop])
                    if laag[knoop] > orde[ouder]:
                        a, b = _knopen(via)
                        return via, _bereikbaar(buren, a, via), _bereikbaar(buren, b, via)
                continue
            buur, cel = stap
            if cel == via:
                continue
            if buur in orde:
                laag[knoop] = min(laag[knoop], orde[buur])
            else:
                orde[buur] = laag[buur] = teller
                teller += 1
                stapel.append((buur, cel, iter(buren[buur])))
    return None


def _bereikbaar(buren, begin: str, zonder: Cel) -> set[str]:
    gezien = {begin}
    rand = [begin]
    while rand:
        knoop = rand.pop()
        for buur, cel in buren[knoop]:
            if cel != zonder and buur not in gezien:
                gezien.add(buur)
                rand.append(buur)
    return gezien


def onderdrukken(tabel: list[list[int]], drempel: int) -> tuple[list[list[int]], set[Cel]]:
    """The grid of `tabel` (see `raster`) and the set of its cells not to publish: every
    cell from 1 to under `drempel` (primary) and what it takes so that none of them can
    be computed from the published cells (secondary)."""
    grid = raster(tabel)
    if not tabel or not tabel[0]:
        return grid, set()
    hoogte, breedte = len(grid), len(grid[0])
    alle = [(i, j) for i in range(hoogte) for j in range(breedte)]
    # 0 is shown: it names nobody, and hiding it protects nothing (a line whose hidden
    # cells add up to 0 gives each of them away, as counts are never negative).
    verborgen = {c for c in alle if 0 < grid[c[0]][c[1]] < drempel}
    while (gevonden := _brug(verborgen)) is not None:
        brug, kant_a, kant_b = gevonden
        a, b = _knopen(brug)
        zichtbaar = [c for c in alle if c not in verborgen]
        # A shown cell joining the bridge's two sides closes a cycle through it.
        sluitend = [
            c
            for c in zichtbaar
            if (_knopen(c)[0] in kant_a and _knopen(c)[1] in kant_b)
            or (_knopen(c)[0] in kant_b and _knopen(c)[1] in kant_a)
        ]
        # Else (the bridge is a hidden cell alone on both its lines): one on its lines.
        kandidaten = sluitend or [c for c in zichtbaar if a in _knopen(c) or b in _knopen(c)]
        # The smallest, but not 0: beside a hidden 0 a small cell would be bounded by
        # its line's remainder alone.
        verborgen.add(min(kandidaten, key=lambda c: (grid[c[0]][c[1]] == 0, grid[c[0]][c[1]], c)))
    return grid, verborgen
