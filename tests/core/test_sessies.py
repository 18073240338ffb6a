"""Session limits: 30 minutes idle, 12 hours absolute, deactivation ends sessions at once."""

from __future__ import annotations

import time

import pytest

from regio_portal.core.sessies import BEGIN, LAATST

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/?next=/"


@pytest.fixture
def ingelogd(client, wereld):
    client.force_login(wereld.gebruikers["pl_a"])
    assert client.get("/").status_code == 200
    return client


def _zet(client, **waarden):
    sessie = client.session
    for sleutel, waarde in waarden.items():
        sessie[sleutel] = waarde
    sessie.save()


def test_login_stamps_begin_and_last_seen(ingelogd):
    nu = int(time.time())
    assert nu - 5 <= ingelogd.session[BEGIN] <= nu
    assert ingelogd.session[LAATST] == ingelogd.session[BEGIN]


def test_29_idle_minutes_keep_the_session(ingelogd):
    _zet(ingelogd, **{LAATST: int(time.time()) - 29 * 60})
    assert ingelogd.get("/").status_code == 200
    assert int(time.time()) - ingelogd.session[LAATST] < 5  # refreshed


def test_31_idle_minutes_end_the_session_with_a_dutch_message(ingelogd):
    _zet(ingelogd, **{LAATST: int(time.time()) - 31 * 60})
    antwoord = ingelogd.get("/")
    assert antwoord.status_code == 302
    assert antwoord["Location"] == LOGIN
    assert "_auth_user_id" not in ingelogd.session
    pagina = ingelogd.get(antwoord["Location"]).content.decode()
    assert "U bent afgemeld omdat u 30 minuten niets hebt gedaan." in pagina
    # Logged out for good: the next request is anonymous too.
    assert ingelogd.get("/")["Location"] == LOGIN


def test_12_hours_end_the_session_even_when_active(ingelogd):
    nu = int(time.time())
    _zet(ingelogd, **{BEGIN: nu - 12 * 3600 - 1, LAATST: nu - 10})
    antwoord = ingelogd.get("/")
    assert antwoord.status_code == 302
    assert antwoord["Location"] == LOGIN
    pagina = ingelogd.get(antwoord["Location"]).content.decode()
    assert "U bent na 12 uur automatisch afgemeld." in pagina


def test_11_hours_59_with_activity_keep_the_session(ingelogd):
    nu = int(time.time())
    _zet(ingelogd, **{BEGIN: nu - 12 * 3600 + 60, LAATST: nu - 10})
    assert ingelogd.get("/").status_code == 200


def test_htmx_request_gets_a_client_redirect(ingelogd):
    _zet(ingelogd, **{LAATST: int(time.time()) - 31 * 60})
    antwoord = ingelogd.get("/", headers={"HX-Request": "true"})
    assert antwoord.status_code == 200
    assert antwoord["HX-Redirect"] == LOGIN


def test_deactivated_user_is_out_on_the_next_request(ingelogd, wereld):
    gebruiker = wereld.gebruikers["pl_a"]
    gebruiker.is_active = False
    gebruiker.save(update_fields=["is_active"])
    antwoord = ingelogd.get("/")
    assert antwoord.status_code == 302
    assert antwoord["Location"] == LOGIN
