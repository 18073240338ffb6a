"""Roles: permissions follow validity dates; MFA for kwartiermakers/beheerders; login."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from partnerschappen import selectors, services
from partnerschappen.models import PartnerschapGebruikersrecht, Rol
from regio_portal.core.services import Opdrachtregel
from tests.factories import GebruikerFactory, PartnerschapFactory


@pytest.mark.django_db
def test_rol_toekennen_grants_view_and_change_on_that_partnership_only():
    gebruiker = GebruikerFactory()
    a, b = PartnerschapFactory(), PartnerschapFactory()
    services.rol_toekennen(
        gebruiker=gebruiker, soort="programmaleider", partnerschap=a, door=Opdrachtregel()
    )
    rechten = set(
        PartnerschapGebruikersrecht.objects.filter(user=gebruiker).values_list(
            "content_object__code", "permission__codename"
        )
    )
    assert rechten == {(a.code, "view_partnerschap"), (a.code, "change_partnerschap")}
    assert list(selectors.partnerschappen_zichtbaar_voor(gebruiker=gebruiker)) == [a]
    assert gebruiker.has_perm("partnerschappen.change_partnerschap", a)
    assert not gebruiker.has_perm("partnerschappen.change_partnerschap", b)


@pytest.mark.django_db
def test_expired_role_loses_access_after_sync():
    gebruiker = GebruikerFactory()
    a = PartnerschapFactory()
    services.rol_toekennen(
        gebruiker=gebruiker,
        soort="programmaleider",
        partnerschap=a,
        door=Opdrachtregel(),
        geldig_van=dt.date(2024, 8, 1),
        geldig_tot=dt.date(2025, 7, 31),
    )
    # Granted today only if today lies in the period: the test date is after it.
    assert list(selectors.partnerschappen_zichtbaar_voor(gebruiker=gebruiker)) == []
    services.rollen_synchroniseer(gebruiker=gebruiker, vandaag=dt.date(2025, 1, 1))
    assert list(selectors.partnerschappen_zichtbaar_voor(gebruiker=gebruiker)) == [a]
    assert services.rollen_synchroniseer_allen(vandaag=dt.date(2025, 8, 1)) == 1
    assert list(selectors.partnerschappen_zichtbaar_voor(gebruiker=gebruiker)) == []


@pytest.mark.django_db
def test_beheerder_role_makes_superuser_and_revoking_removes_it():
    gebruiker = GebruikerFactory()
    rol = services.rol_toekennen(gebruiker=gebruiker, soort="beheerder", door=Opdrachtregel())
    gebruiker.refresh_from_db()
    assert (gebruiker.is_superuser, gebruiker.is_staff) == (True, True)
    services.rol_intrekken(rol=rol, door=Opdrachtregel())
    gebruiker.refresh_from_db()
    assert (gebruiker.is_superuser, gebruiker.is_staff) == (False, False)


@pytest.mark.django_db
def test_rol_without_its_object_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as fout:
        services.rol_toekennen(
            gebruiker=GebruikerFactory(), soort="kwartiermaker", door=Opdrachtregel()
        )
    assert fout.value.messages == [
        "Een programmaleider hoort bij een partnerschap, een kwartiermaker bij een regio, een "
        "bestuurder bij een bestuur; beheerder en peer reviewer bij geen van drieën."
    ]
    assert Rol.objects.count() == 0


def test_login_with_email_and_password(client, wereld):
    antwoord = client.post(
        reverse("account_login"), {"login": "PL.A@test.example", "password": "Test-wachtwoord-123"}
    )
    assert antwoord.status_code == 302
    assert antwoord["Location"] == "/"
    assert client.get("/").context["user"] == wereld.gebruikers["pl_a"]


def test_login_kwartiermaker_asks_for_totp_code(client, wereld):
    antwoord = client.post(
        reverse("account_login"), {"login": "km.a@test.example", "password": "Test-wachtwoord-123"}
    )
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("mfa_authenticate")


@pytest.mark.django_db
def test_signup_is_closed(client):
    from django.contrib.auth import get_user_model

    antwoord = client.post(
        reverse("account_signup"),
        {
            "email": "zelf@x.example",
            "password1": "Een-lang-wachtwoord-1",
            "password2": "Een-lang-wachtwoord-1",
        },
    )
    assert antwoord.status_code == 200
    assert get_user_model().objects.filter(email="zelf@x.example").exists() is False


def test_beheerder_invites_kwartiermaker_for_region(client_als, wereld):
    antwoord = client_als("beheerder").post(
        reverse("partnerschappen:gebruiker_uitnodigen"),
        {
            "email": "kw@r.example",
            "naam": "Kwartier",
            "soort": "kwartiermaker",
            "object_code": "R-B",
        },
    )
    assert antwoord.status_code == 302
    rol = Rol.objects.get(gebruiker__email="kw@r.example")
    assert (rol.soort, rol.regio, rol.toegekend_door) == (
        "kwartiermaker",
        wereld.regio_b,
        wereld.gebruikers["beheerder"],
    )


def test_beheerder_invite_with_wrong_object_code(client_als, wereld):
    antwoord = client_als("beheerder").post(
        reverse("partnerschappen:gebruiker_uitnodigen"),
        {
            "email": "kw@r.example",
            "naam": "Kwartier",
            "soort": "kwartiermaker",
            "object_code": "P-A",
        },
    )
    assert antwoord.context["form"].errors == {
        "object_code": ["Onbekende code 'P-A' voor deze rol."]
    }


def test_rol_intrekken_removes_access(client_als, wereld):
    client_als("beheerder").post(
        reverse("partnerschappen:rol_intrekken", kwargs={"pk": wereld.rol_pl_b.pk})
    )
    pl_b = wereld.gebruikers["pl_b"]
    assert list(selectors.partnerschappen_zichtbaar_voor(gebruiker=pl_b)) == []
