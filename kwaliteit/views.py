"""Pages of the kwaliteit module."""

from __future__ import annotations

import json
from collections import defaultdict

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerschappen import selectors as org
from regio_portal.core.paginas import bevestig, formulier_fouten, formulier_pagina
from regio_portal.core.pdf import html_naar_pdf
from regio_portal.core.schooljaar import bekend_schooljaar, huidig_schooljaar, schooljaar_label
from regio_portal.core.toegang import vereist_beheerder
from regio_portal.core.weergave import prive_download

from . import selectors, services
from .forms import (
    BewijsstukForm,
    HeropenenForm,
    KaderImportForm,
    OntwikkelpuntForm,
    ZelfevaluatieForm,
)
from .models import Kader, Ontwikkelpunt, Score, Zelfevaluatie


def _url(zelfevaluatie, naam="kwaliteit:zelfevaluatie"):
    return reverse(naam, args=[zelfevaluatie.partnerschap.code, zelfevaluatie.jaar])


@login_required
@require_http_methods(["GET", "POST"])
def overzicht(request, code):
    partnerschap = org.partnerschap_voor_gebruiker(request.user, code)
    mag_bewerken = org.mag_partnerschap_bewerken(request.user, partnerschap)
    if request.method == "POST":
        if not mag_bewerken:
            raise PermissionDenied(_("U mag dit partnerschap alleen bekijken."))
        try:
            z = services.zelfevaluatie_start(
                partnerschap=partnerschap, jaar=huidig_schooljaar(), door=request.user
            )
        except ValidationError as fout:
            messages.error(request, " ".join(fout.messages))
            return redirect("kwaliteit:overzicht", code=code)
        messages.success(
            request, _("De zelfevaluatie %(j)s is gestart.") % {"j": schooljaar_label(z.jaar)}
        )
        return redirect(_url(z))
    zelfevaluaties = partnerschap.zelfevaluaties.select_related("kader").order_by("-jaar")
    ontwikkelpunten = partnerschap.ontwikkelpunten.all()
    return render(
        request,
        "kwaliteit/overzicht.html",
        {
            "partnerschap": partnerschap,
            "zelfevaluaties": zelfevaluaties,
            "mag_bewerken": mag_bewerken,
            "kan_starten": mag_bewerken
            and not any(z.jaar == huidig_schooljaar() for z in zelfevaluaties),
            "dit_jaar": schooljaar_label(huidig_schooljaar()),
            "ontwikkelpunten": ontwikkelpunten,
            "vandaag": timezone.localdate(),
        },
    )


def _pagina_gegevens(zelfevaluatie):
    scores = list(
        zelfevaluatie.scores.select_related("kenmerk__waarborg").order_by(
            "kenmerk__waarborg__volgorde",
            "kenmerk__waarborg__code",
            "kenmerk__volgorde",
            "kenmerk__code",
        )
    )
    vorig = {
        (s.kenmerk.waarborg.code, s.kenmerk.code): s.score
        for s in Score.objects.filter(
            zelfevaluatie__partnerschap=zelfevaluatie.partnerschap,
            zelfevaluatie__jaar=zelfevaluatie.jaar - 1,
        ).select_related("kenmerk__waarborg")
    }
    for s in scores:
        s.vorig = vorig.get((s.kenmerk.waarborg.code, s.kenmerk.code), "")
        s.label = zelfevaluatie.kader.schaal_label(s.score)
    return scores


