"""Pages of the peer-review module: cycles, panel proposals and their approval (the
coordinator's part)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kwaliteit.models import Bewijsstuk, Score, Zelfevaluatie
from partnerschappen import selectors as org
from partnerschappen.models import Partnerschap
from regio_portal.core.agenda import ics_antwoord, ics_inhoud
from regio_portal.core.paginas import bevestig, formulier_fouten, formulier_pagina
from regio_portal.core.toegang import vereist_herauthenticatie
from regio_portal.core.weergave import prive_download

from . import selectors, services
from .forms import (
    CyclusForm,
    CyclusRegelsForm,
    PaarregelForm,
    PanellidForm,
    VerslagForm,
    VoorbereidenForm,
)
from .models import Review, Voorstel


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
            formulier_fouten(form, fout)
        else:
            messages.success(request, _("De cyclus is aangemaakt."))
            return redirect("peer_review:cyclus", pk=cyclus.pk)
    lijst = (
        selectors.cycli_zichtbaar_voor(gebruiker=request.user)
        .select_related("regio")
        .annotate(aantal_reviews=Count("reviews"))
    )
    return render(request, "peer_review/cycli.html", {"cycli": lijst, "form": form})


def _met_naam(code: str, namen: dict[str, str]) -> str:
    return f"{namen[code]} ({code})" if code in namen else code


def _paarform(cyclus, data=None) -> PaarregelForm:
    return PaarregelForm(
        data,
        bezoekers=Partnerschap.objects.all(),
        ontvangenden=selectors.partnerschappen_in_cyclus(cyclus),
    )


@login_required
@require_GET
def cyclus(request, pk):
    cyclus = selectors.cyclus_voor_gebruiker(request.user, pk)
    vandaag = timezone.localdate()
    reviews = list(
        cyclus.reviews.select_related("ontvangend")
        .prefetch_related(Prefetch("bezoekers", queryset=Partnerschap.objects.order_by("naam")))
        .annotate(
            is_te_laat=ExpressionWrapper(
                Review.objects.te_laat_q(vandaag), output_field=BooleanField()
            ),
            verslag_uiterlijk=Review.objects.verslag_uiterlijk(),
        )
        .order_by("ontvangend__naam")
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
    toewijzing, onvervuld = [], []
    if voorstel:
        toewijzing = [
            {
                "ontvangend": _met_naam(rij["ontvangend"], namen),
                "bezoekers": [_met_naam(c, namen) for c in rij["bezoekers"]],
            }
            for rij in voorstel.uitkomst.get("toewijzing", [])
        ]
        onvervuld = [
            {**o, "ontvangend": _met_naam(o["ontvangend"], namen)}
            for o in voorstel.uitkomst.get("onvervuld", [])
        ]
    return render(
        request,
        "peer_review/cyclus.html",
        {
            "cyclus": cyclus,
            "reviews": reviews,
            "nog_nodig": nog_nodig,
            "voorstel": voorstel,
            "toewijzing": toewijzing,
            "onvervuld": onvervuld,
            "te_laat": cyclus.deadline < vandaag,
            "aantal_te_laat": sum(1 for r in reviews if r.is_te_laat),
            "paarregels": cyclus.paarregels.select_related("bezoeker", "ontvangend"),
            "paarform": _paarform(cyclus),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cyclus_bewerken(request, pk):
    """The coordinator changes the cycle's rules; the next proposal applies them."""
    cyclus = selectors.cyclus_voor_gebruiker(request.user, pk)
    form = CyclusRegelsForm(request.POST or None, instance=cyclus)
    terug = reverse("peer_review:cyclus", args=[cyclus.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.cyclus_wijzigen(cyclus=form.instance, door=request.user)
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(
                request,
                _("De regels zijn opgeslagen. Vraag een nieuw voorstel aan om ze toe te passen."),
            )
            return redirect(terug)
    return formulier_pagina(
        request,
        form=form,
        titel=_("Regels van %(c)s") % {"c": cyclus.naam},
        toelichting=_(
            "Deze regels gelden voor het volgende voorstel; goedgekeurde panels blijven zoals "
            "ze zijn. De herinneringen volgen de nieuwe termijnen vanaf morgen."
        ),
        terug_url=terug,
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
    form = _paarform(cyclus, request.POST)
    if form.is_valid():
        try:
            services.paarregel_opslaan(
                cyclus=cyclus,
                bezoeker=form.cleaned_data["bezoeker"],
                ontvangend=form.cleaned_data["ontvangend"],
                soort=form.cleaned_data["soort"],
                door=request.user,
            )
        except ValidationError as fout:
            messages.error(request, " ".join(fout.messages))
        else:
            messages.success(request, _("De regel is opgeslagen; vraag een nieuw voorstel aan."))
    else:
        messages.error(request, _("Kies beide partnerschappen en de regel."))
    return redirect("peer_review:cyclus", pk=cyclus.pk)


@login_required
@require_http_methods(["GET", "POST"])
def goedkeuren(request, pk):
    """Approving panels asks first, saying what stays unfilled."""
    voorstel = get_object_or_404(
        Voorstel.objects.filter(
            cyclus__in=selectors.cycli_zichtbaar_voor(gebruiker=request.user)
        ).select_related("cyclus"),
        pk=pk,
    )
    terug = reverse("peer_review:cyclus", args=[voorstel.cyclus_id])
    if request.method == "POST":
        try:
            reviews = services.voorstel_goedkeuren(voorstel=voorstel, door=request.user)
        except ValidationError as fout:
            messages.error(request, " ".join(fout.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "Goedgekeurd: %(n)s review met zijn panel.",
                    "Goedgekeurd: %(n)s reviews met hun panel.",
                    len(reviews),
                )
                % {"n": len(reviews)},
            )
        return redirect(terug)
    statistiek = voorstel.uitkomst.get("statistiek", {})
    namen = dict(Partnerschap.objects.values_list("code", "naam"))
    leeg = statistiek.get("plaatsen", 0) - statistiek.get("gevuld", 0)
    vraag = ngettext(
        "Weet u zeker dat u de panels van %(n)s review wilt goedkeuren?",
        "Weet u zeker dat u de panels van %(n)s reviews wilt goedkeuren?",
        len(voorstel.uitkomst.get("toewijzing", [])),
    ) % {"n": len(voorstel.uitkomst.get("toewijzing", []))}
    if leeg > 0:
        vraag += " " + ngettext(
            "Let op: %(leeg)s van de %(p)s plaatsen blijft leeg (%(wie)s).",
            "Let op: %(leeg)s van de %(p)s plaatsen blijven leeg (%(wie)s).",
            leeg,
        ) % {
            "leeg": leeg,
            "p": statistiek.get("plaatsen", 0),
            "wie": "; ".join(
                ngettext("%(r)s mist %(n)s bezoeker", "%(r)s mist %(n)s bezoekers", o["ontbrekend"])
                % {"r": _met_naam(o["ontvangend"], namen), "n": o["ontbrekend"]}
                for o in voorstel.uitkomst.get("onvervuld", [])
            ),
        }
    else:
        vraag += " " + _("Alle %(p)s plaatsen zijn gevuld.") % {"p": statistiek.get("plaatsen", 0)}
    return bevestig(
        request,
        titel=_("Panels goedkeuren"),
        vraag=vraag,
        terug_url=terug,
        knop=_("Ja, panels goedkeuren"),
    )


@login_required
@require_GET
def review(request, pk):
    review, toegang = selectors.review_voor_gebruiker(request.user, pk)
    scores = bewijzen = []
    if toegang.reflectie_lezen and review.kritische_reflectie_id:
        scores = list(
            Score.objects.filter(zelfevaluatie=review.kritische_reflectie)
            .select_related("kenmerk__waarborg")
            .order_by("kenmerk__waarborg__volgorde", "kenmerk__volgorde")
        )
        bewijzen = list(Bewijsstuk.objects.filter(zelfevaluatie=review.kritische_reflectie))
    return render(
        request,
        "peer_review/review.html",
        {
            "review": review,
            "t": toegang,
            "scores": scores,
            "bewijzen": bewijzen,
            "panelleden": review.panelleden.select_related("gebruiker", "partnerschap"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def voorbereiden(request, pk):
    review, toegang = selectors.review_voor_gebruiker(request.user, pk)
    if not toegang.ontvangend_bewerken:
        raise PermissionDenied(_("Alleen het ontvangende partnerschap bereidt de review voor."))
    form = VoorbereidenForm(
        request.POST or None,
        zelfevaluaties=Zelfevaluatie.objects.filter(
            partnerschap=review.ontvangend, status="ingediend"
        ),
        initial={
            "bezoekdatum": review.bezoekdatum,
            "kritische_reflectie": review.kritische_reflectie,
            "ontwikkelvragen": review.ontwikkelvragen,
        },
    )
    terug = reverse("peer_review:review", args=[review.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.review_voorbereiden(review=review, door=request.user, **form.cleaned_data)
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(request, _("Opgeslagen."))
            return redirect(terug)
    return formulier_pagina(request, form=form, titel=_("Review voorbereiden"), terug_url=terug)


@login_required
@require_GET
def ics(request, pk):
    review, _toegang = selectors.review_voor_gebruiker(request.user, pk)
    if not review.bezoekdatum:
        raise Http404(_("Er is nog geen bezoekdatum."))
    bezoekers = ", ".join(b.naam for b in review.bezoekers.all())
    inhoud = ics_inhoud(
        uid=f"peer-review-{review.pk}@regioportal",
        titel="Peer review " + review.ontvangend.naam,
        omschrijving="Bezoekende partnerschappen: " + bezoekers,
        begin=review.bezoekdatum,
        eind=review.bezoekdatum + dt.timedelta(days=1),
        product="Peer review",
    )
    return ics_antwoord(inhoud, f"peer-review-{review.pk}.ics")


@login_required
@require_http_methods(["GET", "POST"])
def panellid(request, pk):
    review, toegang = selectors.review_voor_gebruiker(request.user, pk)
    if not (toegang.coordinator or toegang.bezoekend_bewerken):
        raise PermissionDenied(
            _("Alleen de coördinator of een bezoekend partnerschap stelt het panel samen.")
        )
    vereist_herauthenticatie(request)
    bezoekers = review.bezoekers.all()
    if not toegang.coordinator:
        bezoekers = bezoekers.filter(
            pk__in=org.partnerschappen_bewerkbaar_voor(gebruiker=request.user)
        )
    form = PanellidForm(request.POST or None, bezoekers=bezoekers)
    terug = reverse("peer_review:review", args=[review.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.panellid_toevoegen(
                review=review,
                door=request.user,
                basis_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(request, _("Het panellid is toegevoegd."))
            return redirect(terug)
    return formulier_pagina(request, form=form, titel=_("Panellid toevoegen"), terug_url=terug)


@login_required
@require_http_methods(["GET", "POST"])
def verslag_uploaden(request, pk):
    review, toegang = selectors.review_voor_gebruiker(request.user, pk)
    if not toegang.panel_actief:
        raise PermissionDenied(_("Alleen het panel uploadt het verslag, zolang de review loopt."))
    form = VerslagForm(request.POST or None, request.FILES or None)
    terug = reverse("peer_review:review", args=[review.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.verslag_uploaden(
                review=review, bestand=form.cleaned_data["verslag"], door=request.user
            )
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(
                request,
                _("Het verslag is geüpload; het ontvangende partnerschap controleert de feiten."),
            )
            return redirect(terug)
    return formulier_pagina(
        request, form=form, titel=_("Verslag uploaden"), terug_url=terug, knop=_("Uploaden")
    )


@login_required
@require_GET
def verslag_download(request, pk):
    review, _toegang = selectors.review_voor_gebruiker(request.user, pk)
    if not review.verslag:
        raise Http404(_("Er is nog geen verslag."))
    return prive_download(
        review.verslag, f"verslag-peer-review-{review.ontvangend.code}.pdf", "application/pdf"
    )


@login_required
@require_POST
def stap(request, pk):
    review, toegang = selectors.review_voor_gebruiker(request.user, pk)
    stap = request.POST.get("stap", "")
    if stap == "beschikbaarheid" and toegang.panel_actief:
        services.beschikbaarheid_opgeven(
            panellid=toegang.panellid, tekst=request.POST.get("tekst", ""), door=request.user
        )
        messages.success(request, _("Uw beschikbaarheid is opgeslagen."))
        return redirect("peer_review:review", pk=review.pk)
    mag = {
        "feitencheck": toegang.ontvangend_bewerken,
        "ontwikkelagenda": toegang.ontvangend_bewerken,
        "definitief": toegang.coordinator or toegang.panel_actief,
    }.get(stap, False)
    if not mag:
        raise PermissionDenied(_("Deze stap is niet aan u."))
    try:
        services.review_stap(
            review=review, stap=stap, door=request.user, tekst=request.POST.get("tekst", "")
        )
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, _("Opgeslagen."))
    return redirect("peer_review:review", pk=review.pk)


@login_required
@require_GET
def bewijs(request, pk, uuid):
    review, toegang = selectors.review_voor_gebruiker(request.user, pk)
    if not toegang.reflectie_lezen or not review.kritische_reflectie_id:
        raise Http404()
    stuk = Bewijsstuk.objects.filter(zelfevaluatie=review.kritische_reflectie, uuid=uuid).first()
    if stuk is None or not stuk.bestand:
        raise Http404()
    return prive_download(stuk.bestand, stuk.bestandsnaam, stuk.content_type)
