"""Dutch by default, English available through the language switch."""

from django.urls import reverse


def test_pages_are_dutch_by_default_and_english_on_request(client_als, wereld):
    client = client_als("pl_a")
    nl = client.get(reverse("partnerschappen:lijst")).content.decode()
    assert '<html lang="nl">' in nl
    assert "Download als CSV" in nl
    antwoord = client.post(reverse("set_language"), {"language": "en", "next": "/partnerschappen/"})
    assert antwoord.status_code == 302
    en = client.get(reverse("partnerschappen:lijst")).content.decode()
    assert '<html lang="en">' in en
    assert "Download as CSV" in en
    assert "1 partnership" in en
