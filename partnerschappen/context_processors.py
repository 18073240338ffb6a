from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from . import selectors


def _menu(request):
    gebruiker = request.user
    if not gebruiker.is_authenticated:
        return []
    rollen = selectors.actieve_rolsoorten(gebruiker)
    beheerder = selectors.is_beheerder(gebruiker)
    items = [
        (_("Start"), reverse("start")),
        (_("Partnerschappen"), reverse("partnerschappen:lijst")),
    ]
    if beheerder or "kwartiermaker" in rollen:
        items.append((_("Regio's"), reverse("partnerschappen:regio_lijst")))
    if beheerder or "bestuurder" in rollen:
        items.append((_("Besturen"), reverse("partnerschappen:bestuur_lijst")))
    items.append((_("Vestigingen"), reverse("partnerschappen:vestiging_lijst")))
    if beheerder or "kwartiermaker" in rollen:
        items.append((_("Peer review"), reverse("peer_review:cycli")))
    if beheerder or "kwartiermaker" in rollen or "programmaleider" in rollen:
        items.append((_("Bijeenkomsten"), reverse("samenwerking:bijeenkomsten")))
    if beheerder or "programmaleider" in rollen:
        items.append((_("Importeren"), reverse("core:import_start")))
        items.append((_("API-sleutels"), reverse("koppelingen:sleutels")))
    if beheerder or "kwartiermaker" in rollen:
        items.append((_("Wat-als"), reverse("subsidie:wat_als")))
    if beheerder:
        items.append((_("Telling"), reverse("subsidie:landelijk")))
        items.append((_("Open cijfers"), reverse("subsidie:open_cijfers_beheer")))
        items.append((_("Regelingen"), reverse("subsidie:regelingen")))
        items.append((_("Kwaliteitskaders"), reverse("kwaliteit:kaders")))
        items.append((_("Ontwerpprincipes"), reverse("samenwerking:principes_versies")))
        items.append((_("Gebruikers"), reverse("partnerschappen:gebruiker_lijst")))
        items.append((_("Auditlog"), reverse("core:audit")))
        items.append((_("Inzagelog"), reverse("core:inzage")))
        items.append((_("Django-beheer"), reverse("admin:index")))
    pad = request.path
    return [
        {"label": label, "url": url, "actief": pad == url or (url != "/" and pad.startswith(url))}
        for label, url in items
    ]


def navigatie(request):
    return {"navigatie": SimpleLazyObject(lambda: _menu(request))}
