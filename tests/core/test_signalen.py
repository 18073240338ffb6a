"""The domain signal's pieces: which school years a change touches (Bereik), bundling
in imports, and how a stale count says what changed."""

from __future__ import annotations

import datetime as dt

import pytest

from regio_portal.core.signalen import Bereik, gebundeld, telinvoer_gewijzigd, telinvoer_melden

D = dt.date


@pytest.mark.parametrize(
    ("oud", "nieuw", "perioden"),
    [
        (None, (D(2020, 8, 1), None), ((D(2020, 8, 1), None),)),
        ((D(2020, 8, 1), None), None, ((D(2020, 8, 1), None),)),
        ((D(2020, 8, 1), None), (D(2020, 8, 1), None), ()),
        # The reproduction of issue 11: an open membership ends on 31-07-2025.
        ((D(2020, 8, 1), None), (D(2020, 8, 1), D(2025, 7, 31)), ((D(2025, 8, 1), None),)),
        (
            (D(2020, 8, 1), D(2025, 12, 31)),
            (D(2020, 8, 1), D(2026, 3, 31)),
            ((D(2026, 1, 1), D(2026, 3, 31)),),
        ),
        ((D(2020, 8, 1), None), (D(2021, 8, 1), None), ((D(2020, 8, 1), D(2021, 7, 31)),)),
        # No overlap: both periods whole.
        (
            (D(2018, 8, 1), D(2019, 7, 31)),
            (D(2024, 8, 1), None),
            ((D(2018, 8, 1), D(2019, 7, 31)), (D(2024, 8, 1), None)),
        ),
    ],
)
def test_periode_verschil_is_the_symmetric_difference(oud, nieuw, perioden):
    assert Bereik.periode_verschil(oud, nieuw).perioden == perioden


def test_raakt_school_years_by_name_period_or_all():
    einde_2025 = Bereik.periode_verschil((D(2020, 8, 1), None), (D(2020, 8, 1), D(2025, 7, 31)))
    assert [j for j in range(2022, 2028) if einde_2025.raakt(j)] == [2025, 2026, 2027]
    winter = Bereik(perioden=((D(2026, 1, 1), D(2026, 3, 31)),))
    assert [j for j in range(2022, 2028) if winter.raakt(j)] == [2025]
    assert [j for j in range(2022, 2028) if Bereik(schooljaren=frozenset({2023})).raakt(j)] == [
        2023
    ]
    assert all(Bereik.overal().raakt(j) for j in range(2000, 2040))
    assert not Bereik() and not Bereik().raakt(2025)
    samen = Bereik(schooljaren=frozenset({2023})) | winter
    assert (samen.schooljaren, samen.perioden, samen.alle) == (
        frozenset({2023}),
        winter.perioden,
        False,
    )


@pytest.fixture
def ontvangen(db):
    gezien = []

    def ontvanger(sender, *, soort, bereik, aantal, **kwargs):
        gezien.append((soort, bereik, aantal))

    telinvoer_gewijzigd.connect(ontvanger, dispatch_uid="test_signalen")
    yield gezien
    telinvoer_gewijzigd.disconnect(dispatch_uid="test_signalen")


def test_bundled_announcements_go_out_once_per_kind_merged(ontvangen):
    a = Bereik(schooljaren=frozenset({2024}))
    b = Bereik(schooljaren=frozenset({2025}))
    with gebundeld():
        telinvoer_melden(soort="lidmaatschap", bereik=a)
        telinvoer_melden(soort="lidmaatschap", bereik=b, aantal=2)
        telinvoer_melden(soort="vestiging", bereik=Bereik.overal())
        telinvoer_melden(soort="lidmaatschap", bereik=Bereik())  # touches nothing
        assert ontvangen == []
    assert ontvangen == [
        ("lidmaatschap", Bereik(schooljaren=frozenset({2024, 2025})), 3),
        ("vestiging", Bereik.overal(), 1),
    ]


def test_nothing_is_announced_when_the_writer_fails_or_clears(ontvangen):
    with pytest.raises(RuntimeError), gebundeld():
        telinvoer_melden(soort="plaatsing", bereik=Bereik.overal())
        raise RuntimeError("rollback")
    with gebundeld() as aankondigingen:
        telinvoer_melden(soort="plaatsing", bereik=Bereik.overal())
        aankondigingen.clear()  # a dry run
    assert ontvangen == []
    with pytest.raises(ValueError, match="onbekende soort wijziging: bestuur"):
        telinvoer_melden(soort="bestuur", bereik=Bereik.overal())


def test_stale_count_says_what_changed_since_when(db):
    from django.utils import timezone

    from subsidie.models import TellingSnapshot
    from subsidie.selectors import wijzigingen_tekst

    op = timezone.make_aware(dt.datetime(2026, 11, 14, 10, 2))
    snapshot = TellingSnapshot(
        berekend_op=op, wijzigingen={"lidmaatschap": 2, "plaatsing": 1, "regio": 1}
    )
    assert wijzigingen_tekst(snapshot) == (
        "1 plaatsing gewijzigd, 2 lidmaatschappen gewijzigd, 1 regio gewijzigd "
        "sinds de telling van 14-11-2026 10:02"
    )
    snapshot.wijzigingen = {}
    assert wijzigingen_tekst(snapshot) == (
        "opnieuw tellen is aangevraagd na de telling van 14-11-2026 10:02"
    )
