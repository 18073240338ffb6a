"""Pages for API keys: the list, issuing one (the key shown once), its uses, revoking."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from regio_portal.core.paginas import bevestig, formulier_fouten, formulier_pagina
from regio_portal.core.weergave import csv_antwoord, pagineer

from . import selectors, services
from .forms import SleutelForm


def _vereist_beheer(gebruiker) -> None:
    if not selectors.mag_sleutels_beheren(gebruiker):
        raise PermissionDenied(_("Alleen voor programmaleiders en beheerders."))


@login_required
@require_GET
def sleutels(request):
    _vereist_beheer(request.user)
    qs = selectors.sleutels_zichtbaar_voor(gebruiker=request.user).order_by("-aangemaakt", "-pk")
    return render(request, "koppelingen/sleutels.html", pagineer(request, qs))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def sleutel_nieuw(request):
    _vereist_beheer(request.user)
    form = SleutelForm(request.POST or None, gebruiker=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            sleutel, tekst = services.api_sleutel_uitgeven(
                instituut=form.cleaned_data["instituut"],
                naam=form.cleaned_data["naam"],
                verloopt_op=form.cleaned_data["verloopt_op"],
                door=request.user,
            )
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            # Shown in this answer only (never stored, never in a URL or the session).
            return render(
                request,
                "koppelingen/sleutel_uitgegeven.html",
                {"sleutel": sleutel, "tekst": tekst},
            )
    return formulier_pagina(
        request,
        form=form,
        titel=_("Nieuwe API-sleutel"),
        terug_url=reverse("koppelingen:sleutels"),
        toelichting=_(
            "Met een API-sleutel levert het systeem van een instituut zijn plaatsingen "
            "zelf aan. U ziet de sleutel één keer; bewaar hem direct in dat systeem."
        ),
        knop=_("Sleutel uitgeven"),
    )


@login_required
@require_GET
def sleutel_detail(request, pk):
    sleutel = selectors.sleutel_voor_gebruiker(request.user, pk)
    gebruik = sleutel.gebruik.order_by("-moment", "-pk")
    if request.GET.get("export") == "csv":
        return csv_antwoord(
            f"api-gebruik-{sleutel.prefix}.csv",
            ["Moment", "Methode", "Pad", "Status", "IP-adres"],
            (
                [g.moment.isoformat(), g.methode, g.pad, g.status, g.ip or ""]
                for g in gebruik.iterator()
            ),
        )
    partnerschappen = (
        None if sleutel.alle_partnerschappen else sleutel.partnerschappen.order_by("code")
    )
    return render(
        request,
        "koppelingen/sleutel_detail.html",
        {"sleutel": sleutel, "partnerschappen": partnerschappen, **pagineer(request, gebruik)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def sleutel_intrekken(request, pk):
    sleutel = selectors.sleutel_voor_gebruiker(request.user, pk)
    terug = reverse("koppelingen:sleutel_detail", args=[sleutel.pk])
    if request.method == "POST":
        services.api_sleutel_intrekken(sleutel=sleutel, door=request.user)
        messages.success(request, _("De sleutel is ingetrokken; hij werkt niet meer."))
        return redirect(terug)
    return bevestig(
        request,
        titel=_("API-sleutel intrekken"),
        vraag=_(
            "Sleutel %(naam)s (%(prefix)s…) van %(instituut)s intrekken? Het systeem dat "
            "hem gebruikt kan daarna niets meer leveren; dit is niet terug te draaien."
        )
        % {"naam": sleutel.naam, "prefix": sleutel.prefix, "instituut": sleutel.instituut},
        terug_url=terug,
        knop=_("Intrekken"),
    )
