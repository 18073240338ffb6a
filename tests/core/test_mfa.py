"""MFA hardening: secrets encrypted at rest, codes not reusable, required for three roles."""

from __future__ import annotations

import io

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from partnerschappen.middleware import VRIJ
from regio_portal.core import mfa
from tests.conftest import totp_code
from tests.factories import GebruikerFactory

GEHEIM = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
WACHTWOORD = "Test-wachtwoord-123"


def _huidige_code(geheim: str = GEHEIM) -> str:
    return totp_code(geheim)


def _ruwe_data(gebruiker) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT string_agg(data::text, ' ') FROM mfa_authenticator WHERE user_id = %s",
            [gebruiker.pk],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_database_holds_no_plaintext_totp_secret_or_recovery_code():
    gebruiker = GebruikerFactory()
    totp = TOTP.activate(gebruiker, GEHEIM)
    herstel = RecoveryCodes.activate(gebruiker)
    codes = herstel.get_unused_codes()
    seed = mfa.ontsleutel(herstel.instance.data["seed"])

    ruw = _ruwe_data(gebruiker)
    assert GEHEIM not in ruw
    assert GEHEIM.lower() not in ruw.lower()
    assert seed not in ruw
    assert [c for c in codes if c in ruw] == []
    assert len(codes) == 10
    assert totp.instance.data["secret"].startswith("fernet:")
    assert herstel.instance.data["seed"].startswith("fernet:")
    # ... and the portal can still use them.
    assert TOTP(Authenticator.objects.get(pk=totp.instance.pk)).validate_code(_huidige_code())
    opnieuw = RecoveryCodes(Authenticator.objects.get(pk=herstel.instance.pk))
    assert opnieuw.validate_code(codes[0]) is True
    assert codes[0] not in opnieuw.get_unused_codes()


@pytest.mark.django_db
def test_plaintext_or_foreign_key_secret_is_refused_not_used():
    gebruiker = GebruikerFactory()
    totp = TOTP.activate(gebruiker, GEHEIM)
    with pytest.raises(ValueError, match="niet versleuteld"):
        mfa.ontsleutel(GEHEIM)
    with override_settings(MFA_SLEUTELS=["een-andere-sleutel"]):
        with pytest.raises(ValueError, match="verkeerde sleutel"):
            TOTP(totp.instance).validate_code("123456")


@pytest.mark.django_db
def test_key_rotation_reencrypts_every_authenticator():
    gebruiker = GebruikerFactory()
    TOTP.activate(gebruiker, GEHEIM)
    oud = _ruwe_data(gebruiker)
    with override_settings(MFA_SLEUTELS=["nieuwe-sleutel", "test-mfa-sleutel"]):
        call_command("mfa_sleutel_roteren", stdout=io.StringIO())
    assert _ruwe_data(gebruiker) != oud
    with override_settings(MFA_SLEUTELS=["nieuwe-sleutel"]):
        instantie = Authenticator.objects.get(user=gebruiker)
        assert mfa.ontsleutel(instantie.data["secret"]) == GEHEIM


def test_existing_plaintext_rows_are_encrypted_by_the_migration_helper():
    data, gewijzigd = mfa.versleutel_data({"secret": GEHEIM})
    assert gewijzigd is True
    assert mfa.ontsleutel(data["secret"]) == GEHEIM
    # Running it twice changes nothing.
    assert mfa.versleutel_data(data) == (data, False)
    data, _ = mfa.versleutel_data({"seed": "abc", "migrated_codes": ["11111111"]})
    assert [mfa.ontsleutel(data["seed"]), mfa.ontsleutel(data["migrated_codes"][0])] == [
        "abc",
        "11111111",
    ]


def _inloggen_met_code(client, email, code):
    client.logout()
    antwoord = client.post(reverse("account_login"), {"login": email, "password": WACHTWOORD})
    assert antwoord["Location"] == reverse("mfa_authenticate")
    return client.post(reverse("mfa_authenticate"), {"code": code})


def test_totp_code_cannot_be_used_twice(client, wereld):
    from django.core.cache.backends.redis import RedisCache

    # The "used" mark lives in the shared cache (Redis), so it holds across processes.
    assert isinstance(caches["default"], RedisCache)
    code = _huidige_code()
    eerste = _inloggen_met_code(client, "km.a@test.example", code)
    assert eerste.status_code == 302
    assert client.get(reverse("start")).wsgi_request.user == wereld.gebruikers["km_regio"]
    tweede = _inloggen_met_code(client, "km.a@test.example", code)
    assert tweede.status_code == 200
    assert tweede.context["form"].errors == {"code": ["Ongeldige code."]}
    assert client.get(reverse("start")).wsgi_request.user.is_authenticated is False


@pytest.mark.parametrize("rol", ["km_regio", "bestuurder", "beheerder"])
def test_mfa_required_roles_reach_no_page_but_mfa_setup(rol, client, wereld):
    from tests.test_access_matrix import KWARGS, MATRIX

    gebruiker = wereld.gebruikers[rol]
    Authenticator.objects.filter(user=gebruiker).delete()
    client.force_login(gebruiker)
    bereikt = []
    for naam, (kwargs_sleutel, _get, _post) in MATRIX.items():
        url = reverse(naam, kwargs=KWARGS[kwargs_sleutel](wereld))
        if url.startswith(VRIJ):
            continue
        for methode in ("get", "post"):
            antwoord = getattr(client, methode)(url)
            if antwoord.status_code != 302 or antwoord["Location"] != reverse("mfa_activate_totp"):
                bereikt.append((methode, url, antwoord.status_code))
    assert bereikt == []
    # The MFA pages themselves stay reachable, and so does logging out.
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("account_logout")).status_code == 200


def test_programmaleider_and_peer_reviewer_are_not_forced(client_als, wereld):
    for rol in ("pl_a", "peer"):
        assert Authenticator.objects.filter(user=wereld.gebruikers[rol]).exists() is False
        assert client_als(rol).get(reverse("partnerschappen:lijst")).status_code == 200
