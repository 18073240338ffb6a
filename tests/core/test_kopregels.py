"""Security headers on every page: CSP without inline script, no-store, Referrer-Policy."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def _csp(kop: str) -> dict:
    return dict(deel.strip().split(" ", 1) for deel in kop.split(";"))


def _controleer(antwoord, url):
    verwacht = dict(CSP)
    if url.startswith("/beheer/django/"):
        verwacht["style-src"] = "'self' 'unsafe-inline'"  # the admin's inline <style>
    assert _csp(antwoord["Content-Security-Policy"]) == verwacht, url
    cache = {d.strip() for d in antwoord["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache, url
    assert antwoord["Referrer-Policy"] == "same-origin", url
    assert antwoord["X-Content-Type-Options"] == "nosniff", url
    assert antwoord["X-Frame-Options"] == "DENY", url
    assert antwoord["Cross-Origin-Opener-Policy"] == "same-origin", url
    assert antwoord["Permissions-Policy"].startswith("camera=()"), url


def test_every_page_and_download_of_the_matrix_has_the_headers(client, wereld):
    """Every URL of the access matrix that answers 200 to some role, fetched as that
    role: pages, PDF/Excel/CSV exports, evidence and agreement downloads, .ics."""
    from tests.conftest import ingelogde_client
    from tests.test_access_matrix import zichtbare_urls

    gezien = 0
    for _naam, rol, url in zichtbare_urls(wereld):
        antwoord = ingelogde_client(wereld.gebruikers.get(rol)).get(url)
        assert antwoord.status_code == 200, url
        _controleer(antwoord, url)
        gezien += 1
    assert gezien == 131  # pages that answer 200 to some role; grows with the matrix


def test_login_page_and_errors_have_the_headers_too(db):
    c = Client()
    _controleer(c.get(reverse("account_login")), "login")
    _controleer(c.get("/bestaat-niet/"), "404")


def test_script_src_allows_no_inline_script_anywhere():
    from django.conf import settings

    richtlijnen = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    for richtlijn in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in richtlijnen[richtlijn]
        assert "'unsafe-eval'" not in richtlijnen[richtlijn]


def test_only_the_django_admin_may_use_inline_styles_never_scripts(client_als, wereld):
    client = client_als("beheerder")
    admin = _csp(
        client.get("/beheer/django/partnerschappen/partnerschap/add/")["Content-Security-Policy"]
    )
    assert admin["style-src"] == "'self' 'unsafe-inline'"
    assert admin["script-src"] == "'self'"
    portal = _csp(client.get(reverse("partnerschappen:lijst"))["Content-Security-Policy"])
    assert portal["style-src"] == "'self'"
