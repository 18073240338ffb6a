"""Domain signals: how a write in one app reaches what another app derives from it.

The owning app's service does the write and then announces it here; the deriving app
subscribes in its own `receivers.py`, connected from its AppConfig.ready(). Core defines
the signals and names no app.

`telinvoer_gewijzigd(soort, bereik, aantal, plaatsingen)`: an input of the telling
changed: placements, memberships, the region or sector of a vestiging, the set of
partnerships, regions or institutes, or a Regeling. `soort` says what (one of SOORTEN),
`aantal` how many rows, `bereik` which school years it can touch, and `plaatsingen` (soort
"plaatsing" only) the ids of the placements written, added or deleted when the writer
knows them exactly, else None. Sent inside the writer's transaction, so that whatever the
receivers write commits or rolls back with it. subsidie/receivers.py marks exactly the
affected counts `verouderd`, notes what changed (with the placement ids a recount of only
the persons concerned needs), and queues their recount after commit.

`rollen_gewijzigd(gebruiker)`: a person's roles changed; partnerschappen/receivers.py
derives the object permissions (guardian) from them.

Imports and other batch writes wrap their work in `gebundeld()`: the announcements of
all rows then go out once per soort, merged, at the end.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.dispatch import Signal

from .schooljaar import schooljaar_begin, schooljaar_einde

telinvoer_gewijzigd = Signal()
rollen_gewijzigd = Signal()

# What can change the count's input (the key of TellingSnapshot.wijzigingen).
SOORTEN = (
    "plaatsing",
    "lidmaatschap",
    "vestiging",
    "partnerschap",
    "regio",
    "instituut",
    "regeling",
)

Periode = tuple[dt.date, dt.date | None]  # None: open end


@dataclass(frozen=True)
class Bereik:
    """Which school years a change can touch: named ones, those overlapping a period, or
    all of them."""

    schooljaren: frozenset[int] = frozenset()
    perioden: tuple[Periode, ...] = ()
    alle: bool = False

    @classmethod
    def overal(cls) -> Bereik:
        return cls(alle=True)

    @classmethod
    def periode_verschil(cls, oud: Periode | None, nieuw: Periode | None) -> Bereik:
        """The days on which membership changed when period `oud` became `nieuw` (either
        may be None: added or removed): their symmetric difference."""
        if oud == nieuw:
            return cls()
        if oud is None or nieuw is None:
            return cls(perioden=(oud or nieuw,))
        (s1, e1), (s2, e2) = oud, nieuw
        hoog = dt.date.max
        if max(s1, s2) > min(e1 or hoog, e2 or hoog):
            return cls(perioden=(oud, nieuw))  # no overlap: both whole
        perioden: list[Periode] = []
        if s1 != s2:
            perioden.append((min(s1, s2), max(s1, s2) - dt.timedelta(days=1)))
        if e1 != e2:
            vroeg = min(e1 or hoog, e2 or hoog)
            laat = None if e1 is None or e2 is None else max(e1, e2)
            perioden.append((vroeg + dt.timedelta(days=1), laat))
        return cls(perioden=tuple(perioden))

    def __or__(self, ander: Bereik) -> Bereik:
        return Bereik(
            schooljaren=self.schooljaren | ander.schooljaren,
            perioden=tuple(dict.fromkeys(self.perioden + ander.perioden)),
            alle=self.alle or ander.alle,
        )

    def __bool__(self) -> bool:
        return bool(self.alle or self.schooljaren or self.perioden)

    def raakt(self, schooljaar: int) -> bool:
        """True when the school year is touched by name, by period or by `alle`."""
        if self.alle or schooljaar in self.schooljaren:
            return True
        begin, einde = schooljaar_begin(schooljaar), schooljaar_einde(schooljaar)
        return any(s <= einde and (e is None or e >= begin) for s, e in self.perioden)


_bundel: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "telinvoer_bundel", default=None
)


def telinvoer_melden(
    *,
    soort: str,
    bereik: Bereik,
    aantal: int = 1,
    plaatsingen: frozenset[int] | None = None,
    sender=None,
) -> None:
    """Announce a change of the count's input (see the module docstring). Inside
    `gebundeld()` it is collected and sent once at the end; the placement ids of the
    announcements merge, and one announcement without them makes the merged one
    without them (None: not known exactly)."""
    if soort not in SOORTEN:
        raise ValueError(f"onbekende soort wijziging: {soort}")
    if not bereik:
        return
    if soort != "plaatsing":
        plaatsingen = None
    bundel = _bundel.get()
    if bundel is not None:
        if soort in bundel:
            oud_bereik, oud_aantal, oud_ids = bundel[soort]
            ids = None if oud_ids is None or plaatsingen is None else oud_ids | plaatsingen
            bundel[soort] = (oud_bereik | bereik, oud_aantal + aantal, ids)
        else:
            bundel[soort] = (bereik, aantal, plaatsingen)
        return
    telinvoer_gewijzigd.send(
        sender=sender or Bereik, soort=soort, bereik=bereik, aantal=aantal, plaatsingen=plaatsingen
    )


@contextmanager
def gebundeld() -> Iterator[dict]:
    """Collect the announcements made inside, and send them once per soort on a normal
    exit (on an exception nothing is sent: the writer's transaction rolls back). The
    collection is yielded: a writer that will roll back (a dry run) clears it."""
    if (buiten := _bundel.get()) is not None:
        yield buiten
        return
    token = _bundel.set({})
    try:
        yield _bundel.get()
        verzameld = _bundel.get()
    finally:
        _bundel.reset(token)
    for soort, (bereik, aantal, plaatsingen) in verzameld.items():
        telinvoer_gewijzigd.send(
            sender=Bereik, soort=soort, bereik=bereik, aantal=aantal, plaatsingen=plaatsingen
        )
