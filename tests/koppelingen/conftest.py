import datetime as dt

import pytest
from django.utils import timezone

from koppelingen.services import api_sleutel_uitgeven
from partnerschappen.models import Instituut
from regio_portal.core.services import Opdrachtregel


def sleutel_voor(code: str, *, door=None, dagen: int = 30):
    """An API key of institute `code` (issued by the command line: all its partnerships)
    and the key text."""
    return api_sleutel_uitgeven(
        instituut=Instituut.objects.get(code=code),
        naam=f"systeem {code}",
        verloopt_op=timezone.localdate() + dt.timedelta(days=dagen),
        door=door or Opdrachtregel(),
    )


def kop(tekst: str, **extra) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {tekst}", **extra}


@pytest.fixture
def sleutel_van():
    return sleutel_voor
