"""The access log of student-level data: one row per page view or export."""

from __future__ import annotations

from .models import Inzage


def inzage_vastleggen(*, gebruiker, actie: str, onderwerp: str, aantal: int) -> Inzage:
    """Side effect: one Inzage row (user, what, how many; no student data)."""
    return Inzage.objects.create(
        gebruiker=gebruiker,
        email=gebruiker.email,
        actie=actie,
        onderwerp=onderwerp[:200],
        aantal=aantal,
    )
