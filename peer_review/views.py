"""Pages of the peer-review module: cycles, panel proposals and their approval (the
coordinator's part)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerschappen import selectors as org
from partnerschappen.models import Partnerschap
from partnerschappen.views import _formulier_fouten

from . import selectors, services
from .forms import CyclusForm, PaarregelForm
from .models import Voorstel


@login_required
@require_http_methods(["GET", "POST"])
def cycli(request):
    if not selectors.is_coordinator(request.user):
        raise PermissionDenied(_("Alleen voor kwartiermakers en beheerders."))
    beheerder = org.is_beheerder(request.user)
    form = CyclusForm(
        request.POST or None,
        regios=org.regios_zichtbaar_voor(gebruiker=request.user),
        landelijk_toegestaan=beheerder,
    )
    if request.method == "POST" and form.is_valid():
        velden = {f: form.cleaned_data[f] for f in form.Meta.fields}
        try:
            cyclus = services.cyclus_aanmaken(door=request.user, **velden)
        except ValidationError as fout:
            _formulier_fouten(form, fout)
        else:
            messages.success(request, _("De cyclus is aangemaakt."))
            return redirect("peer_review:cyclus", pk=cyclus.pk)
    lijst = (
        selectors.cycli_zichtbaar_voor(gebruiker=request.user)
        .select_related("regio")
        .annotate(aantal_reviews=Count("reviews"))
    )
    return render(request, "peer_review/cycli.html", {"cycli": lijst, "form": form})


@login_required
@require_GET
def cyclus(request, pk):
    cyclus = selectors.cyclus_voor_gebruiker(request.user, pk)
    reviews = list(
        cyclus.reviews.select_related("ontvangend").prefetch_related(
            Prefetch("bezoekers", queryset=Partnerschap.objects.order_by("code"))
        )
    )
    met_review = {r.ontvangend_id for r in reviews}
    nog_nodig = list(
        selectors.partnerschappen_in_cyclus(cyclus)
        .filter(status=Partnerschap.Status.ERKEND)
        .exclude(pk__in=met_review)
        .order_by("naam")
    )
    voorstel = cyclus.voorstellen.select_related("aangevraagd_door", "goedgekeurd_door").first()
    namen = dict(Partnerschap.objects.values_list("code", "naam")) if voorstel else {}
    return render(
        request,
        "peer_review/cyclus.html",
        {
            "cyclus": cyclus,
            "reviews": reviews,
            "nog_nodig": nog_nodig,
            "voorstel": voorstel,
            "namen": namen,
            "te_laat": cyclus.deadline < timezone.localdate(),
            "paarregels": cyclus.paarregels.select_related("bezoeker", "ontvangend"),
            "paarform": PaarregelForm(),
        },
    )


@login_required
@require_POST
def voorstellen(request, pk):
    cyclus = selectors.cyclus_voor_gebruiker(request.user, pk)
    services.voorstel_aanvragen(cyclus=cyclus, door=request.user)
    messages.info(request, _("Het voorstel wordt berekend."))
    return redirect("peer_review:cyclus", pk=cyclus.pk)


@login_required
@require_POST
def paarregel(request, pk):
    cyclus = selectors.cyclus_voor_gebruiker(request.user, pk)
    form = PaarregelForm(request.POST)
    if form.is_valid():
        per_code = {
            p.code: p
            for p in Partnerschap.objects.filter(
                code__in=[
                    form.cleaned_data["bezoeker"].strip(),
                    form.cleaned_data["ontvangend"].strip(),
                ]
            )
        }
        bezoeker = per_code.get(form.cleaned_data["bezoeker"].strip())
        ontvangend = per_code.get(form.cleaned_data["ontvangend"].strip())
        if bezoeker is None or ontvangend is None:
            messages.error(request, _("Onbekende partnerschapscode."))
        else:
            try:
                services.paarregel_opslaan(
                    cyclus=cyclus,
                    bezoeker=bezoeker,
                    ontvangend=ontvangend,
                    soort=form.cleaned_data["soort"],
                    door=request.user,
                )
            except ValidationError as fout:
                messages.error(request, " ".join(fout.messages))
            else:
                messages.success(
                    request, _("De regel is opgeslagen; vraag een nieuw voorstel aan.")
                )
    else:
        messages.error(request, _("Vul beide codes en de regel in."))
    return redirect("peer_review:cyclus", pk=cyclus.pk)


@login_required
@require_POST
def goedkeuren(request, pk):
    voorstel = get_object_or_404(
        Voorstel.objects.filter(cyclus__in=selectors.cycli_zichtbaar_voor(gebruiker=request.user)),
        pk=pk,
    )
    try:
        reviews = services.voorstel_goedkeuren(voorstel=voorstel, door=request.user)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(
            request, _("Goedgekeurd: %(n)s reviews met hun panel.") % {"n": len(reviews)}
        )
    return redirect("peer_review:cyclus", pk=voorstel.cyclus_id)
