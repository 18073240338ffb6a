"""Small-cell suppression: no suppressed cell can be derived from the published cells
and margins (issue 15), checked independently of the algorithm's own reasoning."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import example, given, settings
from hypothesis import strategies as st

from subsidie.onderdrukking import onderdrukken, raster


def _vergelijkingen(hoogte: int, breedte: int) -> list[dict]:
    """Each line of the grid as {cell: coefficient}: its cells minus its total is 0."""
    uit = []
    for i in range(hoogte):
        rij = {(i, j): Fraction(1) for j in range(breedte - 1)}
        rij[(i, breedte - 1)] = Fraction(-1)
        uit.append(rij)
    for j in range(breedte):
        kolom = {(i, j): Fraction(1) for i in range(hoogte - 1)}
        kolom[(hoogte - 1, j)] = Fraction(-1)
        uit.append(kolom)
    return uit


def _rang(rijen: list[list[Fraction]]) -> int:
    rijen = [r[:] for r in rijen]
    rang = 0
    for kolom in range(len(rijen[0]) if rijen else 0):
        spil = next((r for r in range(rang, len(rijen)) if rijen[r][kolom] != 0), None)
        if spil is None:
            continue
        rijen[rang], rijen[spil] = rijen[spil], rijen[rang]
        for r in range(len(rijen)):
            if r != rang and rijen[r][kolom] != 0:
                factor = rijen[r][kolom] / rijen[rang][kolom]
                rijen[r] = [x - factor * y for x, y in zip(rijen[r], rijen[rang], strict=True)]
        rang += 1
    return rang


def afleidbaar(grid, verborgen) -> set:
    """The hidden cells whose value follows from the equations given the shown cells: a
    cell is determined exactly when its unit vector lies in the row space of the
    equations restricted to the hidden cells (linear algebra, independent of graphs)."""
    onbekend = sorted(verborgen)
    if not onbekend:
        return set()
    matrix = [
        [v.get(c, Fraction(0)) for c in onbekend] for v in _vergelijkingen(len(grid), len(grid[0]))
    ]
    basis = _rang(matrix)
    uit = set()
    for index, cel in enumerate(onbekend):
        eenheid = [Fraction(1 if k == index else 0) for k in range(len(onbekend))]
        if _rang([*matrix, eenheid]) == basis:
            uit.add(cel)
    return uit


tabellen = st.integers(1, 5).flatmap(
    lambda r: st.integers(1, 4).flatmap(
        lambda k: st.lists(
            st.lists(st.integers(0, 40), min_size=k, max_size=k), min_size=r, max_size=r
        )
    )
)


@settings(max_examples=300, deadline=None)
@given(tabellen, st.sampled_from([1, 5, 10]))
@example([[3, 20], [25, 30]], 10)
@example([[12, 30], [25, 40], [11, 50]], 10)
@example([[4]], 10)
def test_no_suppressed_cell_can_be_derived_from_what_is_published(tabel, drempel):
    grid, verborgen = onderdrukken(tabel, drempel)
    assert grid == raster(tabel)
    # Primary: every cell from 1 to under the threshold, margins included, is suppressed.
    for i, rij in enumerate(grid):
        for j, waarde in enumerate(rij):
            if 0 < waarde < drempel:
                assert (i, j) in verborgen
    # The condition: a row or column with a suppressed cell has at least two, or
    # its total is suppressed too.
    hoogte, breedte = len(grid), len(grid[0])
    lijnen = [[(i, j) for j in range(breedte)] for i in range(hoogte)] + [
        [(i, j) for i in range(hoogte)] for j in range(breedte)
    ]
    for lijn in lijnen:
        cellen, totaal = lijn[:-1], lijn[-1]
        n = sum(c in verborgen for c in cellen)
        assert n == 0 or n >= 2 or totaal in verborgen
    # And the full claim, by linear algebra: nothing suppressed is determined.
    assert afleidbaar(grid, verborgen) == set()


def test_a_worked_example():
    # Regions × sectors (po, vo, mbo): 3 under 10 in row 0 forces a second cell in row 0
    # and in column 0; the smallest shown ones are chosen.
    grid, verborgen = onderdrukken([[3, 20, 40], [25, 30, 12], [50, 60, 70]], 10)
    assert grid[0] == [3, 20, 40, 63]
    assert sorted(verborgen) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert afleidbaar(grid, verborgen) == set()


def test_zero_is_shown_and_never_chosen_to_protect_a_cell_when_another_would_do():
    # Row 0: 3 is hidden; its partner is 20 (not the 0 beside it), and column 0 and 1
    # close the rectangle with row 1 (25, 30), not with the zeros of row 2.
    grid, verborgen = onderdrukken([[3, 0, 20], [25, 30, 40], [0, 0, 50]], 10)
    assert grid[3] == [28, 30, 110, 168]
    assert all(grid[i][j] != 0 for i, j in verborgen)
    assert (0, 1) not in verborgen and (2, 0) not in verborgen
    assert afleidbaar(grid, verborgen) == set()


def test_nothing_under_the_threshold_publishes_everything():
    grid, verborgen = onderdrukken([[10, 20], [30, 40]], 10)
    assert verborgen == set()
    assert grid == [[10, 20, 30], [30, 40, 70], [40, 60, 100]]


def test_the_check_itself_finds_derivable_cells():
    """Without secondary suppression the lone small cell follows from its row total,
    and a bridge between two hidden rectangles is found too: the check can fail."""
    grid = raster([[3, 20], [25, 30]])
    assert afleidbaar(grid, {(0, 0)}) == {(0, 0)}
    # Two hidden 2×2 rectangles joined by one hidden cell (1, 2): all but the joint
    # cell stay unknown, the joint cell is determined.
    grid = raster([[11, 12, 13, 14], [15, 16, 17, 18], [19, 20, 21, 22], [23, 24, 25, 26]])
    verborgen = {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (1, 2)}
    assert afleidbaar(grid, verborgen) == {(1, 2)}
