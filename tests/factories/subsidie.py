"""factory_boy factories for subsidie: placements with their pseudonymous key derived as
the services derive it."""

import datetime as dt

import factory

from subsidie.models import Plaatsing
from subsidie.pseudoniem import student_sleutel

from .partnerschappen import InstituutFactory, PartnerschapFactory, VestigingFactory


class PlaatsingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plaatsing

    schooljaar = 2025
    partnerschap = factory.SubFactory(PartnerschapFactory)
    vestiging = factory.SubFactory(VestigingFactory)
    instituut = factory.SubFactory(InstituutFactory)
    studentnummer = factory.Sequence(lambda n: f"{1000 + n}")
    student_sleutel = factory.LazyAttribute(
        lambda p: student_sleutel(p.instituut.code, p.studentnummer)
    )
    opleidingstype = "pabo"
    startdatum = dt.date(2025, 9, 1)
    einddatum = dt.date(2026, 6, 30)
