"""The demo data of peer_review: a cycle for Midden-Nederland with a computed panel
proposal (not approved yet: that is the kwartiermaker's first click). Once."""

from __future__ import annotations

import datetime as dt

from partnerschappen.models import Regio

from . import services
from .models import Cyclus


def laden(*, door, uit) -> None:
    """A cycle for Midden-Nederland with a computed panel proposal (not approved yet:
    that is the kwartiermaker's first click). Once."""
    if Cyclus.objects.exists():
        return
    cyclus = services.cyclus_aanmaken(
        door=door,
        naam="OPR 2026-2029 Midden-Nederland",
        regio=Regio.objects.get(code="R-MN"),
        begin=dt.date(2026, 1, 1),
        deadline=dt.date(2029, 12, 31),
    )
    voorstel = services.voorstel_aanvragen(cyclus=cyclus, door=door)
    voorstel.refresh_from_db()
    voorstel = services.voorstel_bereken(voorstel=voorstel)  # no-op when the task already ran
    s = voorstel.uitkomst.get("statistiek", {})
    uit(f"peer review: {cyclus}, voorstel {s.get('gevuld')}/{s.get('plaatsen')} plaatsen gevuld")
