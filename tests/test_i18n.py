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


def test_english_catalogue_is_complete():
    """Every Dutch text of ours has its English translation: none left empty or fuzzy
    (peer-review and self-assessment messages included)."""
    import re
    from pathlib import Path

    po = (Path(__file__).resolve().parent.parent / "locale/en/LC_MESSAGES/django.po").read_text()
    blokken = po.split("\n\n")[1:]
    assert len(blokken) > 500
    assert [b for b in blokken if "fuzzy" in b] == []
    leeg = [b for b in blokken if re.search(r'^msgstr(\[0\])? ""\Z', b.strip(), re.M)]
    assert leeg == []
