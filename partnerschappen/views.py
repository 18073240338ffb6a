"""Pages for organisations and partnerships. Every object comes through an access helper
in selectors.py (404 for "not yours"); every write goes through services.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from peer_review.models import Review
from regio_portal.core.paginas import bevestig, formulier_fouten, formulier_pagina
from regio_portal.core.toegang import vereist_herauthenticatie
from regio_portal.core.weergave import csv_antwoord, pagineer, prive_download

from . import selectors, services
from .forms import (
    BeheerUitnodigingForm,
    ContactpersoonForm,
    LidmaatschapForm,
    LidToevoegenForm,
    OvereenkomstForm,
    PartnerschapFilterForm,
    PartnerschapForm,
    UitnodigingForm,
    VestigingFilterForm,
)
from .models import Lidmaatschap, Partnerschap, Rol


def _regios_per_partnerschap(partnerschap_ids) -> dict[int, list[str]]:
    """The regions of each partnership: those of its current member vestigingen."""
    vandaag = timezone.localdate()
    paren = (
        Lidmaatschap.objects.actief_op(vandaag)
        .filter(partnerschap_id__in=partnerschap_ids, vestiging__regio__isnull=False)
        .order_by()  # the default ordering would make DISTINCT see dates
        .values_list("partnerschap_id", "vestiging__regio__naam")
        .distinct()
    )
    uitkomst: dict[int, list[str]] = {}
    for pid, naam in paren:
        uitkomst.setdefault(pid, []).append(naam)
    for namen in uitkomst.values():
        namen.sort()
    return uitkomst


def _gefilterde_partnerschappen(request, basis):
    form = PartnerschapFilterForm(request.GET or None)
    qs = basis
    if form.is_valid():
        if q := form.cleaned_data["q"]:
            qs = qs.filter(Q(naam__icontains=q) | Q(code__icontains=q))
        if sector := form.cleaned_data["sector"]:
            qs = qs.filter(sector=sector)
        if status := form.cleaned_data["status"]:
            qs = qs.filter(status=status)
    actief = Lidmaatschap.objects.actief_q(timezone.localdate(), via="lidmaatschappen__")
    qs = qs.annotate(
        aantal_vestigingen=Count(
            "lidmaatschappen", filter=actief & Q(lidmaatschappen__vestiging__isnull=False)
        ),
        aantal_instituten=Count(
            "lidmaatschappen", filter=actief & Q(lidmaatschappen__instituut__isnull=False)
        ),
    ).order_by("naam")
    return form, qs


@login_required
@require_GET
def partnerschap_lijst(request):
    form, qs = _gefilterde_partnerschappen(
        request, selectors.partnerschappen_zichtbaar_voor(gebruiker=request.user)
    )
    if request.GET.get("export") == "csv":
        partnerschappen = list(qs)
        regios = _regios_per_partnerschap([p.pk for p in partnerschappen])
        return csv_antwoord(
            "partnerschappen.csv",
            [
                "Code",
                "Naam",
                "Sector",
                "Status",
                "Regio's",
                "Aantal vestigingen",
                "Aantal instituten",
            ],
            (
                [
                    p.code,
                    p.naam,
                    p.sector,
                    p.status,
                    "; ".join(regios.get(p.pk, [])),
                    p.aantal_vestigingen,
                    p.aantal_instituten,
                ]
                for p in partnerschappen
            ),
        )
    context = pagineer(request, qs)
    pagina = context["page_obj"]
    regios = _regios_per_partnerschap([p.pk for p in pagina])
    for p in pagina:
        p.regio_namen = regios.get(p.pk, [])
    context["form"] = form
    return render(request, "partnerschappen/partnerschap_lijst.html", context)


@login_required
@require_GET
def partnerschap_detail(request, code):
    partnerschap = selectors.partnerschap_voor_gebruiker(request.user, code)
    vandaag = timezone.localdate()
    leden = list(
        partnerschap.lidmaatschappen.select_related(
            "vestiging__bestuur", "vestiging__regio", "instituut"
        )
        .annotate(
            actief=ExpressionWrapper(
                Lidmaatschap.objects.actief_q(vandaag), output_field=BooleanField()
            )
        )
        .order_by("vestiging__code", "instituut__code", "startdatum")
    )
    vestigingen = [lid for lid in leden if lid.vestiging_id]
    actuele_vestigingen = [lid.vestiging for lid in vestigingen if lid.actief]
    besturen = sorted({v.bestuur for v in actuele_vestigingen}, key=lambda b: b.naam)
    regios = sorted({v.regio for v in actuele_vestigingen if v.regio}, key=lambda r: r.naam)

    peer_reviews = (
        Review.objects.filter(Q(ontvangend=partnerschap) | Q(bezoekers=partnerschap))
        .select_related("ontvangend", "cyclus")
        .distinct()
    )
    programmaleiders = (
        Rol.objects.filter(partnerschap=partnerschap, soort=Rol.Soort.PROGRAMMALEIDER)
        .actief_op(vandaag)
        .select_related("gebruiker")
    )
    return render(
        request,
        "partnerschappen/partnerschap_detail.html",
        {
            "partnerschap": partnerschap,
            "mag_bewerken": selectors.mag_partnerschap_bewerken(request.user, partnerschap),
            "vestiging_leden": vestigingen,
            "instituut_leden": [lid for lid in leden if lid.instituut_id],
            "besturen": besturen,
            "regios": regios,
            "contactpersonen": partnerschap.contactpersonen.all(),
            "overeenkomsten": partnerschap.overeenkomsten.all(),
            "programmaleiders": programmaleiders,
            "peer_reviews": peer_reviews,
        },
    )


def _terug(partnerschap, anker=""):
    return reverse("partnerschappen:detail", args=[partnerschap.code]) + anker


@login_required
@require_http_methods(["GET", "POST"])
def partnerschap_bewerken(request, code):
    partnerschap = selectors.partnerschap_voor_gebruiker(request.user, code, bewerken=True)
    form = PartnerschapForm(request.POST or None, instance=partnerschap)
    if request.method == "POST" and form.is_valid():
        try:
            services.partnerschap_wijzigen(
                partnerschap=partnerschap,
                door=request.user,
                **{veld: form.cleaned_data[veld] for veld in form.Meta.fields},
            )
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(request, _("De gegevens van het partnerschap zijn opgeslagen."))
            return redirect(_terug(partnerschap))
    return formulier_pagina(
        request,
        form=form,
        titel=_("%(naam)s bewerken") % {"naam": partnerschap.naam},
        terug_url=_terug(partnerschap),
    )


@login_required
@require_http_methods(["GET", "POST"])
def lid_toevoegen(request, code):
    partnerschap = selectors.partnerschap_voor_gebruiker(request.user, code, bewerken=True)
    form = LidToevoegenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        lid = form.cleaned_data["lid"]
        try:
            services.lidmaatschap_toevoegen(
                partnerschap=partnerschap,
                lid=lid,
                startdatum=form.cleaned_data["startdatum"],
                einddatum=form.cleaned_data["einddatum"],
                door=request.user,
            )
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(request, _("%(lid)s is toegevoegd.") % {"lid": lid})
            return redirect(_terug(partnerschap, "#leden"))
    return formulier_pagina(
        request,
        form=form,
        titel=_("Lid toevoegen aan %(naam)s") % {"naam": partnerschap.naam},
        terug_url=_terug(partnerschap, "#leden"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def lid_bewerken(request, code, pk):
    partnerschap = selectors.partnerschap_voor_gebruiker(request.user, code, bewerken=True)
    lidmaatschap = get_object_or_404(partnerschap.lidmaatschappen, pk=pk)
    form = LidmaatschapForm(request.POST or None, instance=lidmaatschap)
    if request.method == "POST" and form.is_valid():
        try:
            services.lidmaatschap_wijzigen(
                lidmaatschap=lidmaatschap,
                startdatum=form.cleaned_data["startdatum"],
                einddatum=form.cleaned_data["einddatum"],
                door=request.user,
            )
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(request, _("Het lidmaatschap is opgeslagen."))
            return redirect(_terug(partnerschap, "#leden"))
    return formulier_pagina(
        request,
        form=form,
        titel=_("Lidmaatschap van %(lid)s") % {"lid": lidmaatschap.lid},
        toelichting=_(
            "Vul een einddatum in als het lid stopt; verwijder alleen een "
            "lidmaatschap dat ten onrechte is ingevoerd."
        ),
        terug_url=_terug(partnerschap, "#leden"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def lid_verwijderen(request, code, pk):
    partnerschap = selectors.partnerschap_voor_gebruiker(request.user, code, bewerken=True)
    lidmaatschap = get_object_or_404(partnerschap.lidmaatschappen, pk=pk)
    if request.method == "POST":
        services.lidmaatschap_verwijderen(lidmaatschap=lidmaatschap, door=request.user)
        messages.success(request, _("Het lidmaatschap is verwijderd."))
        return redirect(_terug(partnerschap, "#leden"))
    return bevestig(
        request,
        titel=_("Lidmaatschap verwijderen"),
        vraag=_(
            "Weet u zeker dat u het lidmaatschap van %(lid)s (vanaf %(start)s) wilt "
            "verwijderen? Gebruik liever een einddatum als het lid is gestopt."
        )
        % {"lid": lidmaatschap.lid, "start": lidmaatschap.startdatum.strftime("%d-%m-%Y")},
        terug_url=_terug(partnerschap, "#leden"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_toevoegen(request, code):
    partnerschap = selectors.partnerschap_voor_gebruiker(request.user, code, bewerken=True)
    form = ContactpersoonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.partnerschap = partnerschap
        services.contactpersoon_opslaan(contactpersoon=form.instance, door=request.user)
        messages.success(request, _("De contactpersoon is toegevoegd."))
        return redirect(_terug(partnerschap, "#contacten"))
    return formulier_pagina(
        request,
        form=form,
        titel=_("Contactpersoon toevoegen"),
        terug_url=_terug(partnerschap, "#contacten"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_bewerken(request, code, pk):
    partnerschap = selectors.partnerschap_voor_gebruiker(request.user, code, bewerken=True)
    contact = get_object_or_404(partnerschap.contactpersonen, pk=pk)
    form = ContactpersoonForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        services.contactpersoon_opslaan(contactpersoon=form.instance, door=request.user)
        messages.success(request, _("De contactpersoon is opgeslagen."))
        return redirect(_terug(partnerschap, "#contacten"))
    return formulier_pagina(
        request,
        form=form,
        titel=_("Contactpersoon bewerken"),
        terug_url=_terug(partnerschap, "#contacten"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_verwijderen(request, code, pk):
    partnerschap = selectors.partnerschap_voor_gebruiker(request.user, code, bewerken=True)
    contact = get_object_or_404(partnerschap.contactpersonen, pk=pk)
    if request.method == "POST":
        services.contactpersoon_verwijderen(contactpersoon=contact, door=request.user)
        messages.success(request, _("De contactpersoon is verwijderd."))
        return redirect(_terug(partnerschap, "#contacten"))
    return bevestig(
        request,
        titel=_("Contactpersoon verwijderen"),
        vraag=_("Weet u zeker dat u %(naam)s wilt verwijderen?") % {"naam": contact.naam},
        terug_url=_terug(partnerschap, "#contacten"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def overeenkomst_toevoegen(request, code):
    partnerschap = selectors.partnerschap_voor_gebruiker(request.user, code, bewerken=True)
    form = OvereenkomstForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.overeenkomst_toevoegen(
                partnerschap=partnerschap,
                titel=form.cleaned_data["titel"],
                soort=form.cleaned_data["soort"],
                datum=form.cleaned_data["datum"],
                bestand=form.cleaned_data["bestand"],
                door=request.user,
            )
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(request, _("De overeenkomst is opgeslagen."))
            return redirect(_terug(partnerschap, "#overeenkomsten"))
    return formulier_pagina(
        request,
        form=form,
        titel=_("Overeenkomst toevoegen"),
        terug_url=_terug(partnerschap, "#overeenkomsten"),
        knop=_("Uploaden"),
    )


@login_required
@require_GET
def overeenkomst_download(request, code, pk):
    partnerschap = selectors.partnerschap_voor_gebruiker(request.user, code)
    overeenkomst = get_object_or_404(partnerschap.overeenkomsten, pk=pk)
    return prive_download(
        overeenkomst.bestand, f"{partnerschap.code}-{overeenkomst.pk}.pdf", "application/pdf"
    )


@login_required
@require_http_methods(["GET", "POST"])
def overeenkomst_verwijderen(request, code, pk):
    partnerschap = selectors.partnerschap_voor_gebruiker(request.user, code, bewerken=True)
    overeenkomst = get_object_or_404(partnerschap.overeenkomsten, pk=pk)
    if request.method == "POST":
        services.overeenkomst_verwijderen(overeenkomst=overeenkomst, door=request.user)
        messages.success(request, _("De overeenkomst is verwijderd."))
        return redirect(_terug(partnerschap, "#overeenkomsten"))
    return bevestig(
        request,
        titel=_("Overeenkomst verwijderen"),
        vraag=_("Weet u zeker dat u '%(titel)s' wilt verwijderen? Het bestand is daarna weg.")
        % {"titel": overeenkomst.titel},
        terug_url=_terug(partnerschap, "#overeenkomsten"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def uitnodigen(request, code):
    partnerschap = selectors.partnerschap_voor_gebruiker(request.user, code, bewerken=True)
    vereist_herauthenticatie(request)
    form = UitnodigingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.gebruiker_uitnodigen(
                email=form.cleaned_data["email"],
                naam=form.cleaned_data["naam"],
                soort=Rol.Soort.PROGRAMMALEIDER,
                partnerschap=partnerschap,
                door=request.user,
                basis_url=request.build_absolute_uri("/"),
            )
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(
                request,
                _("%(email)s is uitgenodigd als programmaleider en ontvangt een e-mail.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect(_terug(partnerschap))
    return formulier_pagina(
        request,
        form=form,
        titel=_("Collega uitnodigen"),
        toelichting=_(
            "Uw collega wordt programmaleider van %(naam)s en krijgt een e-mail om "
            "een wachtwoord te kiezen."
        )
        % {"naam": partnerschap.naam},
        terug_url=_terug(partnerschap),
        knop=_("Uitnodigen"),
    )


@login_required
@require_GET
def regio_lijst(request):
    regios = (
        selectors.regios_zichtbaar_voor(gebruiker=request.user)
        .annotate(
            aantal_vestigingen=Count("vestigingen", distinct=True),
            aantal_gemeenten=Count("gemeenten", distinct=True),
        )
        .order_by("naam")
    )
    return render(request, "partnerschappen/regio_lijst.html", pagineer(request, regios))


@login_required
@require_GET
def regio_detail(request, code):
    regio = selectors.regio_voor_gebruiker(request.user, code)
    vandaag = timezone.localdate()
    actief = Lidmaatschap.objects.actief_q(vandaag, via="lidmaatschappen__")
    partnerschappen = list(
        Partnerschap.objects.filter(lidmaatschappen__vestiging__regio=regio)
        .distinct()
        .annotate(
            vestigingen_hier=Count(
                "lidmaatschappen",
                filter=actief & Q(lidmaatschappen__vestiging__regio=regio),
                distinct=True,
            ),
            vestigingen_totaal=Count(
                "lidmaatschappen",
                filter=actief & Q(lidmaatschappen__vestiging__isnull=False),
                distinct=True,
            ),
        )
        .order_by("naam")
    )
    vestigingen = regio.vestigingen.count()
    in_partnerschap = (
        regio.vestigingen.filter(lidmaatschappen__in=Lidmaatschap.objects.actief_op(vandaag))
        .distinct()
        .count()
    )
    return render(
        request,
        "partnerschappen/regio_detail.html",
        {
            "regio": regio,
            "partnerschappen": partnerschappen,
            "gemeenten": regio.gemeenten.all(),
            "aantal_vestigingen": vestigingen,
            "in_partnerschap": in_partnerschap,
            "dekking": round(100 * in_partnerschap / vestigingen) if vestigingen else None,
        },
    )


@login_required
@require_GET
def bestuur_lijst(request):
    besturen = (
        selectors.besturen_zichtbaar_voor(gebruiker=request.user)
        .annotate(aantal_vestigingen=Count("vestigingen"))
        .order_by("naam")
    )
    if q := request.GET.get("q", "").strip():
        besturen = besturen.filter(Q(naam__icontains=q) | Q(nummer=q))
    return render(request, "partnerschappen/bestuur_lijst.html", pagineer(request, besturen))


@login_required
@require_GET
def bestuur_detail(request, nummer):
    bestuur = selectors.bestuur_voor_gebruiker(request.user, nummer)
    vandaag = timezone.localdate()
    vestigingen = list(
        bestuur.vestigingen.select_related("regio").prefetch_related(
            Prefetch(
                "lidmaatschappen",
                queryset=Lidmaatschap.objects.actief_op(vandaag).select_related("partnerschap"),
                to_attr="actuele_lidmaatschappen",
            )
        )
    )
    partnerschappen = sorted(
        {lid.partnerschap for v in vestigingen for lid in v.actuele_lidmaatschappen},
        key=lambda p: p.naam,
    )
    return render(
        request,
        "partnerschappen/bestuur_detail.html",
        {"bestuur": bestuur, "vestigingen": vestigingen, "partnerschappen": partnerschappen},
    )


@login_required
@require_GET
def vestiging_lijst(request):
    form = VestigingFilterForm(request.GET or None)
    qs = selectors.vestigingen_zichtbaar_voor(gebruiker=request.user).select_related(
        "bestuur", "regio"
    )
    if form.is_valid():
        if q := form.cleaned_data["q"]:
            qs = qs.filter(Q(code__icontains=q) | Q(naam__icontains=q) | Q(plaats__icontains=q))
        if sector := form.cleaned_data["sector"]:
            qs = qs.filter(sector=sector)
        if form.cleaned_data["zonder_regio"]:
            qs = qs.filter(regio__isnull=True)
        if form.cleaned_data["zonder_partnerschap"]:
            qs = qs.exclude(
                pk__in=Lidmaatschap.objects.actief_op(timezone.localdate())
                .filter(vestiging__isnull=False)
                .values("vestiging_id")
            )
    qs = qs.order_by("code")
    if request.GET.get("export") == "csv":
        return csv_antwoord(
            "vestigingen.csv",
            ["Vestigingscode", "Naam", "Bestuur", "Bestuursnummer", "Gemeente", "Sector", "Regio"],
            (
                [
                    v.code,
                    v.naam,
                    v.bestuur.naam,
                    v.bestuur.nummer,
                    v.gemeente,
                    v.sector,
                    v.regio.code if v.regio else "",
                ]
                for v in qs
            ),
        )
    context = pagineer(request, qs)
    context["form"] = form
    return render(request, "partnerschappen/vestiging_lijst.html", context)


@login_required
@require_GET
def gebruiker_lijst(request):
    selectors.vereist_beheerder(request.user)
    qs = (
        get_user_model()
        .objects.prefetch_related(
            Prefetch(
                "rollen", queryset=Rol.objects.select_related("regio", "partnerschap", "bestuur")
            )
        )
        .order_by("email")
    )
    if q := request.GET.get("q", "").strip():
        qs = qs.filter(Q(email__icontains=q) | Q(naam__icontains=q))
    return render(request, "partnerschappen/gebruiker_lijst.html", pagineer(request, qs))


@login_required
@require_http_methods(["GET", "POST"])
def gebruiker_uitnodigen(request):
    selectors.vereist_beheerder(request.user)
    vereist_herauthenticatie(request)
    form = BeheerUitnodigingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        gegevens = form.cleaned_data
        try:
            services.gebruiker_uitnodigen(
                email=gegevens["email"],
                naam=gegevens["naam"],
                soort=gegevens["soort"],
                regio=gegevens.get("regio"),
                partnerschap=gegevens.get("partnerschap"),
                bestuur=gegevens.get("bestuur"),
                geldig_tot=gegevens.get("geldig_tot"),
                door=request.user,
                basis_url=request.build_absolute_uri("/"),
            )
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(request, _("%(email)s is uitgenodigd.") % {"email": gegevens["email"]})
            return redirect("partnerschappen:gebruiker_lijst")
    return formulier_pagina(
        request,
        form=form,
        titel=_("Gebruiker uitnodigen"),
        terug_url=reverse("partnerschappen:gebruiker_lijst"),
        knop=_("Uitnodigen"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def rol_intrekken(request, pk):
    selectors.vereist_beheerder(request.user)
    rol = get_object_or_404(Rol.objects.select_related("gebruiker"), pk=pk)
    vereist_herauthenticatie(request)
    terug = reverse("partnerschappen:gebruiker_lijst")
    if request.method == "POST":
        services.rol_intrekken(rol=rol, door=request.user)
        messages.success(request, _("De rol is ingetrokken."))
        return redirect(terug)
    return bevestig(
        request,
        titel=_("Rol intrekken"),
        vraag=_("Weet u zeker dat u de rol '%(rol)s' van %(wie)s wilt intrekken?")
        % {"rol": rol, "wie": rol.gebruiker.email},
        terug_url=terug,
    )