@login_required
@require_http_methods(["GET", "POST"])
def zelfevaluatie(request, code, jaar):
    z = selectors.zelfevaluatie_voor_gebruiker(request.user, code, jaar)
    mag_bewerken = org.mag_partnerschap_bewerken(request.user, z.partnerschap) and (
        z.status == Zelfevaluatie.Status.CONCEPT
    )
    if request.method == "POST" and not mag_bewerken:
        raise PermissionDenied(_("Deze zelfevaluatie kunt u niet wijzigen."))
    scores = _pagina_gegevens(z)
    form = ZelfevaluatieForm(
        request.POST or None, zelfevaluatie=z, scores=scores, initial={"revisie": z.revisie}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.zelfevaluatie_opslaan(
                zelfevaluatie=z,
                revisie=form.cleaned_data["revisie"],
                antwoorden=form.antwoorden(),
                door=request.user,
            )
        except services.Conflict as conflict:
            actueel = conflict.args[0]
            wie = actueel.bijgewerkt_door or _("een collega")
            form.add_error(
                None,
                _(
                    "Let op: %(wie)s heeft deze zelfevaluatie om %(tijd)s opgeslagen terwijl u "
                    "bezig was. Uw wijzigingen zijn NIET opgeslagen en staan hieronder nog; "
                    "open de pagina opnieuw in een ander tabblad, vergelijk, en neem uw tekst over."
                )
                % {"wie": wie, "tijd": timezone.localtime(actueel.bijgewerkt).strftime("%H:%M")},
            )
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            # Every waarborg has its own button: the whole form is saved (one revision),
            # and the page returns to where the user was.
            waarborg = request.POST.get("waarborg", "")
            messages.success(
                request,
                _("Opgeslagen om %(tijd)s.") % {"tijd": timezone.localtime().strftime("%H:%M")},
            )
            anker = f"#waarborg-{waarborg}" if waarborg.replace(".", "").isalnum() else ""
            return redirect(_url(z) + anker)
    per_waarborg = defaultdict(list)
    for s, *velden in form.kenmerk_velden:
        per_waarborg[s.kenmerk.waarborg].append((s, *velden))
    return render(
        request,
        "kwaliteit/zelfevaluatie.html",
        {
            "z": z,
            "form": form,
            "per_waarborg": dict(per_waarborg),
            "mag_bewerken": mag_bewerken,
            "mag_heropenen": z.status == Zelfevaluatie.Status.INGEDIEND
            and selectors.mag_heropenen(request.user, z.partnerschap),
            "bewijsstukken": z.bewijsstukken.select_related("kenmerk"),
            "ontwikkelpunten": z.partnerschap.ontwikkelpunten.exclude(
                status=Ontwikkelpunt.Status.AFGEROND
            ),
            "ontbrekend": services.ontbrekend_voor_indienen(z) if mag_bewerken else [],
            "sessie_seconden": settings.SESSIE_INACTIEF_MAX,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def indienen(request, code, jaar):
    z = selectors.zelfevaluatie_voor_gebruiker(request.user, code, jaar, bewerken=True)
    if request.method == "POST":
        try:
            services.zelfevaluatie_indienen(zelfevaluatie=z, door=request.user)
        except ValidationError as fout:
            for melding in fout.messages:
                messages.error(request, melding)
        else:
            messages.success(request, _("De zelfevaluatie is ingediend."))
        return redirect(_url(z))
    return bevestig(
        request,
        titel=_("Zelfevaluatie indienen"),
        vraag=_(
            "Na indienen kan niemand de zelfevaluatie nog wijzigen, tenzij de kwartiermaker "
            "haar heropent. Wilt u indienen?"
        ),
        terug_url=_url(z),
    )


@login_required
@require_http_methods(["GET", "POST"])
def heropenen(request, code, jaar):
    z = selectors.zelfevaluatie_voor_gebruiker(request.user, code, jaar)
    if not selectors.mag_heropenen(request.user, z.partnerschap):
        raise PermissionDenied(_("Alleen de kwartiermaker of beheerder kan heropenen."))
    form = HeropenenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.zelfevaluatie_heropenen(
                zelfevaluatie=z, reden=form.cleaned_data["reden"], door=request.user
            )
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(request, _("De zelfevaluatie is heropend."))
            return redirect(_url(z))
    return formulier_pagina(
        request,
        form=form,
        titel=_("Zelfevaluatie heropenen"),
        terug_url=_url(z),
        knop=_("Heropenen"),
    )


@login_required
@require_GET
def pdf(request, code, jaar):
    z = selectors.zelfevaluatie_voor_gebruiker(request.user, code, jaar)
    scores = _pagina_gegevens(z)
    per_waarborg = defaultdict(list)
    for s in scores:
        per_waarborg[s.kenmerk.waarborg].append(s)
    inhoud = html_naar_pdf(
        "kwaliteit/zelfevaluatie_pdf.html",
        {
            "z": z,
            "per_waarborg": dict(per_waarborg),
            "ontwikkelpunten": z.partnerschap.ontwikkelpunten.all(),
            "bewijsstukken": z.bewijsstukken.select_related("kenmerk"),
        },
    )
    antwoord = HttpResponse(inhoud, content_type="application/pdf")
    antwoord["Content-Disposition"] = (
        f'attachment; filename="zelfevaluatie-{z.partnerschap.code}-{schooljaar_label(z.jaar)}.pdf"'
    )
    antwoord["Cache-Control"] = "private, no-store"
    return antwoord


@login_required
@require_http_methods(["GET", "POST"])
def bewijs_toevoegen(request, code, jaar):
    z = selectors.zelfevaluatie_voor_gebruiker(request.user, code, jaar, bewerken=True)
    kenmerken = [s.kenmerk for s in _pagina_gegevens(z)]
    form = BewijsstukForm(request.POST or None, request.FILES or None, kenmerken=kenmerken)
    if request.method == "POST" and form.is_valid():
        g = form.cleaned_data
        try:
            services.bewijsstuk_toevoegen(
                zelfevaluatie=z,
                titel=g["titel"],
                door=request.user,
                bestand=g.get("bestand"),
                url=g.get("url") or "",
                kenmerk=next((k for k in kenmerken if str(k.pk) == g.get("kenmerk")), None),
            )
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(request, _("Het bewijsstuk is toegevoegd."))
            return redirect(_url(z) + "#bewijs")
    return formulier_pagina(request, form=form, titel=_("Bewijsstuk toevoegen"), terug_url=_url(z))


@login_required
@require_GET
def bewijs_download(request, uuid):
    bewijs = selectors.bewijsstuk_voor_gebruiker(request.user, uuid)
    if not bewijs.bestand:
        raise Http404()
    return prive_download(bewijs.bestand, bewijs.bestandsnaam, bewijs.content_type)


@login_required
@require_http_methods(["GET", "POST"])
def bewijs_verwijderen(request, uuid):
    bewijs = selectors.bewijsstuk_voor_gebruiker(request.user, uuid)
    z = bewijs.zelfevaluatie
    if (
        not org.mag_partnerschap_bewerken(request.user, z.partnerschap)
        or z.status != Zelfevaluatie.Status.CONCEPT
    ):
        raise PermissionDenied(_("U kunt dit bewijsstuk niet verwijderen."))
    if request.method == "POST":
        services.bewijsstuk_verwijderen(bewijsstuk=bewijs, door=request.user)
        messages.success(request, _("Het bewijsstuk is verwijderd."))
        return redirect(_url(z) + "#bewijs")
    return bevestig(
        request,
        titel=_("Bewijsstuk verwijderen"),
        vraag=_("Weet u zeker dat u '%(t)s' wilt verwijderen?") % {"t": bewijs.titel},
        terug_url=_url(z),
    )


def _ontwikkelpunt_formulier(request, partnerschap, ontwikkelpunt):
    kader = services.huidig_kader()
    waarborgen = list(kader.waarborgen.all()) if kader else []
    form = OntwikkelpuntForm(request.POST or None, instance=ontwikkelpunt, waarborgen=waarborgen)
    terug = reverse("kwaliteit:overzicht", args=[partnerschap.code]) + "#ontwikkelpunten"
    if request.method == "POST" and form.is_valid():
        form.instance.partnerschap = partnerschap
        if not form.instance.sinds_jaar:
            form.instance.sinds_jaar = huidig_schooljaar()
        services.ontwikkelpunt_opslaan(ontwikkelpunt=form.instance, door=request.user)
        messages.success(request, _("Het ontwikkelpunt is opgeslagen."))
        return redirect(terug)
    return formulier_pagina(request, form=form, titel=_("Ontwikkelpunt"), terug_url=terug)


@login_required
@require_http_methods(["GET", "POST"])
def ontwikkelpunt_toevoegen(request, code):
    partnerschap = org.partnerschap_voor_gebruiker(request.user, code, bewerken=True)
    return _ontwikkelpunt_formulier(request, partnerschap, Ontwikkelpunt(partnerschap=partnerschap))


@login_required
@require_http_methods(["GET", "POST"])
def ontwikkelpunt_bewerken(request, code, pk):
    partnerschap = org.partnerschap_voor_gebruiker(request.user, code, bewerken=True)
    return _ontwikkelpunt_formulier(
        request, partnerschap, get_object_or_404(partnerschap.ontwikkelpunten, pk=pk)
    )


@login_required
@require_GET
def regio(request, code):
    """The region's quality at a glance: status per partnership, a heatmap of the average
    score per waarborg (the table is the accessible version), overdue ontwikkelpunten."""
    regio = org.regio_voor_gebruiker(request.user, code)
    # `?jaar=2025` (the start year), only within the years the portal knows.
    gevraagd = request.GET.get("jaar", "").strip()
    if gevraagd and not gevraagd.isdigit():
        raise Http404(_("Geen schooljaar: %(jaar)s.") % {"jaar": gevraagd[:20]})
    jaar = bekend_schooljaar(int(gevraagd)) if gevraagd else huidig_schooljaar()
    context = selectors.regio_heatmap(regio, jaar)
    return render(
        request,
        "kwaliteit/regio.html",
        {"regio": regio, "jaar": jaar, "jaar_label": schooljaar_label(jaar), **context},
    )


@login_required
@require_http_methods(["GET", "POST"])
def kaders(request):
    vereist_beheerder(request.user)
    form = KaderImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            kader = services.kader_importeer(
                inhoud=form.cleaned_data["bestand"].read(), door=request.user
            )
        except ValidationError as fout:
            # All at once: the form keeps only the first of several add_error calls on
            # one field (NLDesignFormMixin), and the beheerder needs every bad place.
            form.add_error("bestand", fout.messages)
        else:
            messages.success(request, _("%(k)s is ingelezen als concept.") % {"k": kader})
            return redirect("kwaliteit:kader", pk=kader.pk)
    return render(request, "kwaliteit/kaders.html", {"kaders": Kader.objects.all(), "form": form})


@login_required
@require_GET
def kader(request, pk):
    vereist_beheerder(request.user)
    kader = get_object_or_404(Kader.objects.prefetch_related("waarborgen__kenmerken"), pk=pk)
    return render(request, "kwaliteit/kader.html", {"kader": kader})


@login_required
@require_GET
def kader_export(request, pk):
    vereist_beheerder(request.user)
    kader = get_object_or_404(Kader, pk=pk)
    antwoord = HttpResponse(
        json.dumps(services.kader_exporteer(kader), indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    antwoord["Content-Disposition"] = (
        f'attachment; filename="kader-{kader.pk}-v{kader.versie}.json"'
    )
    return antwoord


@login_required
@require_POST
def kader_publiceren(request, pk):
    vereist_beheerder(request.user)
    kader = get_object_or_404(Kader, pk=pk)
    try:
        services.kader_publiceer(kader=kader, door=request.user)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, _("Versie %(v)s is gepubliceerd.") % {"v": kader.versie})
    return redirect("kwaliteit:kader", pk=kader.pk)


@login_required
@require_POST
def kader_nieuwe_versie(request, pk):
    vereist_beheerder(request.user)
    kader = get_object_or_404(Kader, pk=pk)
    nieuw = services.kader_nieuwe_versie(kader=kader, door=request.user)
    messages.success(request, _("Versie %(v)s is gemaakt als concept.") % {"v": nieuw.versie})
    return redirect("kwaliteit:kader", pk=nieuw.pk)
