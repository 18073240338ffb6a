"""What subsidie derives from domain signals (regio_portal/core/signalen.py): a change of
the count's input marks exactly the counts it touches stale and queues their recount."""

from __future__ import annotations

from regio_portal.core.signalen import telinvoer_gewijzigd

from .services import tellingen_markeer_verouderd


def tellingen_bijwerken(sender, *, soort, bereik, aantal, plaatsingen=None, **kwargs) -> None:
    tellingen_markeer_verouderd(bereik=bereik, soort=soort, aantal=aantal, plaatsingen=plaatsingen)


def verbind() -> None:
    telinvoer_gewijzigd.connect(tellingen_bijwerken, dispatch_uid="subsidie.tellingen_bijwerken")
