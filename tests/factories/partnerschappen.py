"""factory_boy factories for the organisation models (partnerschappen)."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from partnerschappen.models import (
    Bestuur,
    Contactpersoon,
    Gemeente,
    Instituut,
    Lidmaatschap,
    Partnerschap,
    Regio,
    Vestiging,
)


class GebruikerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"gebruiker{n}@test.example")
    naam = factory.Sequence(lambda n: f"Gebruiker {n}")
    password = factory.django.Password("Test-wachtwoord-123")


class RegioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Regio

    code = factory.Sequence(lambda n: f"R{n:03d}")
    naam = factory.Sequence(lambda n: f"Onderwijsregio {n}")


class GemeenteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gemeente

    nummer = factory.Sequence(lambda n: f"{n + 1000:04d}")
    naam = factory.Sequence(lambda n: f"Gemeente {n}")
    regio = factory.SubFactory(RegioFactory)


class BestuurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bestuur

    # 800000 and up: the tests' fixed numbers (41001, 51001, 61001, 777001, …) stay below.
    nummer = factory.Sequence(lambda n: f"{800000 + n % 200000}")
    naam = factory.Sequence(lambda n: f"Stichting Test {n}")


class InstituutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instituut

    code = factory.Sequence(lambda n: f"{n % 100:02d}{chr(65 + (n // 100) % 26)}I")
    naam = factory.Sequence(lambda n: f"Hogeschool {n}")


def _vestigingscode(n: int) -> str:
    """A unique code per n whose two letters always differ: the tests' fixed codes
    (01AA00, 02BB00, 00HH00, …) double their letter, and the 2,702nd generated code of a
    test process used to be 02BB00 (a UniqueViolation depending on test order)."""
    eerste, rest = (n // 100) % 26, n // 2600
    tweede = (eerste + 1 + rest % 25) % 26
    return f"{n % 100:02d}{chr(65 + eerste)}{chr(65 + tweede)}{(rest // 25) % 100:02d}"


class VestigingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vestiging

    code = factory.Sequence(_vestigingscode)
    naam = factory.Sequence(lambda n: f"School {n}")
    bestuur = factory.SubFactory(BestuurFactory)
    gemeente = "0344"
    sector = "po"
    regio = factory.SubFactory(RegioFactory)


class PartnerschapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnerschap

    code = factory.Sequence(lambda n: f"P-{n:03d}")
    naam = factory.Sequence(lambda n: f"Opleidingsschool {n}")
    sector = "po"
    status = "erkend"


class LidmaatschapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lidmaatschap

    partnerschap = factory.SubFactory(PartnerschapFactory)
    vestiging = factory.SubFactory(VestigingFactory)
    instituut = None
    startdatum = dt.date(2020, 8, 1)
    einddatum = None


class ContactpersoonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contactpersoon

    partnerschap = factory.SubFactory(PartnerschapFactory)
    naam = factory.Sequence(lambda n: f"Contact {n}")
    email = factory.Sequence(lambda n: f"contact{n}@test.example")
