"""Login hardening: Redis-backed rate limit per account, client IP behind the proxy, and
the Django admin behind allauth's login."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import Client, override_settings
from django.urls import reverse

from regio_portal.settings import base

WACHTWOORD = "Test-wachtwoord-123"


def _inloggen(email, wachtwoord, **extra):
    return Client().post(
        reverse("account_login"), {"login": email, "password": wachtwoord}, **extra
    )


@override_settings(ACCOUNT_RATE_LIMITS=base.ACCOUNT_RATE_LIMITS)
def test_sixth_failed_login_for_one_account_is_refused_others_unaffected(wereld):
    from django.core.cache.backends.redis import RedisCache

    # The counter lives in Redis: every attempt below comes from a fresh client (no
    # session), as from another gunicorn worker, and is still counted.
    assert isinstance(caches["default"], RedisCache)
    fouten = [_inloggen("pl.a@test.example", "fout-wachtwoord") for _ in range(5)]
    assert [a.status_code for a in fouten] == [200] * 5
    assert fouten[0].context["form"].non_field_errors() == [
        "Het opgegeven e-mailadres en/of wachtwoord is niet juist."
    ]
    zesde = _inloggen("PL.A@test.example", WACHTWOORD)  # right password, any case
    assert zesde.status_code == 200
    assert zesde.context["form"].non_field_errors() == [
        "Te veel inlogpogingen. Probeer het later nogmaals."
    ]
    assert "_auth_user_id" not in zesde.wsgi_request.session
    # Another account from the same address logs in as usual.
    ander = _inloggen("pl.b@test.example", WACHTWOORD)
    assert (ander.status_code, ander["Location"]) == (302, "/")


@override_settings(ACCOUNT_RATE_LIMITS=base.ACCOUNT_RATE_LIMITS)
def test_successful_logins_do_not_use_up_the_limit(wereld):
    for _ in range(7):
        assert _inloggen("pl.a@test.example", WACHTWOORD).status_code == 302


@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "3/m/ip"}, ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_the_limit_counts_the_client_not_the_proxy(wereld):
    # The proxy appends the real client address; what the client put before it is
    # ignored, so a forged X-Forwarded-For does not escape the limit.
    for vervalst in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        antwoord = _inloggen(
            "pl.a@test.example", "fout", HTTP_X_FORWARDED_FOR=f"{vervalst}, 198.51.100.7"
        )
        assert "Te veel" not in str(antwoord.context["form"].non_field_errors())
    geweigerd = _inloggen(
        "pl.b@test.example", WACHTWOORD, HTTP_X_FORWARDED_FOR="4.4.4.4, 198.51.100.7"
    )
    assert geweigerd.context["form"].non_field_errors() == [
        "Te veel inlogpogingen. Probeer het later nogmaals."
    ]
    # Another client behind the same proxy is not affected.
    ander = _inloggen("pl.b@test.example", WACHTWOORD, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert ander.status_code == 302


def test_production_trusts_one_proxy_by_default():
    import os
    import subprocess
    import sys

    uitvoer = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings as s; print(s.ALLAUTH_TRUSTED_PROXY_COUNT)",
        ],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "regio_portal.settings.production",
            "SECRET_KEY": "s" * 50,
            "PSEUDONIEM_SLEUTEL": "p" * 40,
            "MFA_SLEUTEL": "m" * 40,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert uitvoer.stdout.strip() == "1"
    assert base.ALLAUTH_TRUSTED_PROXY_COUNT == 0


@pytest.mark.django_db
def test_admin_login_is_the_portal_login():
    antwoord = Client().get("/beheer/django/login/?next=/beheer/django/")
    assert antwoord.status_code == 302
    assert antwoord["Location"] == "/accounts/login/?next=%2Fbeheer%2Fdjango%2F"


def test_admin_for_a_beheerder_goes_through_mfa(wereld):
    antwoord = Client().post(
        reverse("account_login") + "?next=/beheer/django/",
        {"login": "beheerder@test.example", "password": WACHTWOORD},
    )
    assert antwoord["Location"] == reverse("mfa_authenticate")
