"""Changing e-mail, password, MFA or roles asks for the password again (reauthentication)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerschappen.models import Rol

WACHTWOORD = "Test-wachtwoord-123"


def _inloggen(client, email):
    antwoord = client.post(reverse("account_login"), {"login": email, "password": WACHTWOORD})
    assert antwoord.status_code == 302
    return client


ROLWIJZIGINGEN = [
    ("beheerder_rol_intrekken", "beheerder"),
    ("beheerder_uitnodigen", "beheerder"),
    ("programmaleider_uitnodigen", "pl_a"),
]


def _verzoek(naam, wereld):
    if naam == "beheerder_rol_intrekken":
        return reverse("partnerschappen:rol_intrekken", args=[wereld.rol_pl_b.pk]), {}
    if naam == "beheerder_uitnodigen":
        return reverse("partnerschappen:gebruiker_uitnodigen"), {
            "email": "nieuw@test.example",
            "naam": "Nieuw",
            "soort": "peer_reviewer",
        }
    return reverse("partnerschappen:uitnodigen", args=["P-A"]), {
        "email": "collega@test.example",
        "naam": "Collega",
    }


@pytest.mark.parametrize(("naam", "rol"), ROLWIJZIGINGEN)
def test_role_change_asks_for_the_password_first_then_goes_on(naam, rol, client, wereld):
    gebruiker = wereld.gebruikers[rol]
    client.force_login(gebruiker)  # logged in a while ago: no recent authentication
    url, gegevens = _verzoek(naam, wereld)
    rollen_voor = Rol.objects.count()
    # Showing the form needs nothing extra; acting does.
    assert client.get(url).status_code == 200
    antwoord = client.post(url, gegevens)
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith(reverse("account_reauthenticate"))
    assert Rol.objects.count() == rollen_voor
    assert Rol.objects.filter(pk=wereld.rol_pl_b.pk).exists() is True
    # A wrong password does not get through.
    fout = client.post(antwoord["Location"], {"password": "fout"})
    assert fout.status_code == 200
    assert Rol.objects.count() == rollen_voor
    # The right password does, and the suspended POST is carried out.
    verder = client.post(antwoord["Location"], {"password": WACHTWOORD}, follow=True)
    assert verder.status_code == 200
    if naam == "beheerder_rol_intrekken":
        assert Rol.objects.filter(pk=wereld.rol_pl_b.pk).exists() is False
        assert Rol.objects.count() == rollen_voor - 1
    else:
        assert Rol.objects.count() == rollen_voor + 1


def test_someone_without_access_gets_404_not_a_password_prompt(client, wereld):
    client.force_login(wereld.gebruikers["pl_b"])
    url, gegevens = _verzoek("programmaleider_uitnodigen", wereld)
    assert client.post(url, gegevens).status_code == 404


def test_changing_email_asks_for_the_password(client, wereld):
    _inloggen(client, "pl.a@test.example")
    antwoord = client.post(
        reverse("account_email"), {"action_add": "", "email": "nieuw.a@test.example"}
    )
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith(reverse("account_reauthenticate"))
    assert (
        wereld.gebruikers["pl_a"].emailaddress_set.filter(email="nieuw.a@test.example").exists()
        is False
    )


def test_changing_password_needs_the_current_one(client, wereld):
    _inloggen(client, "pl.a@test.example")
    antwoord = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "fout",
            "password1": "Nieuw-wachtwoord-456",
            "password2": "Nieuw-wachtwoord-456",
        },
    )
    assert antwoord.status_code == 200
    assert list(antwoord.context["form"].errors) == ["oldpassword"]
    wereld.gebruikers["pl_a"].refresh_from_db()
    assert wereld.gebruikers["pl_a"].check_password(WACHTWOORD) is True


def test_setting_up_or_removing_mfa_asks_for_the_password(client, wereld):
    _inloggen(client, "pl.a@test.example")
    antwoord = client.get(reverse("mfa_activate_totp"))
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith(reverse("account_reauthenticate"))
