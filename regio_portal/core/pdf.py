"""PDF rendering shared by the reports: WeasyPrint that fetches only our own static files.

A report template may refer to the portal's static files (`{% static %}`, a stylesheet or
a logo); they are read from disk, never over the network. Everything else (file://, any
other host, data: URLs, a path that climbs out of the static folder) is refused, so a
value that ends up in a report can never make the server fetch a URL (SSRF) or read a
local file.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils._os import safe_join
from weasyprint.urls import URLFetcher, URLFetcherResponse

from regio_portal.core.geheugen import zonder_gc

# Relative URLs in a report resolve against this base; the host never exists.
BASIS_URL = "https://regio-portal.invalid/"


def statisch_bestand(url: str) -> Path:
    """The file on disk behind one of our static URLs, or ValueError."""
    delen = urlsplit(url)
    basis = urlsplit(BASIS_URL)
    if (delen.scheme, delen.netloc) != (basis.scheme, basis.netloc):
        raise ValueError(f"Extern bestand geweigerd: {url[:80]}")
    pad = unquote(delen.path)
    if not pad.startswith(settings.STATIC_URL) or "\\" in pad or "\x00" in pad:
        raise ValueError(f"Alleen statische bestanden van de portal: {url[:80]}")
    relatief = pad[len(settings.STATIC_URL) :]
    if any(deel in ("", ".", "..") for deel in relatief.split("/")):
        raise ValueError(f"Ongeldig pad: {url[:80]}")

    # finders (development, tests) and safe_join (STATIC_ROOT after collectstatic) both
    # refuse a path outside their folder.
    gevonden = finders.find(relatief) or safe_join(settings.STATIC_ROOT, relatief)
    if not Path(gevonden).is_file():
        raise ValueError(f"Statisch bestand bestaat niet: {url[:80]}")
    return Path(gevonden)


# Images the report itself made (its charts) are served from memory under this path.
RAPPORT_PAD = "/_rapport/"


class AlleenEigenStatischeBestanden(URLFetcher):
    """WeasyPrint's fetcher, narrowed to statisch_bestand() and the report's own images
    (passed in, by name); never opens a connection."""

    def __init__(self, afbeeldingen: dict[str, bytes] | None = None):
        super().__init__(allowed_protocols=("https",), allow_redirects=False)
        self.geweigerd: list[str] = []
        self.afbeeldingen = afbeeldingen or {}

    def fetch(self, url, headers=None):
        delen = urlsplit(url)
        if (
            f"{delen.scheme}://{delen.netloc}/" == BASIS_URL
            and delen.path.startswith(RAPPORT_PAD)
            and delen.path[len(RAPPORT_PAD) :] in self.afbeeldingen
        ):
            naam = delen.path[len(RAPPORT_PAD) :]
            soort = mimetypes.guess_type(naam)[0] or "application/octet-stream"
            return URLFetcherResponse(url, self.afbeeldingen[naam], {"Content-Type": soort})
        try:
            bestand = statisch_bestand(url)
        except ValueError:
            self.geweigerd.append(url)
            raise
        soort = mimetypes.guess_type(bestand.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, bestand.read_bytes(), {"Content-Type": soort})


def html_naar_pdf(
    template: str, context: dict, *, afbeeldingen: dict[str, bytes] | None = None
) -> bytes:
    """A report template rendered in Dutch as tagged PDF/UA-1. The template gives the
    document its language (<html lang="nl">), title (<title>, shown as the window title)
    and structure (headings, tables with <th>, images with alt text); WeasyPrint writes
    the structure tree, the XMP metadata and embeds every font."""
    with translation.override("nl"):
        html = render_to_string(template, context)
    return html_string_naar_pdf(html, fetcher=AlleenEigenStatischeBestanden(afbeeldingen))


@zonder_gc()  # WeasyPrint's boxes live until the PDF is written (core/geheugen.py)
def html_string_naar_pdf(html: str, *, fetcher: URLFetcher | None = None) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 (loads Pango and fonts: only to render)

    return HTML(
        string=html, base_url=BASIS_URL, url_fetcher=fetcher or AlleenEigenStatischeBestanden()
    ).write_pdf(pdf_variant="pdf/ua-1")
