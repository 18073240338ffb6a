"""Pages of the ontwerpprincipes (versions: import, export, publish, new version; the
current one for every user) and of routes (GROW) of partnerships and regions: the route
page with Goal, Reality, Options and Way forward, the forms for each part, submitting,
comments and reopening by the kwartiermaker, the region's routes side by side per
principle, and PDF and Excel for the steering meeting. Split from views.py by subject."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from openpyxl import Workbook

from kwaliteit.models import Waarborg
from kwaliteit.services import huidig_kader
from partnerschappen import selectors as org
from regio_portal.core import excel
from regio_portal.core.paginas import bevestig, formulier_fouten, formulier_pagina
from regio_portal.core.pdf import html_naar_pdf
from regio_portal.core.toegang import vereist_beheerder
from regio_portal.core.weergave import tabel_antwoord
from subsidie import selectors as sub

from . import realiteit, selectors, services
from .forms import (
    ActieForm,
    AmbitieForm,
    AnalyseForm,
    OpmerkingForm,
    OptieForm,
    PrincipesImportForm,
    RedenForm,
    RouteNieuwForm,
)
from .models import Actie, Ambitie, Optie, Principeversie, Route


def _standaard_periode() -> tuple[int, int]:
    """The period a new route proposes: from the coming calendar year, four years (the
    regional plans' rhythm, such as 2026-2029)."""
    jaar = timezone.localdate().year + 1
    return jaar, jaar + 3


# Ontwerpprincipes ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def principes_versies(request):
    vereist_beheerder(request.user)
    form = PrincipesImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            versie = services.principes_importeer(
                inhoud=form.cleaned_data["bestand"].read(), door=request.user
            )
        except ValidationError as fout:
            # All at once: the form shows a field's later errors of one check only then.
            form.add_error("bestand", fout.messages)
        else:
            messages.success(request, _("%(v)s is ingelezen als concept.") % {"v": versie})
            return redirect("samenwerking:principes_versie", pk=versie.pk)
    return render(
        request,
        "samenwerking/principes_versies.html",
        {"versies": Principeversie.objects.all(), "form": form},
    )


@login_required
@require_GET
def principes_versie(request, pk):
    vereist_beheerder(request.user)
    versie = get_object_or_404(
        Principeversie.objects.prefetch_related("principes__focuspunten"), pk=pk
    )
    return render(request, "samenwerking/principes.html", {"versie": versie, "beheer": True})


@login_required
@require_GET
def principes_export(request, pk):
    vereist_beheerder(request.user)
    versie = get_object_or_404(Principeversie, pk=pk)
    antwoord = HttpResponse(
        json.dumps(services.principes_exporteer(versie), indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    antwoord["Content-Disposition"] = (
        f'attachment; filename="ontwerpprincipes-v{versie.versie}.json"'
    )
    return antwoord


@login_required
@require_POST
def principes_publiceren(request, pk):
    vereist_beheerder(request.user)
    versie = get_object_or_404(Principeversie, pk=pk)
    try:
        services.principes_publiceer(versie=versie, door=request.user)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(
            request,
            _("Versie %(v)s is gepubliceerd; nieuwe routes gebruiken haar.") % {"v": versie.versie},
        )
    return redirect("samenwerking:principes_versie", pk=versie.pk)


@login_required
@require_POST
def principes_nieuwe_versie(request, pk):
    vereist_beheerder(request.user)
    versie = get_object_or_404(Principeversie, pk=pk)
    nieuw = services.principes_nieuwe_versie(versie=versie, door=request.user)
    messages.success(request, _("Versie %(v)s is gemaakt als concept.") % {"v": nieuw.versie})
    return redirect("samenwerking:principes_versie", pk=nieuw.pk)


@login_required
@require_GET
def principes(request):
    """The current ontwerpprincipes and focuspunten, for everyone who works on a route."""
    versie = selectors.huidige_principes()
    if versie is None:
        raise Http404(_("Er is nog geen gepubliceerde versie van de ontwerpprincipes."))
    versie = Principeversie.objects.prefetch_related("principes__focuspunten").get(pk=versie.pk)
    return render(request, "samenwerking/principes.html", {"versie": versie, "beheer": False})


# Routes: lists and new ------------------------------------------------------------------


def _nieuw_formulier(request):
    begin, eind = _standaard_periode()
    return RouteNieuwForm(request.POST or None, initial={"begin_jaar": begin, "eind_jaar": eind})


def _aanmaken(request, form, **wie):
    try:
        route = services.route_aanmaken(
            begin_jaar=form.cleaned_data["begin_jaar"],
            eind_jaar=form.cleaned_data["eind_jaar"],
            door=request.user,
            **wie,
        )
    except ValidationError as fout:
        formulier_fouten(form, fout)
        return None
    messages.success(request, _("De route %(p)s is aangemaakt.") % {"p": route.periode})
    return redirect("samenwerking:route", pk=route.pk)


@login_required
@require_http_methods(["GET", "POST"])
def partnerschap_routes(request, code):
    """A partnership's routes, and a new one (who may change the partnership)."""
    partnerschap = org.partnerschap_voor_gebruiker(request.user, code)
    bewerken = org.mag_partnerschap_bewerken(request.user, partnerschap)
    form = _nieuw_formulier(request) if bewerken else None
    if request.method == "POST":
        if not bewerken:
            raise PermissionDenied(_("U mag dit partnerschap alleen bekijken."))
        if form.is_valid() and (antwoord := _aanmaken(request, form, partnerschap=partnerschap)):
            return antwoord
    routes = partnerschap.routes.annotate(
        acties_totaal=Count("acties"),
        acties_af=Count("acties", filter=Q(acties__status=Actie.Status.AFGEROND)),
    )
    return render(
        request,
        "samenwerking/partnerschap_routes.html",
        {"partnerschap": partnerschap, "routes": routes, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def regio_routes(request, code):
    """The kwartiermaker's overview: every partnership's route of a period side by side
    per principle, the regional route, and a new regional route."""
    regio = org.regio_voor_gebruiker(request.user, code)
    form = _nieuw_formulier(request)
    if request.method == "POST":
        if form.is_valid() and (antwoord := _aanmaken(request, form, regio=regio)):
            return antwoord
    perioden = sorted(
        set(Route.objects.filter(regio=regio).values_list("begin_jaar", flat=True))
        | set(
            Route.objects.filter(
                partnerschap__code__in=sub.regio_partnerschap_codes(regio)
            ).values_list("begin_jaar", flat=True)
        ),
        reverse=True,
    )
    try:
        begin = int(request.GET.get("periode") or (perioden[0] if perioden else 0))
    except ValueError:
        begin = 0
    if begin and begin not in perioden:
        raise Http404(_("Geen routes voor deze periode."))
    overzicht = selectors.routes_naast_elkaar(regio, begin) if begin else None
    if overzicht and request.GET.get("export"):
        # What the page shows, a row per principle × partnership (CSV, or ?formaat=xlsx).
        return tabel_antwoord(
            request,
            f"routes-{regio.code}-{begin}",
            ["Ontwerpprincipe", "Partnerschap", "Status", "Ambities", "Analyse"],
            (
                [
                    f"{r['principe'].nummer}. {r['principe'].titel}",
                    k["partnerschap"].code,
                    k["route"].get_status_display() if k["route"] else "geen route",
                    "\n".join(a.tekst for a in c["ambities"]) if c else "",
                    c["analyse"] if c else "",
                ]
                for r in overzicht["rijen"]
                for k, c in zip(overzicht["kolommen"], r["cellen"], strict=True)
            ),
            blad="Routes naast elkaar",
        )
    return render(
        request,
        "samenwerking/regio_routes.html",
        {
            "regio": regio,
            "perioden": perioden,
            "begin": begin,
            "overzicht": overzicht,
            "form": form,
        },
    )


# Routes: the route page and its parts ---------------------------------------------------


def _route_gegevens(route) -> dict:
    return {
        "route": route,
        "per_principe": selectors.route_inhoud(route),
        "realiteit": realiteit.van(route),
        "opties": list(route.opties.all()),
        "acties": list(route.acties.select_related("ambitie")),
        "algemeen": [o for o in route.opmerkingen.select_related("door") if not o.principe_id],
    }


@login_required
@require_GET
def route(request, pk):
    route, toegang = selectors.route_voor_gebruiker(request.user, pk)
    g = _route_gegevens(route)
    ontbreekt = (
        services.ontbreekt_voor_indienen(
            ambities=any(p["ambities"] for p in g["per_principe"]),
            analyse=any(p["analyse"] for p in g["per_principe"]),
            gekozen=any(o.gekozen for o in g["opties"]),
            acties=bool(g["acties"]),
        )
        if route.is_concept
        else []
    )
    return render(
        request,
        "samenwerking/route.html",
        {
            **g,
            "toegang": toegang,
            "ontbreekt": ontbreekt,
            "vandaag": timezone.localdate(),
        },
    )


def _terug(route) -> str:
    return reverse("samenwerking:route", args=[route.pk])


@login_required
@require_http_methods(["GET", "POST"])
def ambitie(request, pk, sub=None):
    route, _toegang = selectors.route_voor_gebruiker(request.user, pk, bewerken=True)
    instance = get_object_or_404(Ambitie, route=route, pk=sub) if sub else Ambitie(route=route)
    kader = huidig_kader()
    form = AmbitieForm(
        request.POST or None,
        instance=instance,
        route=route,
        waarborgen=Waarborg.objects.filter(kader=kader) if kader else Waarborg.objects.none(),
        bronnen=selectors.toegestane_bronnen(route),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.ambitie_opslaan(
                ambitie=form.instance,
                principes=d["principes"],
                waarborgen=d.get("waarborgen") or [],
                bronnen=d.get("bronnen") or [],
                door=request.user,
            )
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(request, _("De ambitie is opgeslagen."))
            return redirect(_terug(route))
    return formulier_pagina(
        request,
        form=form,
        titel=_("Goal: ambitie") if not sub else _("Ambitie bewerken"),
        terug_url=_terug(route),
        toelichting=_(
            "Een ambitie voor %(p)s, verbonden met een of meer ontwerpprincipes en waar het "
            "past met waarborgen van het kwaliteitskader."
        )
        % {"p": route.periode},
    )


@login_required
@require_http_methods(["GET", "POST"])
def analyse(request, pk):
    route, _toegang = selectors.route_voor_gebruiker(request.user, pk, bewerken=True)
    principes = list(route.principes.principes.all())
    form = AnalyseForm(
        request.POST or None,
        principes=principes,
        huidig={a.principe_id: a.tekst for a in route.analyses.all()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            for p in principes:
                services.analyse_opslaan(
                    route=route,
                    principe=p,
                    tekst=form.cleaned_data[f"principe_{p.nummer}"],
                    door=request.user,
                )
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(request, _("De analyse is opgeslagen."))
            return redirect(_terug(route))
    return formulier_pagina(
        request,
        form=form,
        titel=_("Reality: analyse per ontwerpprincipe"),
        terug_url=_terug(route),
        toelichting=_(
            "Hoe staat het partnerschap (of de regio) ervoor op elk principe? De cijfers "
            "staan op de routepagina; hier komt uw eigen duiding."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def optie(request, pk, sub=None):
    route, _toegang = selectors.route_voor_gebruiker(request.user, pk, bewerken=True)
    instance = get_object_or_404(Optie, route=route, pk=sub) if sub else Optie(route=route)
    form = OptieForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.optie_opslaan(optie=form.instance, door=request.user)
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(request, _("De optie is opgeslagen."))
            return redirect(_terug(route))
    return formulier_pagina(
        request,
        form=form,
        titel=_("Options: een mogelijke weg"),
        terug_url=_terug(route),
    )


@login_required
@require_POST
def optie_kiezen(request, pk, sub):
    route, _toegang = selectors.route_voor_gebruiker(request.user, pk, bewerken=True)
    optie = get_object_or_404(Optie, route=route, pk=sub)
    try:
        services.optie_kiezen(optie=optie, door=request.user)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, _("Gekozen: %(o)s.") % {"o": optie.titel})
    return redirect(_terug(route))


@login_required
@require_http_methods(["GET", "POST"])
def actie(request, pk, sub=None):
    route, _toegang = selectors.route_voor_gebruiker(request.user, pk, bewerken=True)
    instance = get_object_or_404(Actie, route=route, pk=sub) if sub else Actie(route=route)
    form = ActieForm(request.POST or None, instance=instance, route=route)
    if request.method == "POST" and form.is_valid():
        try:
            services.actie_opslaan(actie=form.instance, door=request.user)
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(request, _("De actie is opgeslagen."))
            return redirect(_terug(route))
    return formulier_pagina(
        request,
        form=form,
        titel=_("Way forward: actie"),
        terug_url=_terug(route),
    )


ONDERDELEN = {"ambities": Ambitie, "opties": Optie, "acties": Actie}


@login_required
@require_http_methods(["GET", "POST"])
def onderdeel_verwijderen(request, pk, soort, sub):
    route, _toegang = selectors.route_voor_gebruiker(request.user, pk, bewerken=True)
    if soort not in ONDERDELEN:
        raise Http404
    obj = get_object_or_404(ONDERDELEN[soort], route=route, pk=sub)
    if request.method == "POST":
        try:
            services.route_onderdeel_verwijderen(obj=obj, door=request.user)
        except ValidationError as fout:
            messages.error(request, " ".join(fout.messages))
        else:
            messages.success(request, _("Verwijderd."))
        return redirect(_terug(route))
    return bevestig(
        request,
        titel=_("Verwijderen"),
        vraag=_("Weet u zeker dat u “%(o)s” uit de route wilt verwijderen?") % {"o": obj},
        terug_url=_terug(route),
        knop=_("Verwijderen"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def indienen(request, pk):
    route, _toegang = selectors.route_voor_gebruiker(request.user, pk, bewerken=True)
    if request.method == "POST":
        try:
            services.route_indienen(route=route, door=request.user)
        except ValidationError as fout:
            for melding in fout.messages:
                messages.error(request, melding)
        else:
            messages.success(
                request,
                _("De route is %(s)s; de cijfers van Reality zijn vastgelegd.")
                % {"s": route.get_status_display()},
            )
        return redirect(_terug(route))
    return bevestig(
        request,
        titel=_("Route vaststellen") if route.is_regionaal else _("Route indienen"),
        vraag=_(
            "Na het indienen worden de cijfers van Reality vastgelegd zoals ze nu zijn, en "
            "kunnen Goal, Reality en Options niet meer worden gewijzigd (de acties wel). "
            "De kwartiermaker kan de route heropenen. Doorgaan?"
        ),
        terug_url=_terug(route),
        knop=_("Vaststellen") if route.is_regionaal else _("Indienen"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def opmerking(request, pk):
    route, _toegang = selectors.route_voor_gebruiker(request.user, pk, beoordelen=True)
    form = OpmerkingForm(request.POST or None, route=route)
    if request.method == "POST" and form.is_valid():
        try:
            services.opmerking_plaatsen(
                route=route,
                principe=form.cleaned_data["principe"],
                tekst=form.cleaned_data["tekst"],
                door=request.user,
            )
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(request, _("De opmerking is geplaatst."))
            return redirect(_terug(route))
    return formulier_pagina(
        request, form=form, titel=_("Opmerking bij de route"), terug_url=_terug(route)
    )


@login_required
@require_http_methods(["GET", "POST"])
def heropenen(request, pk):
    route, _toegang = selectors.route_voor_gebruiker(request.user, pk, beoordelen=True)
    form = RedenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.route_heropenen(
                route=route, reden=form.cleaned_data["reden"], door=request.user
            )
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(request, _("De route is heropend als concept."))
            return redirect(_terug(route))
    return formulier_pagina(
        request,
        form=form,
        titel=_("Route heropenen"),
        terug_url=_terug(route),
        toelichting=_(
            "De route wordt weer een concept; Reality toont dan weer de actuele cijfers tot "
            "de volgende indiening. De reden komt bij de opmerkingen."
        ),
        knop=_("Heropenen"),
    )


# Downloads for the steering meeting -----------------------------------------------------


def _bestandsnaam(route, ext: str) -> str:
    wie = route.partnerschap.code if route.partnerschap_id else route.regio.code
    return f"route-{wie}-{route.periode}.{ext}"


@login_required
@require_GET
def route_pdf(request, pk):
    """The route as a tagged PDF/UA-1 (regio_portal.core.pdf, like the verantwoording)."""
    route, _toegang = selectors.route_voor_gebruiker(request.user, pk)
    inhoud = html_naar_pdf("samenwerking/route_pdf.html", _route_gegevens(route))
    antwoord = HttpResponse(inhoud, content_type="application/pdf")
    antwoord["Content-Disposition"] = f'attachment; filename="{_bestandsnaam(route, "pdf")}"'
    antwoord["Cache-Control"] = "private, no-store"
    return antwoord


@login_required
@require_GET
def route_excel(request, pk):
    """The route as a workbook: one sheet per GROW part plus Reality's figures, typed
    cells (core.excel)."""
    route, _toegang = selectors.route_voor_gebruiker(request.user, pk)
    g = _route_gegevens(route)
    r = g["realiteit"]
    wie = route.partnerschap or route.regio
    boek = Workbook()
    excel.gegevensblad(
        boek,
        "Route",
        [
            ("Route van", str(wie), excel.TEKST),
            ("Periode", route.periode, excel.TEKST),
            ("Status", route.get_status_display(), excel.TEKST),
            ("Ontwerpprincipes", str(route.principes), excel.TEKST),
            ("Cijfers van", r["berekend_op"][:10], excel.TEKST),
            ("Schooljaar van de cijfers", r["schooljaar"], excel.TEKST),
        ],
        eerste=True,
    )
    excel.werkblad(
        boek,
        "Goal",
        ["Ontwerpprincipe", "Ambitie", "Waarborgen"],
        (
            [str(p["principe"]), a.tekst, ", ".join(w.code for w in a.waarborgen.all())]
            for p in g["per_principe"]
            for a in p["ambities"]
        ),
    )
    excel.werkblad(
        boek,
        "Reality - telling",
        [
            excel.Kolom("Schooljaar"),
            excel.Kolom("Geteld", excel.TEKST),
            excel.Kolom("Studenten", excel.GETAL),
            excel.Kolom("Zij-instromers", excel.GETAL),
        ],
        (
            [t["schooljaar"], "ja" if t["geteld"] else "nee", t["studenten"], t["zij_instromers"]]
            for t in r["trend"]
        ),
    )
    excel.werkblad(
        boek,
        "Reality - dekking",
        [
            excel.Kolom("Regio"),
            excel.Kolom("Sector"),
            excel.Kolom("Plaatsingen", excel.GETAL),
            excel.Kolom("In een partnerschap", excel.GETAL),
            excel.Kolom("Percentage", excel.PROCENT),
        ],
        (
            [d["regio"], d["sector"], d["plaatsingen"], d["in_partnerschap"], d["procent"]]
            for d in r["dekking"]
        ),
    )
    excel.werkblad(
        boek,
        "Reality - kwaliteit",
        [
            excel.Kolom("Partnerschap"),
            excel.Kolom("Zelfevaluatie"),
            excel.Kolom("Waarborg"),
            excel.Kolom("Gemiddelde score", excel.GETAL),
        ],
        (
            [p["code"], z["schooljaar"], f"{w['code']} {w['titel']}", w["gemiddelde"]]
            for p in r["partnerschappen"]
            for z in [p["zelfevaluatie"]]
            for w in z["waarborgen"]
        ),
    )
    excel.werkblad(
        boek,
        "Reality - analyse",
        ["Ontwerpprincipe", "Analyse"],
        ([str(p["principe"]), p["analyse"]] for p in g["per_principe"]),
    )
    excel.werkblad(
        boek,
        "Options",
        ["Optie", "Voordelen", "Nadelen", "Gekozen"],
        ([o.titel, o.voordelen, o.nadelen, "ja" if o.gekozen else "nee"] for o in g["opties"]),
    )
    excel.werkblad(
        boek,
        "Way forward",
        [
            excel.Kolom("Actie"),
            excel.Kolom("Eigenaar"),
            excel.Kolom("Deadline", excel.DATUM),
            excel.Kolom("Status"),
            excel.Kolom("Bij ambitie"),
        ],
        (
            [
                a.wat,
                a.eigenaar,
                a.deadline,
                a.get_status_display(),
                a.ambitie.tekst if a.ambitie else "",
            ]
            for a in g["acties"]
        ),
    )
    antwoord = HttpResponse(
        excel.als_bytes(boek),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    antwoord["Content-Disposition"] = f'attachment; filename="{_bestandsnaam(route, "xlsx")}"'
    antwoord["Cache-Control"] = "private, no-store"
    return antwoord
