"""factory_boy factories, one module per app (tests/factories/<app>.py). The names are
re-exported here so that a test imports `from tests.factories import VestigingFactory`."""

from .partnerschappen import (
    BestuurFactory,
    ContactpersoonFactory,
    GebruikerFactory,
    GemeenteFactory,
    InstituutFactory,
    LidmaatschapFactory,
    PartnerschapFactory,
    RegioFactory,
    VestigingFactory,
)
from .subsidie import PlaatsingFactory

__all__ = [
    "BestuurFactory",
    "ContactpersoonFactory",
    "GebruikerFactory",
    "GemeenteFactory",
    "InstituutFactory",
    "LidmaatschapFactory",
    "PartnerschapFactory",
    "PlaatsingFactory",
    "RegioFactory",
    "VestigingFactory",
]
