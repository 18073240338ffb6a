"""Pages of regional meetings: for people with an account (list, create, edit, detail,
register, attendance) and public ones (the meeting's page with its registration form,
the .ics, and the confirmation and cancellation links from the e-mails)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerschappen import selectors as org
from partnerschappen.models import Bestuur
from regio_portal.core.agenda import ics_antwoord
from regio_portal.core.paginas import formulier_fouten, formulier_pagina
from regio_portal.core.schooljaar import (
    huidig_schooljaar,
    schooljaar_label,
    schooljaar_navigatie,
    schooljaar_uit_verzoek,
)
from regio_portal.core.toegang import openbaar
from regio_portal.core.weergave import csv_antwoord, pagineer, prive_download

from . import selectors, services
from .forms import (
    AanwezigheidForm,
    AfspraakOnderwerpForm,
    BijeenkomstForm,
    ContactnotitieForm,
    PubliekAanmeldForm,
    RedenForm,
    WaardeForm,
)
from .models import Aanmelding, AfspraakOnderwerp, Praktijk


def _basis_url(request) -> str:
    return request.build_absolute_uri("/")


def _regios(gebruiker):
    regios = selectors.regios_voor_bijeenkomsten(gebruiker=gebruiker)
    if not regios.exists():
        raise PermissionDenied(_("Alleen voor kwartiermakers, programmaleiders en beheerders."))
    return regios


@login_required
@require_GET
def bijeenkomsten(request):
    _regios(request.user)
    qs = selectors.bijeenkomsten_zichtbaar_voor(gebruiker=request.user).order_by("begin", "pk")
    if request.GET.get("wanneer") != "voorbij":
        qs = qs.filter(eind__gte=timezone.now())
    else:
        qs = qs.filter(eind__lt=timezone.now()).order_by("-begin", "-pk")
    return render(
        request,
        "samenwerking/bijeenkomsten.html",
        {"voorbij": request.GET.get("wanneer") == "voorbij", **pagineer(request, qs)},
    )


def _formulier(request, *, bijeenkomst, titel, terug_url):
    form = BijeenkomstForm(request.POST or None, instance=bijeenkomst, regios=_regios(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            opgeslagen = services.bijeenkomst_opslaan(bijeenkomst=form.instance, door=request.user)
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(request, _("De bijeenkomst is opgeslagen."))
            return redirect("samenwerking:bijeenkomst", opgeslagen.pk)
    return formulier_pagina(request, form=form, titel=titel, terug_url=terug_url)


@login_required
@require_http_methods(["GET", "POST"])
def bijeenkomst_nieuw(request):
    return _formulier(
        request,
        bijeenkomst=None,
        titel=_("Nieuwe bijeenkomst"),
        terug_url=reverse("samenwerking:bijeenkomsten"),
    )


def _beheerde_bijeenkomst(request, pk):
    """The meeting if the user may see it (404 otherwise) and manage it (403 otherwise)."""
    bijeenkomst = selectors.bijeenkomst_voor_gebruiker(request.user, pk)
    if not selectors.mag_beheren(request.user, bijeenkomst):
        raise PermissionDenied(_("Alleen de organisator, de kwartiermaker of een beheerder."))
    return bijeenkomst


@login_required
@require_http_methods(["GET", "POST"])
def bijeenkomst_bewerken(request, pk):
    bijeenkomst = _beheerde_bijeenkomst(request, pk)
    return _formulier(
        request,
        bijeenkomst=bijeenkomst,
        titel=_("Bijeenkomst bewerken"),
        terug_url=reverse("samenwerking:bijeenkomst", args=[pk]),
    )


@login_required
@require_GET
def bijeenkomst(request, pk):
    b = selectors.bijeenkomst_voor_gebruiker(request.user, pk)
    beheren = selectors.mag_beheren(request.user, b)
    eigen = (
        b.aanmeldingen.filter(gebruiker=request.user)
        .exclude(status=Aanmelding.Status.GEANNULEERD)
        .first()
    )
    return render(
        request,
        "samenwerking/bijeenkomst.html",
        {
            "b": b,
            "beheren": beheren,
            "eigen": eigen,
            "vrij": selectors.plaatsen_vrij(b),
            "aanmeldingen": b.aanmeldingen.exclude(status=Aanmelding.Status.ONBEVESTIGD)
            .select_related("vestiging")
            .order_by("status", "aangemeld_op", "pk")
            if beheren
            else [],
            "publiek_url": request.build_absolute_uri(
                reverse("samenwerking:publiek", args=[b.sleutel])
            ),
            "voorbij": b.begin <= timezone.now(),
        },
    )


@login_required
@require_POST
def bijeenkomst_aanmelden(request, pk):
    b = selectors.bijeenkomst_voor_gebruiker(request.user, pk)
    try:
        aanmelding = services.gebruiker_aanmelden(
            bijeenkomst=b, gebruiker=request.user, rol="", basis_url=_basis_url(request)
        )
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        if aanmelding.status == Aanmelding.Status.BEVESTIGD:
            messages.success(request, _("U bent aangemeld; de uitnodiging staat in uw mail."))
        else:
            messages.info(request, _("De bijeenkomst is vol; u staat op de wachtlijst."))
    return redirect("samenwerking:bijeenkomst", b.pk)


@login_required
@require_http_methods(["GET", "POST"])
def bijeenkomst_afzeggen(request, pk):
    """Call the meeting off (organiser, kwartiermaker, beheerder): asks for the reason
    that goes into everyone's e-mail; the form is the confirmation."""
    b = _beheerde_bijeenkomst(request, pk)
    terug = reverse("samenwerking:bijeenkomst", args=[b.pk])
    form = RedenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            n = services.bijeenkomst_afzeggen(
                bijeenkomst=b,
                reden=form.cleaned_data["reden"],
                door=request.user,
                basis_url=_basis_url(request),
            )
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(
                request, _("De bijeenkomst is afgezegd; %(n)s mensen krijgen bericht.") % {"n": n}
            )
            return redirect(terug)
    return formulier_pagina(
        request,
        form=form,
        titel=_("Bijeenkomst afzeggen: %(t)s") % {"t": b.titel},
        terug_url=terug,
        toelichting=_(
            "Iedereen die is aangemeld of op de wachtlijst staat krijgt een e-mail met deze "
            "reden; aanmelden kan daarna niet meer. Dit kan niet ongedaan worden gemaakt."
        ),
        knop=_("Bijeenkomst afzeggen"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def bijeenkomst_aanwezigheid(request, pk):
    b = _beheerde_bijeenkomst(request, pk)
    aanmeldingen = list(b.aanmeldingen.filter(status=Aanmelding.Status.BEVESTIGD))
    form = AanwezigheidForm(request.POST or None, aanmeldingen=aanmeldingen)
    if request.method == "POST" and form.is_valid():
        try:
            n = services.aanwezigheid_vastleggen(
                bijeenkomst=b,
                aanwezig={int(x) for x in form.cleaned_data["aanwezig"]},
                door=request.user,
            )
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(request, _("Aanwezigheid vastgelegd: %(n)s aanwezig.") % {"n": n})
            return redirect("samenwerking:bijeenkomst", b.pk)
    return formulier_pagina(
        request,
        form=form,
        titel=_("Aanwezigheid: %(t)s") % {"t": b.titel},
        terug_url=reverse("samenwerking:bijeenkomst", args=[b.pk]),
    )


@openbaar
@require_http_methods(["GET", "POST"])
def publiek(request, sleutel):
    """The meeting's public page: for every school in the region, partner or not."""
    b = selectors.publieke_bijeenkomst(sleutel)
    form = PubliekAanmeldForm(request.POST or None, scholen=selectors.scholen_van_regio(b.regio))
    voorbij = b.begin <= timezone.now() or b.gaat_niet_door
    if request.method == "POST" and not voorbij:
        if selectors.publiek_te_vaak(ip=request.META.get("REMOTE_ADDR", ""), bijeenkomst=b):
            return render(request, "samenwerking/te_vaak.html", {"b": b}, status=429)
        if form.is_valid() and not form.cleaned_data["website"]:
            d = form.cleaned_data
            services.publiek_aanmelden(
                bijeenkomst=b,
                naam=d["naam"],
                email=d["email"],
                vestiging=d["vestiging"],
                rol=d["rol"],
                basis_url=_basis_url(request),
            )
            return render(request, "samenwerking/publiek_verstuurd.html", {"b": b})
    return render(
        request,
        "samenwerking/publiek.html",
        {"b": b, "form": form, "voorbij": voorbij, "vrij": selectors.plaatsen_vrij(b)},
    )


@openbaar
@require_GET
def publiek_ics(request, sleutel):
    b = selectors.publieke_bijeenkomst(sleutel)
    return ics_antwoord(services.ics(b), f"bijeenkomst-{b.pk}.ics")


@openbaar
@require_http_methods(["GET", "POST"])
def bevestigen(request, teken):
    """The link from the confirmation mail. GET asks (a mail scanner that opens links
    confirms nothing), POST confirms."""
    aanmelding = services.aanmelding_bij_teken(
        teken, services.BEVESTIG_ZOUT, max_age=services.BEVESTIG_GELDIG
    )
    if aanmelding is None or aanmelding.bijeenkomst.begin <= timezone.now():
        return render(request, "samenwerking/link_ongeldig.html", status=404)
    if request.method == "POST":
        aanmelding = services.aanmelding_bevestigen(
            aanmelding=aanmelding, basis_url=_basis_url(request)
        )
    return render(request, "samenwerking/bevestigen.html", {"a": aanmelding})


@openbaar
@require_http_methods(["GET", "POST"])
def annuleren(request, teken):
    aanmelding = services.aanmelding_bij_teken(teken, services.ANNULEER_ZOUT)
    if aanmelding is None or aanmelding.bijeenkomst.begin <= timezone.now():
        return render(request, "samenwerking/link_ongeldig.html", status=404)
    if request.method == "POST":
        aanmelding = services.aanmelding_annuleren(
            aanmelding=aanmelding, basis_url=_basis_url(request)
        )
    return render(request, "samenwerking/annuleren.html", {"a": aanmelding})


@login_required
@require_GET
def nog_niet_in(request, code):
    """Towards 100%: the region's schools and boards not yet in a partnership."""
    regio = org.regio_voor_gebruiker(request.user, code)
    jaar = schooljaar_uit_verzoek(request, huidig_schooljaar)
    lijst = selectors.nog_niet_in(regio, jaar)
    if request.GET.get("export") == "csv":
        return csv_antwoord(
            f"nog-niet-in-{regio.code}-{schooljaar_label(jaar)}.csv",
            [
                "Schooljaar",
                "Bestuursnummer",
                "Bestuur",
                "Bestuur geheel buiten",
                "Vestigingscode",
                "Vestiging",
                "Sector",
                "Plaatsingen (tellen nergens)",
                "Bij een regiobijeenkomst",
                "Laatste contact",
                "Volgende stap",
            ],
            (
                [
                    schooljaar_label(jaar),
                    b["bestuur"].nummer,
                    b["bestuur"].naam,
                    "ja" if b["geheel"] else "nee",
                    v["vestiging"].code,
                    v["vestiging"].naam,
                    v["vestiging"].sector,
                    v["plaatsingen"],
                    "ja" if v["bijeenkomst"] else "nee",
                    b["notitie"].datum.isoformat() if b["notitie"] else "",
                    b["notitie"].volgende_stap if b["notitie"] else "",
                ]
                for b in lijst["besturen"]
                for v in b["vestigingen"]
            ),
        )
    return render(
        request,
        "samenwerking/nog_niet_in.html",
        {
            "regio": regio,
            "lijst": lijst,
            "schooljaar": schooljaar_label(jaar),
            "nav": schooljaar_navigatie(jaar),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def notitie_toevoegen(request, code, nummer):
    regio = org.regio_voor_gebruiker(request.user, code)
    bestuur = Bestuur.objects.filter(nummer=nummer, vestigingen__regio=regio).distinct().first()
    if bestuur is None:
        raise Http404(_("Bestuur niet gevonden in deze regio."))
    form = ContactnotitieForm(request.POST or None, initial={"datum": timezone.localdate()})
    terug = reverse("samenwerking:nog_niet_in", args=[regio.code])
    if request.method == "POST" and form.is_valid():
        services.contactnotitie_toevoegen(
            regio=regio, bestuur=bestuur, door=request.user, **form.cleaned_data
        )
        messages.success(request, _("De notitie is opgeslagen."))
        return redirect(terug)
    return formulier_pagina(
        request,
        form=form,
        titel=_("Contact met %(b)s") % {"b": bestuur.naam},
        terug_url=terug,
    )


@login_required
@require_GET
def afspraken(request, code):
    """The region's topics with every partnership's practice side by side, differences
    and deviations from the regional agreement marked (kwartiermaker)."""
    regio = org.regio_voor_gebruiker(request.user, code)
    partnerschappen = selectors.partnerschappen_van_regio(regio)
    rijen = selectors.afspraken_vergelijking(regio, partnerschappen)
    if request.GET.get("export") == "csv":

        def waarde(p):
            if p is None:
                return ""
            if p.bedrag is not None:
                return f"{p.bedrag:.2f}"
            naam = getattr(p, "document_naam", "")
            return " ".join(filter(None, [p.tekst, f"(document: {naam})" if naam else ""]))

        return csv_antwoord(
            f"afspraken-{regio.code}.csv",
            ["Onderwerp", "Regionale afspraak", "Geldt vanaf"]
            + [p.code for p in partnerschappen]
            + ["Wijkt af"],
            (
                [
                    r["onderwerp"].titel,
                    waarde(r["afspraak"]),
                    r["afspraak"].ingangsdatum.isoformat() if r["afspraak"] else "",
                    *[waarde(w["praktijk"]) for w in r["waarden"]],
                    ", ".join(r["afwijkend"]),
                ]
                for r in rijen
            ),
        )
    return render(
        request,
        "samenwerking/afspraken.html",
        {"regio": regio, "partnerschappen": partnerschappen, "rijen": rijen},
    )


@login_required
@require_http_methods(["GET", "POST"])
def onderwerp_nieuw(request, code):
    regio = org.regio_voor_gebruiker(request.user, code)
    form = AfspraakOnderwerpForm(request.POST or None, instance=AfspraakOnderwerp(regio=regio))
    terug = reverse("samenwerking:afspraken", args=[regio.code])
    if request.method == "POST" and form.is_valid():
        try:
            services.afspraakonderwerp_opslaan(onderwerp=form.instance, door=request.user)
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(request, _("Het onderwerp is toegevoegd."))
            return redirect(terug)
    return formulier_pagina(
        request, form=form, titel=_("Nieuw onderwerp om te vergelijken"), terug_url=terug
    )


def _onderwerp(regio, pk):
    onderwerp = AfspraakOnderwerp.objects.filter(regio=regio, pk=pk).first()
    if onderwerp is None:
        raise Http404(_("Onderwerp niet gevonden."))
    return onderwerp


@login_required
@require_http_methods(["GET", "POST"])
def regionale_afspraak(request, code, pk):
    regio = org.regio_voor_gebruiker(request.user, code)
    onderwerp = _onderwerp(regio, pk)
    form = WaardeForm(
        request.POST or None,
        onderwerp=onderwerp,
        met_datum=True,
        initial={"ingangsdatum": timezone.localdate()},
    )
    terug = reverse("samenwerking:afspraken", args=[regio.code])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.regionale_afspraak_vastleggen(
                onderwerp=onderwerp,
                bedrag=d.get("bedrag"),
                tekst=d.get("tekst", ""),
                ingangsdatum=d["ingangsdatum"],
                door=request.user,
            )
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(request, _("De regionale afspraak is vastgelegd."))
            return redirect(terug)
    return formulier_pagina(
        request,
        form=form,
        titel=_("Regionale afspraak: %(o)s") % {"o": onderwerp.titel},
        terug_url=terug,
        toelichting=onderwerp.toelichting,
    )


@login_required
@require_GET
def partnerschap_afspraken(request, code):
    """A partnership's practice on every topic of its regions, beside the regional
    agreement (programmaleider)."""
    partnerschap = org.partnerschap_voor_gebruiker(request.user, code, bewerken=True)
    rijen = []
    for regio in selectors.regios_van_partnerschap(partnerschap).order_by("code"):
        for r in selectors.afspraken_vergelijking(regio, [partnerschap]):
            rijen.append({**r, "regio": regio, "eigen": r["waarden"][0]})
    return render(
        request,
        "samenwerking/partnerschap_afspraken.html",
        {"partnerschap": partnerschap, "rijen": rijen},
    )


@login_required
@require_http_methods(["GET", "POST"])
def praktijk_bewerken(request, code, pk):
    partnerschap = org.partnerschap_voor_gebruiker(request.user, code, bewerken=True)
    onderwerp = AfspraakOnderwerp.objects.filter(
        pk=pk, regio__in=selectors.regios_van_partnerschap(partnerschap)
    ).first()
    if onderwerp is None:
        raise Http404(_("Onderwerp niet gevonden."))
    huidig = Praktijk.objects.filter(onderwerp=onderwerp, partnerschap=partnerschap).first()
    form = WaardeForm(
        request.POST or None,
        request.FILES or None,
        onderwerp=onderwerp,
        initial={"bedrag": huidig.bedrag, "tekst": huidig.tekst} if huidig else None,
        huidig_document=huidig.document_naam if huidig and huidig.document else "",
    )
    terug = reverse("samenwerking:partnerschap_afspraken", args=[partnerschap.code])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.praktijk_opslaan(
                onderwerp=onderwerp,
                partnerschap=partnerschap,
                bedrag=d.get("bedrag"),
                tekst=d.get("tekst", ""),
                document=d.get("document"),
                document_weg=d.get("document_weg", False),
                door=request.user,
            )
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(request, _("De afspraak van het partnerschap is opgeslagen."))
            return redirect(terug)
    return formulier_pagina(
        request,
        form=form,
        titel=_("%(o)s: afspraak in %(p)s") % {"o": onderwerp.titel, "p": partnerschap.naam},
        terug_url=terug,
        toelichting=onderwerp.toelichting,
    )


@login_required
@require_GET
def praktijk_document(request, code, pk):
    """A partnership's practice document: for whoever sees the partnership (its
    programmaleider, the region's kwartiermaker); 404 for anyone else."""
    partnerschap = org.partnerschap_voor_gebruiker(request.user, code)
    praktijk = (
        Praktijk.objects.filter(
            onderwerp_id=pk,
            onderwerp__regio__in=selectors.regios_van_partnerschap(partnerschap),
            partnerschap=partnerschap,
        )
        .exclude(document="")
        .first()
    )
    if praktijk is None:
        raise Http404(_("Document niet gevonden."))
    return prive_download(praktijk.document, praktijk.document_naam, praktijk.document_type)
