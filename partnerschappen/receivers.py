"""What partnerschappen derives from domain signals (regio_portal/core/signalen.py):
the object permissions of a person follow their roles."""

from __future__ import annotations

from regio_portal.core.signalen import rollen_gewijzigd

from .services import rollen_synchroniseer


def rechten_afleiden(sender, *, gebruiker, **kwargs) -> None:
    rollen_synchroniseer(gebruiker=gebruiker)


def verbind() -> None:
    rollen_gewijzigd.connect(rechten_afleiden, dispatch_uid="partnerschappen.rechten_afleiden")
