"""The demo data of koppelingen: one API key of Hogeschool Domstad (21PB), shown once
when it is made, so that a newcomer can try the API (docs/api.md). Idempotent: a second
run makes no new key (the first cannot be shown again; issue another on the keys page)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from partnerschappen.models import Instituut

from .models import ApiSleutel
from .services import api_sleutel_uitgeven


def laden(*, door, uit) -> None:
    instituut = Instituut.objects.get(code="21PB")
    if ApiSleutel.objects.filter(instituut=instituut, naam="demo").exists():
        uit("API-sleutel 21PB: bestaat al (nieuwe uitgeven: /koppelingen/sleutels/)")
        return
    _sleutel, tekst = api_sleutel_uitgeven(
        instituut=instituut,
        naam="demo",
        verloopt_op=timezone.localdate() + dt.timedelta(days=90),
        door=door,
    )
    uit(f"API-sleutel 21PB (alleen nu te zien): {tekst}")
