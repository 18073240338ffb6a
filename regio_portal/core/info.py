"""The pages every Dutch government site has, open to everyone (no login, no tenant
data): privacy statement, toegankelijkheidsverklaring, contact, and help per module
explaining its rules in plain Dutch. What is configurable (a Regeling's amounts and
peildatum, a kader's scale, a cycle's panel rules) is read from the data, not written
into the text."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .toegang import openbaar

# slug -> (title, template): the help topics, each linked from the pages it explains.
HULP = {
    "telling": ("Hoe er geteld wordt", "info/hulp_telling.html"),
    "kwaliteit": ("Het kwaliteitskader en de zelfevaluatie", "info/hulp_kwaliteit.html"),
    "peer-review": ("Peer review: het indelen van panels", "info/hulp_peer_review.html"),
    "importeren": ("Bestanden importeren", "info/hulp_importeren.html"),
}


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
    titel, template = HULP[onderwerp]
    context = _context(titel=titel, onderwerpen=HULP)
    if onderwerp == "telling":
        from subsidie.selectors import hulp_gegevens  # noqa: PLC0415 (core knows no apps)

        context.update(hulp_gegevens())
    elif onderwerp == "kwaliteit":
        from kwaliteit.selectors import hulp_gegevens  # noqa: PLC0415

        context.update(hulp_gegevens())
    elif onderwerp == "peer-review":
        from peer_review.selectors import hulp_gegevens  # noqa: PLC0415

        context.update(hulp_gegevens())
    return render(request, template, context)
