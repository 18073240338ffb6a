from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kwaliteit import services
from kwaliteit.models import Ontwikkelpunt
from regio_portal.core.services import Opdrachtregel
from tests.conftest import MINI_PDF

DEMO_KADER = Path(services.__file__).resolve().parent / "data" / "demo_kader.json"


def kwaliteit_voor(w) -> dict:
    """The demo framework (published), a zelfevaluatie of partnership A for 2025 with one
    evidence file, and an ontwikkelpunt. Built once per world (later calls return it)."""
    if getattr(w, "_kwaliteit", None) is not None:
        return w._kwaliteit
    door = Opdrachtregel()
    kader = services.kader_importeer(inhoud=DEMO_KADER.read_bytes(), door=door)
    services.kader_publiceer(kader=kader, door=door)
    z = services.zelfevaluatie_start(partnerschap=w.partnerschap_a, jaar=2025, door=door)
    bewijs = services.bewijsstuk_toevoegen(
        zelfevaluatie=z,
        titel="Visiedocument",
        door=door,
        bestand=SimpleUploadedFile("visie.pdf", MINI_PDF, content_type="application/pdf"),
    )
    punt = services.ontwikkelpunt_opslaan(
        ontwikkelpunt=Ontwikkelpunt(
            partnerschap=w.partnerschap_a,
            waarborg_code="3",
            wat="Begeleiders scholen",
            eigenaar="Programmaleider",
            deadline=dt.date(2026, 6, 30),
            sinds_jaar=2025,
        ),
        door=door,
    )
    w._kwaliteit = {"kader": kader, "z": z, "bewijs": bewijs, "punt": punt}
    return w._kwaliteit


@pytest.fixture
def kwaliteit(wereld):
    return kwaliteit_voor(wereld)
