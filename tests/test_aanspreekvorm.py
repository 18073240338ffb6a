"""One form of address, 'u', everywhere: allauth's own Dutch texts (informal 'je') are
overridden in locale/nl; counts take the singular where it is one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

INFORMEEL = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.I)


def test_allauth_texts_say_u():
    with translation.override("nl"):
        assert translation.gettext("Successfully signed in as %(name)s.") == (
            "U bent ingelogd als %(name)s."
        )
        assert translation.gettext("You have signed out.") == "U bent uitgelogd."
        assert translation.gettext("Are you sure you want to sign out?") == (
            "Weet u zeker dat u wilt uitloggen?"
        )
        assert (
            translation.gettext(
                "Your account is protected by two-factor authentication. Please enter an "
                "authenticator code:"
            )
            == "Uw account is beveiligd met tweestapsverificatie. Vul de code uit uw "
            "authenticator-app in:"
        )


def test_override_catalogue_itself_has_no_informal_address():
    po = (Path(__file__).resolve().parent.parent / "locale/nl/LC_MESSAGES/django.po").read_text()
    msgstrs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', po, re.M)
    assert len(msgstrs) > 50
    assert [m for m in msgstrs if INFORMEEL.search(m)] == []


@pytest.mark.parametrize(
    "url",
    ["/accounts/login/", "/accounts/password/reset/"],
)
def test_public_account_pages_say_u(url):
    html = Client().get(url).content.decode()
    tekst = re.sub(r"<[^>]+>", " ", html)
    assert INFORMEEL.findall(tekst) == []


def test_start_page_counts_in_singular_and_plural(client_als, wereld):
    html = client_als("pl_a").get(reverse("start")).content.decode()
    assert re.search(r"partnerschap dat u ziet", html)
    assert "1 partnerschappen" not in html
