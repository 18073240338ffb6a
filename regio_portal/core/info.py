"""The pages every Dutch government site has, open to everyone (no login, no tenant
data): privacy statement, toegankelijkheidsverklaring, contact, and help per module
explaining its rules in plain Dutch. What is configurable (a Regeling's amounts and
peildatum, a kader's scale, a cycle's panel rules) is read from the data, not written
into the text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .toegang import openbaar


@dataclass(frozen=True)
class HulpOnderwerp:
    """A help topic: its page, and the data it reads (what is configurable)."""

    slug: str
    titel: str
    template: str
    gegevens: Callable[[], dict] | None = None


# The help topics, in order; each app registers its own from its ready() (core knows no
# app), each linked from the pages it explains.
HULP: dict[str, HulpOnderwerp] = {}


def registreer_hulp(onderwerp: HulpOnderwerp) -> None:
    HULP[onderwerp.slug] = onderwerp


registreer_hulp(HulpOnderwerp("importeren", "Bestanden importeren", "info/hulp_importeren.html"))


def _context(**extra) -> dict:
    return {
        "contact_email": settings.PORTAL_CONTACT_EMAIL,
        "organisatie": settings.PORTAL_ORGANISATIE,
        **extra,
    }


@openbaar
@require_GET
def privacy(request):
    return render(
        request,
        "info/privacy.html",
        _context(
            bewaartermijn=settings.BEWAARTERMIJN_SCHOOLJAREN,
            importbestand_dagen=settings.IMPORTBESTAND_BEWAARDAGEN,
            inzagelog_dagen=settings.INZAGELOG_BEWAARDAGEN,
        ),
    )


@openbaar
@require_GET
def toegankelijkheid(request):
    return render(request, "info/toegankelijkheid.html", _context())


@openbaar
@require_GET
def contact(request):
    return render(request, "info/contact.html", _context())


@openbaar
@require_GET
def hulp(request):
    return render(request, "info/hulp.html", _context(onderwerpen=HULP))


@openbaar
@require_GET
def hulp_onderwerp(request, onderwerp):
    if onderwerp not in HULP:
        raise Http404("Geen hulp over dit onderwerp.")
    gekozen = HULP[onderwerp]
    context = _context(titel=gekozen.titel, onderwerpen=HULP)
    if gekozen.gegevens is not None:
        context.update(gekozen.gegevens())
    return render(request, gekozen.template, context)
