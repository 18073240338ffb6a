"""Pages of the subsidie module. Placement rows (names, numbers) only for the
partnership's own programmaleiders and beheerders; counts for everyone who may see the
partnership or region."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from partnerschappen import selectors as org
from partnerschappen.models import Partnerschap
from regio_portal.core.inzage import inzage_vastleggen
from regio_portal.core.models import Inzage
from regio_portal.core.paginas import bevestig, formulier_fouten, formulier_pagina
from regio_portal.core.schooljaar import (
    huidig_schooljaar,
    parse_schooljaar,
    schooljaar_bereik,
    schooljaar_label,
    schooljaar_navigatie,
    schooljaar_uit_verzoek,
)
from regio_portal.core.toegang import openbaar, vereist_beheerder
from regio_portal.core.weergave import csv_antwoord, pagineer, prive_download

from . import aandachtspunten, selectors, services, telregels
from . import afstemming as afstemming_
from . import open_cijfers as open_cijfers_
from . import wat_als as wat_als_
from .forms import PlaatsingFilterForm, PlaatsingForm, RegelingForm, WatAlsForm, vestigingen_van
from .models import Plaatsing, Regeling, TellingBesluit, TellingSnapshot, Verantwoording


def status_tekst(
    status: str | None, geteld_bij: str, eigen_code: str, namen: dict[str, str]
) -> str:
    """What a programmaleider reads about one of their placements (telregel 9): never
    another partnership's placement details, only the name where the person counted."""
    if status is None:
        return _("nog niet geteld")
    if status == telregels.GETELD:
        return _("telt mee")
    bij = namen.get(geteld_bij, geteld_bij)
    if status == telregels.ELDERS_GETELD:
        if geteld_bij == eigen_code:
            return _("telt mee via een andere plaatsing in dit partnerschap")
        return _("geteld bij %(p)s") % {"p": bij}
    tekst = _("telt niet: %(r)s") % {"r": telregels.REDENEN.get(status, status)}
    if geteld_bij and geteld_bij != eigen_code:
        tekst += "; " + _("geteld bij %(p)s") % {"p": bij}
    return tekst


@login_required
@require_GET
def plaatsingen(request, code):
    partnerschap = org.partnerschap_voor_gebruiker(request.user, code, bewerken=True)
    jaren = sorted(
        set(partnerschap.plaatsingen.order_by().values_list("schooljaar", flat=True).distinct())
        | {huidig_schooljaar()},
        reverse=True,
    )
    schooljaar = schooljaar_uit_verzoek(
        request, lambda: selectors.standaard_schooljaar(plaatsingen=partnerschap.plaatsingen)
    )
    form = PlaatsingFilterForm(
        request.GET or None,
        schooljaren=sorted(set(jaren) | {schooljaar}, reverse=True),
        initial={"schooljaar": schooljaar_label(schooljaar)},
    )
    snapshot = selectors.actuele_telling_of_geen(schooljaar)
    besluit = TellingBesluit.objects.filter(
        telling_id=snapshot.pk if snapshot else None, plaatsing=OuterRef("pk")
    )
    qs = (
        partnerschap.plaatsingen.filter(schooljaar=schooljaar)
        .select_related("vestiging", "instituut")
        .annotate(
            telstatus=Subquery(besluit.values("status")[:1]),
            geteld_bij=Subquery(besluit.values("geteld_bij")[:1]),
        )
        .order_by("studentnummer", "startdatum", "pk")
    )
    if form.is_valid():
        if q := form.cleaned_data["q"]:
            qs = qs.filter(
                Q(studentnummer__icontains=q)
                | Q(naam__icontains=q)
                | Q(vestiging__code__icontains=q)
            )
        status = form.cleaned_data["status"]
        if status == "geteld":
            qs = qs.filter(telstatus=telregels.GETELD)
        elif status == "elders":
            qs = qs.filter(telstatus=telregels.ELDERS_GETELD)
        elif status == "niet":
            qs = qs.exclude(telstatus__in=[telregels.GETELD, telregels.ELDERS_GETELD])
    onderwerp = f"plaatsingen {partnerschap.code} {schooljaar_label(schooljaar)}"
    if request.GET.get("export") == "csv":
        rijen = list(qs)
        inzage_vastleggen(
            gebruiker=request.user,
            actie=Inzage.Actie.GEEXPORTEERD,
            onderwerp=onderwerp,
            aantal=len(rijen),
        )
        namen = _namen({p.geteld_bij for p in rijen})
        return csv_antwoord(
            f"plaatsingen-{partnerschap.code}-{schooljaar_label(schooljaar)}.csv",
            [
                "Schooljaar",
                "Vestigingscode",
                "Instituutscode",
                "Studentnummer",
                "Naam",
                "Opleidingstype",
                "Startdatum",
                "Einddatum",
                "Telling",
            ],
            (
                [
                    schooljaar_label(p.schooljaar),
                    p.vestiging.code,
                    p.instituut.code,
                    p.studentnummer,
                    p.naam,
                    p.opleidingstype,
                    p.startdatum.isoformat(),
                    p.einddatum.isoformat() if p.einddatum else "",
                    status_tekst(p.telstatus, p.geteld_bij or "", partnerschap.code, namen),
                ]
                for p in rijen
            ),
        )
    context = pagineer(request, qs, per_pagina=50)
    pagina = context["page_obj"]
    inzage_vastleggen(
        gebruiker=request.user,
        actie=Inzage.Actie.BEKEKEN,
        onderwerp=f"{onderwerp}, pagina {pagina.number}",
        aantal=len(pagina.object_list),
    )
    namen = _namen({p.geteld_bij for p in pagina})
    for p in pagina:
        p.status_tekst = status_tekst(p.telstatus, p.geteld_bij or "", partnerschap.code, namen)
    rij = _rij_van(snapshot, partnerschap.code) if snapshot else None
    context.update(
        partnerschap=partnerschap,
        form=form,
        schooljaar=schooljaar_label(schooljaar),
        jaar=schooljaar,
        nav=schooljaar_navigatie(schooljaar),
        snapshot=snapshot,
        telling_rij=rij,
    )
    return render(request, "subsidie/plaatsingen.html", context)


def _namen(codes) -> dict[str, str]:
    codes = {c for c in codes if c}
    if not codes:
        return {}
    return dict(Partnerschap.objects.filter(code__in=codes).values_list("code", "naam"))


def _rij_van(snapshot, code):
    return next((r for r in snapshot.resultaat["partnerschappen"] if r["code"] == code), None)


@login_required
@require_http_methods(["GET", "POST"])
def plaatsing_toevoegen(request, code):
    partnerschap = org.partnerschap_voor_gebruiker(request.user, code, bewerken=True)
    return _plaatsing_formulier(request, partnerschap, Plaatsing(partnerschap=partnerschap))


@login_required
@require_GET
def plaatsing_vestigingen(request, code):
    """The server-side search of the placement form's vestiging list (htmx swaps the
    options; without JavaScript the full list is there). Only the partnership's own."""
    partnerschap = org.partnerschap_voor_gebruiker(request.user, code, bewerken=True)
    gevonden = list(vestigingen_van(partnerschap, request.GET.get("q", ""))[:50])
    return render(
        request,
        "subsidie/_vestiging_opties.html",
        {"vestigingen": gevonden, "gekozen": request.GET.get("vestiging", "")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plaatsing_bewerken(request, code, pk):
    partnerschap = org.partnerschap_voor_gebruiker(request.user, code, bewerken=True)
    plaatsing = get_object_or_404(
        partnerschap.plaatsingen.select_related("vestiging", "instituut"), pk=pk
    )
    if request.method == "GET":
        inzage_vastleggen(
            gebruiker=request.user,
            actie=Inzage.Actie.BEKEKEN,
            onderwerp=f"plaatsing {plaatsing.pk} ({partnerschap.code})",
            aantal=1,
        )
    return _plaatsing_formulier(request, partnerschap, plaatsing)


def _plaatsing_formulier(request, partnerschap, plaatsing):
    nieuw = plaatsing.pk is None
    form = PlaatsingForm(
        request.POST or None,
        partnerschap=partnerschap,
        plaatsing=None if nieuw else plaatsing,
        # A new placement starts in the year the placements page showed (its link
        # carries it), else the current one: registering is for the year at hand.
        schooljaar=schooljaar_uit_verzoek(request) if nieuw else None,
        zoek_url=reverse("subsidie:plaatsing_vestigingen", args=[partnerschap.code]),
    )
    terug = reverse("subsidie:plaatsingen", args=[partnerschap.code])
    if request.method == "POST" and form.is_valid():
        g = form.cleaned_data
        plaatsing.schooljaar = g["schooljaar_int"]
        plaatsing.vestiging = g["vestiging_obj"]
        plaatsing.instituut = g["instituut_obj"]
        plaatsing.studentnummer = g["studentnummer"].strip()
        plaatsing.naam = g["naam"]
        plaatsing.opleidingstype = g["opleidingstype"]
        plaatsing.startdatum = g["startdatum"]
        plaatsing.einddatum = g["einddatum"]
        nummer = (g.get("persoonsnummer") or "").strip()
        try:
            services.plaatsing_opslaan(
                plaatsing=plaatsing,
                persoonsnummer=nummer if (nummer or nieuw) else None,
                door=request.user,
            )
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(request, _("De plaatsing is opgeslagen; de telling wordt bijgewerkt."))
            return redirect(f"{terug}?schooljaar={schooljaar_label(plaatsing.schooljaar)}")
    titel = _("Plaatsing toevoegen") if nieuw else _("Plaatsing wijzigen")
    return formulier_pagina(request, form=form, titel=titel, terug_url=terug)


@login_required
@require_http_methods(["GET", "POST"])
def plaatsing_verwijderen(request, code, pk):
    partnerschap = org.partnerschap_voor_gebruiker(request.user, code, bewerken=True)
    plaatsing = get_object_or_404(partnerschap.plaatsingen, pk=pk)
    terug = reverse("subsidie:plaatsingen", args=[partnerschap.code])
    if request.method == "POST":
        services.plaatsing_verwijderen(plaatsing=plaatsing, door=request.user)
        messages.success(request, _("De plaatsing is verwijderd; de telling wordt bijgewerkt."))
        return redirect(terug)
    return bevestig(
        request,
        titel=_("Plaatsing verwijderen"),
        vraag=_(
            "Weet u zeker dat u de plaatsing van studentnummer %(s)s op %(v)s (vanaf %(d)s) "
            "wilt verwijderen?"
        )
        % {
            "s": plaatsing.studentnummer,
            "v": plaatsing.vestiging_id and plaatsing.vestiging.code,
            "d": plaatsing.startdatum.strftime("%d-%m-%Y"),
        },
        terug_url=terug,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plaatsingen_verwijderen(request, code, jaar):
    """All placements of one school year at once (a wrong delivery): the question names
    how many; the POST deletes them (subsidie.services.plaatsingen_verwijderen)."""
    partnerschap = org.partnerschap_voor_gebruiker(request.user, code, bewerken=True)
    terug = reverse("subsidie:plaatsingen", args=[partnerschap.code])
    terug += f"?schooljaar={schooljaar_label(jaar)}"
    aantal = partnerschap.plaatsingen.filter(schooljaar=jaar).count()
    if not aantal:
        raise Http404
    if request.method == "POST":
        weg = services.plaatsingen_verwijderen(
            partnerschap=partnerschap, schooljaar=jaar, door=request.user
        )
        messages.success(
            request,
            _("%(n)d plaatsingen van %(jaar)s zijn verwijderd; de telling wordt bijgewerkt.")
            % {"n": weg, "jaar": schooljaar_label(jaar)},
        )
        return redirect(terug)
    return bevestig(
        request,
        titel=_("Alle plaatsingen van %(jaar)s verwijderen") % {"jaar": schooljaar_label(jaar)},
        vraag=_(
            "Weet u zeker dat u alle %(n)d plaatsingen van %(naam)s in schooljaar %(jaar)s "
            "wilt verwijderen? Dit kan niet ongedaan worden gemaakt; een nieuwe upload zet "
            "ze terug."
        )
        % {"n": aantal, "naam": partnerschap.naam, "jaar": schooljaar_label(jaar)},
        terug_url=terug,
        knop=_("Alle %(n)d verwijderen") % {"n": aantal},
    )


@login_required
@require_GET
def partnerschap_telling(request, code):
    """Counts of one partnership per school year, for everyone who may see it."""
    partnerschap = org.partnerschap_voor_gebruiker(request.user, code)
    snapshots = (
        TellingSnapshot.objects.filter(actueel=True)
        .select_related("regeling")
        .order_by("-schooljaar")
    )
    rijen = []
    for s in snapshots:
        rij = _rij_van(s, partnerschap.code)
        if rij:
            rij["aandachtspunten"] = aandachtspunten.groeperen(
                [w for w in s.waarschuwingen if w.get("partnerschap") == partnerschap.code],
                schooljaar=s.schooljaar,
            )
            rijen.append({"schooljaar": schooljaar_label(s.schooljaar), "snapshot": s, **rij})
    return render(
        request,
        "subsidie/partnerschap_telling.html",
        {
            "partnerschap": partnerschap,
            "rijen": rijen,
            "mag_plaatsingen": org.mag_partnerschap_bewerken(request.user, partnerschap),
        },
    )


@login_required
@require_GET
def regio_telling(request, code):
    regio = org.regio_voor_gebruiker(request.user, code)
    schooljaar = schooljaar_uit_verzoek(request, selectors.standaard_schooljaar)
    snapshot = selectors.actuele_telling_of_geen(schooljaar)
    codes = selectors.regio_partnerschap_codes(regio)
    context = {
        "regio": regio,
        "schooljaar": schooljaar_label(schooljaar),
        "snapshot": snapshot,
        "nav": schooljaar_navigatie(schooljaar),
    }
    if snapshot:
        context.update(selectors.regio_overzicht(snapshot, regio, codes))
        context["bewerkbaar"] = org.partnerschap_codes_bewerkbaar_voor(request.user)
    return render(request, "subsidie/regio_telling.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def landelijk(request):
    vereist_beheerder(request.user)
    schooljaar = schooljaar_uit_verzoek(request, selectors.standaard_schooljaar)
    try:
        regeling = selectors.regeling_voor(schooljaar)
    except Regeling.DoesNotExist:
        regeling = None
    if request.method == "POST" and regeling:
        services.telling_aanvragen(schooljaar=schooljaar, regeling=regeling, door=request.user)
        messages.info(request, _("De landelijke telling is aangevraagd."))
        return redirect(
            f"{reverse('subsidie:landelijk')}?schooljaar={schooljaar_label(schooljaar)}"
        )
    snapshot = selectors.actuele_telling(schooljaar, regeling) if regeling else None
    return render(
        request,
        "subsidie/landelijk.html",
        {
            "schooljaar": schooljaar_label(schooljaar),
            "regeling": regeling,
            "snapshot": snapshot,
            "nav": schooljaar_navigatie(schooljaar),
            "partnerschap_namen": dict(Partnerschap.objects.values_list("code", "naam")),
        },
    )


@login_required
@require_GET
def regelingen(request):
    vereist_beheerder(request.user)
    return render(request, "subsidie/regelingen.html", {"regelingen": Regeling.objects.all()})


@login_required
@require_http_methods(["GET", "POST"])
def regeling_bewerken(request, code):
    vereist_beheerder(request.user)
    regeling = get_object_or_404(Regeling, code=code)
    form = RegelingForm(request.POST or None, instance=regeling)
    if request.method == "POST" and form.is_valid():
        try:
            services.regeling_opslaan(regeling=form.instance, door=request.user)
        except ValidationError as fout:
            formulier_fouten(form, fout)
        else:
            messages.success(request, _("De regeling is opgeslagen; tellingen worden bijgewerkt."))
            return redirect("subsidie:regelingen")
    return formulier_pagina(
        request,
        form=form,
        titel=_("Regeling %(code)s") % {"code": regeling.code},
        terug_url=reverse("subsidie:regelingen"),
    )


def _verantwoording_pagina(request, *, partnerschap=None, regio=None):
    schooljaar = schooljaar_uit_verzoek(request, selectors.standaard_schooljaar)
    if request.method == "POST":
        try:
            verantwoording = services.verantwoording_aanvragen(
                schooljaar=schooljaar, door=request.user, partnerschap=partnerschap, regio=regio
            )
        except Regeling.DoesNotExist:
            messages.error(request, _("Geen regeling dekt dit schooljaar."))
        else:
            messages.info(request, _("Versie %(v)s wordt gemaakt.") % {"v": verantwoording.versie})
        return redirect(f"{request.path}?schooljaar={schooljaar_label(schooljaar)}")
    versies = list(
        Verantwoording.objects.filter(partnerschap=partnerschap, regio=regio, schooljaar=schooljaar)
        .select_related("telling__regeling", "vastgesteld_door")
        .order_by("-versie")
    )
    # Who may adopt depends on the object, not on the version: ask once.
    mag = bool(versies) and selectors.mag_vaststellen(request.user, versies[0])
    for v in versies:
        v.mag_vaststellen = mag and v.status == Verantwoording.Status.CONCEPT
    # The way back: the partnership page, or the region's count for whoever may open
    # it (a bestuurder sees the region's report, not its count: then the start page).
    if partnerschap is not None:
        terug = (reverse("partnerschappen:detail", args=[partnerschap.code]), partnerschap.naam)
    elif org.regios_zichtbaar_voor(gebruiker=request.user).filter(pk=regio.pk).exists():
        terug = (reverse("subsidie:regio_telling", args=[regio.code]), regio.naam)
    else:
        terug = (reverse("start"), _("Start"))
    return render(
        request,
        "subsidie/verantwoording.html",
        {
            "object": partnerschap or regio,
            "terug": terug,
            "soort": "partnerschap" if partnerschap else "regio",
            "schooljaar": schooljaar_label(schooljaar),
            "versies": versies,
            "snapshot": selectors.actuele_telling_of_geen(schooljaar),
            "bezig": any(v.status == Verantwoording.Status.BEZIG for v in versies),
            "nav": schooljaar_navigatie(schooljaar),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def verantwoording_partnerschap(request, code):
    partnerschap = org.partnerschap_voor_gebruiker(request.user, code)
    return _verantwoording_pagina(request, partnerschap=partnerschap)


@login_required
@require_http_methods(["GET", "POST"])
def verantwoording_regio(request, code):
    regio = selectors.regios_voor_verantwoording(gebruiker=request.user).filter(code=code).first()
    if regio is None:
        raise Http404(_("Regio niet gevonden."))
    return _verantwoording_pagina(request, regio=regio)


@login_required
@require_GET
def verantwoording_download(request, uuid, formaat):
    if formaat not in ("pdf", "xlsx"):
        raise Http404()
    verantwoording = selectors.verantwoording_voor_gebruiker(request.user, uuid)
    bestand = verantwoording.pdf if formaat == "pdf" else verantwoording.xlsx
    if not bestand:
        raise Http404(_("Het rapport is nog niet klaar."))
    obj = verantwoording.object
    code = getattr(obj, "code", "")
    jaar = schooljaar_label(verantwoording.schooljaar)
    naam = f"verantwoording-{code}-{jaar}-v{verantwoording.versie}.{formaat}"
    soort = (
        "application/pdf"
        if formaat == "pdf"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return prive_download(bestand, naam, soort)


@login_required
@require_http_methods(["GET", "POST"])
def verantwoording_vaststellen(request, uuid):
    verantwoording = selectors.verantwoording_voor_gebruiker(request.user, uuid)
    if not selectors.mag_vaststellen(request.user, verantwoording):
        raise PermissionDenied(_("Alleen een bestuurder stelt de verantwoording vast."))
    obj = verantwoording.object
    terug = (
        reverse("subsidie:verantwoording_partnerschap", args=[obj.code])
        if verantwoording.partnerschap_id
        else reverse("subsidie:verantwoording_regio", args=[obj.code])
    ) + f"?schooljaar={schooljaar_label(verantwoording.schooljaar)}"
    if request.method == "POST":
        try:
            services.verantwoording_vaststellen(verantwoording=verantwoording, door=request.user)
        except ValidationError as fout:
            messages.error(request, " ".join(fout.messages))
        else:
            messages.success(request, _("De verantwoording is vastgesteld."))
        return redirect(terug)
    return render(
        request, "subsidie/vaststellen.html", {"verantwoording": verantwoording, "terug_url": terug}
    )


def _wat_als_bereik(gebruiker):
    """What a what-if shows the user: everything (beheerder, None), or the partnerships
    and regions of the kwartiermaker's regions; 403 for anyone else."""
    if org.is_beheerder(gebruiker):
        return None, None
    regios = list(org.regios_zichtbaar_voor(gebruiker=gebruiker))
    if not regios:
        raise PermissionDenied(_("Alleen voor kwartiermakers en beheerders."))
    codes = set()
    for regio in regios:
        codes |= selectors.regio_partnerschap_codes(regio)
    return codes, {r.code for r in regios}


@login_required
@require_GET
def wat_als(request):
    """A what-if count beside the official one (subsidie/wat_als.py): computed on request,
    never stored, labelled on the page and in the export."""
    partnerschappen, regios = _wat_als_bereik(request.user)
    eerste, laatste = schooljaar_bereik()
    jaren = list(range(laatste, eerste - 1, -1))
    standaard = selectors.standaard_schooljaar()
    form = WatAlsForm(
        request.GET if "regeling" in request.GET else None,
        schooljaren=jaren,
        initial={"schooljaar": schooljaar_label(standaard)},
    )
    context = {"form": form, "uitkomst": None}
    if form.is_bound and form.is_valid():
        jaar = parse_schooljaar(form.cleaned_data["schooljaar"])
        regeling = form.cleaned_data["regeling"]
        uitkomst = wat_als_.wat_als_berekenen(
            schooljaar=jaar, regeling=regeling, wijzigingen=form.wijzigingen()
        )
        snapshot = selectors.actuele_telling_of_geen(jaar)
        vergelijking = wat_als_.vergelijking(
            snapshot.resultaat if snapshot else None,
            uitkomst,
            partnerschappen=partnerschappen,
            regios=regios,
        )
        if request.GET.get("export") == "csv":
            return _wat_als_csv(jaar, regeling, uitkomst, vergelijking)
        params = request.GET.copy()
        params["export"] = "csv"
        context.update(
            uitkomst=uitkomst,
            snapshot=snapshot,
            vergelijking=vergelijking,
            regeling=regeling,
            schooljaar=schooljaar_label(jaar),
            export_url=f"?{params.urlencode()}",
        )
    return render(request, "subsidie/wat_als.html", context)


def _wat_als_csv(jaar, regeling, uitkomst, vergelijking):
    kop = [
        "Let op",
        "Soort",
        "Code",
        "Studenten (officieel)",
        "Zij-instromers (officieel)",
        "Bedrag (officieel)",
        "Studenten (wat-als)",
        "Zij-instromers (wat-als)",
        "Bedrag (wat-als)",
        "Verschil studenten",
        "Verschil zij-instromers",
        "Verschil bedrag",
    ]
    let_op = f"WAT-ALS, geen officiële telling ({regeling.code})"

    def regels():
        for soort, rijen in (
            ("partnerschap", vergelijking["partnerschappen"]),
            ("regio", vergelijking["regios"]),
            ("totaal", vergelijking["totaal"]),
        ):
            for r in rijen:
                o, w, d = r["officieel"] or {}, r["wat_als"], r.get("delta") or {}
                yield [
                    let_op,
                    soort,
                    r["code"],
                    o.get("studenten", ""),
                    o.get("zij_instromers", ""),
                    o.get("bedrag", ""),
                    w["studenten"],
                    w["zij_instromers"],
                    w["bedrag"],
                    d.get("studenten", ""),
                    d.get("zij_instromers", ""),
                    f"{d['bedrag']:.2f}" if "bedrag" in d else "",
                ]

    return csv_antwoord(f"wat-als-{schooljaar_label(jaar)}-{regeling.code}.csv", kop, regels())


def _open_jaar(request) -> tuple[int | None, list[int]]:
    jaren = open_cijfers_.jaren_met_cijfers()
    gevraagd = request.GET.get("schooljaar", "").strip()
    if not gevraagd:
        return (jaren[0] if jaren else None), jaren
    try:
        jaar = parse_schooljaar(gevraagd)
    except ValueError:
        raise Http404 from None
    if jaar not in jaren:
        raise Http404(_("Voor dit schooljaar zijn nog geen open cijfers."))
    return jaar, jaren


@openbaar
@require_GET
def open_cijfers(request):
    """The open figures: public, no login, only final counts, small cells suppressed."""
    jaar, jaren = _open_jaar(request)
    return render(
        request,
        "subsidie/open_cijfers.html",
        {
            "cijfers": open_cijfers_.open_cijfers(jaar) if jaar is not None else None,
            "jaren": [schooljaar_label(j) for j in jaren],
        },
    )


@openbaar
@require_GET
def open_cijfers_download(request, schooljaar, formaat):
    """The same table as CSV or JSON, with the release date on every file."""
    try:
        jaar = parse_schooljaar(schooljaar)
    except ValueError:
        raise Http404 from None
    if formaat not in ("csv", "json") or jaar not in open_cijfers_.jaren_met_cijfers():
        raise Http404
    cijfers = open_cijfers_.open_cijfers(jaar)
    naam = f"open-cijfers-{cijfers['schooljaar']}"
    if formaat == "json":
        antwoord = JsonResponse(open_cijfers_.als_json(cijfers), json_dumps_params={"indent": 2})
        antwoord["Content-Disposition"] = f'attachment; filename="{naam}.json"'
        return antwoord
    return csv_antwoord(f"{naam}.csv", *open_cijfers_.als_csv(cijfers))


@login_required
@require_GET
def open_cijfers_beheer(request):
    """Per region: whether its count of the year is final, and why; release it."""
    vereist_beheerder(request.user)
    schooljaar = schooljaar_uit_verzoek(request, selectors.standaard_schooljaar)
    definitief = {d.regio.code: d for d in open_cijfers_.definitieve_regios(schooljaar)}
    regios = [
        {"regio": r, "definitief": definitief.get(r.code)}
        for r in org.regios_zichtbaar_voor(gebruiker=request.user).order_by("code")
    ]
    return render(
        request,
        "subsidie/open_cijfers_beheer.html",
        {
            "schooljaar": schooljaar_label(schooljaar),
            "nav": schooljaar_navigatie(schooljaar),
            "regios": regios,
            "snapshot": selectors.actuele_telling_of_geen(schooljaar),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def open_cijfers_vrijgeven(request, code, schooljaar):
    vereist_beheerder(request.user)
    regio = org.regio_voor_gebruiker(request.user, code)
    try:
        jaar = parse_schooljaar(schooljaar)
    except ValueError:
        raise Http404 from None
    terug = f"{reverse('subsidie:open_cijfers_beheer')}?schooljaar={schooljaar_label(jaar)}"
    if request.method == "POST":
        try:
            services.open_cijfers_vrijgeven(regio=regio, schooljaar=jaar, door=request.user)
        except ValidationError as fout:
            messages.error(request, " ".join(fout.messages))
        else:
            messages.success(
                request,
                _("De telling van %(r)s %(j)s is vrijgegeven voor de open cijfers.")
                % {"r": regio.naam, "j": schooljaar_label(jaar)},
            )
        return redirect(terug)
    return bevestig(
        request,
        titel=_("Open cijfers vrijgeven"),
        vraag=_(
            "De huidige telling van %(r)s voor %(j)s wordt openbaar: iedereen kan de "
            "aantallen per sector zien en downloaden (kleine aantallen onderdrukt). "
            "Vrijgeven?"
        )
        % {"r": regio.naam, "j": schooljaar_label(jaar)},
        terug_url=terug,
        knop=_("Vrijgeven"),
    )


def _afstemming_pagina(request, *, titel, onderwerp, partnerschappen, terug_url):
    schooljaar = schooljaar_uit_verzoek(request, selectors.standaard_schooljaar)
    uitkomst = afstemming_.afstemming(schooljaar=schooljaar, partnerschappen=partnerschappen)
    rijen = uitkomst["rijen"]
    if request.GET.get("export") == "csv":
        codes = [c for c, _t in afstemming_.CATEGORIEEN]
        return csv_antwoord(
            f"afstemming-{onderwerp}-{schooljaar_label(schooljaar)}.csv",
            [
                "Schooljaar",
                "Partnerschap",
                "Instituut",
                "Opgave instituut",
                "Aangeleverd",
                "Geteld",
                "Verschil",
                *[afstemming_.CATEGORIE_TEKST[c] for c in codes],
            ],
            (
                [
                    schooljaar_label(schooljaar),
                    r["partnerschap"],
                    r["instituut"],
                    "" if r["opgave"] is None else r["opgave"],
                    r["aangeleverd"],
                    r["geteld"],
                    "" if r["verschil"] is None else r["verschil"],
                    *[r["categorieen"][c] for c in codes],
                ]
                for r in rijen
            ),
        )
    for r in rijen:
        r["uitleg"] = afstemming_.verschil_uitleg(r)
    return render(
        request,
        "subsidie/afstemming.html",
        {
            "titel": titel,
            "rijen": rijen,
            "snapshot": uitkomst["telling"],
            "schooljaar": schooljaar_label(schooljaar),
            "nav": schooljaar_navigatie(schooljaar),
            "terug_url": terug_url,
        },
    )


@login_required
@require_GET
def afstemming_partnerschap(request, code):
    """Reconciliation of a partnership: per institute its own figure beside the count,
    every difference explained (subsidie/afstemming.py). Counts only, no persons."""
    partnerschap = org.partnerschap_voor_gebruiker(request.user, code)
    return _afstemming_pagina(
        request,
        titel=_("Afstemming met de instituten: %(p)s") % {"p": partnerschap.naam},
        onderwerp=partnerschap.code,
        partnerschappen=Partnerschap.objects.filter(pk=partnerschap.pk),
        terug_url=reverse("partnerschappen:detail", args=[partnerschap.code]),
    )


@login_required
@require_GET
def afstemming_regio(request, code):
    """Reconciliation of every partnership in a region (its kwartiermaker's view)."""
    regio = org.regio_voor_gebruiker(request.user, code)
    return _afstemming_pagina(
        request,
        titel=_("Afstemming met de instituten: %(r)s") % {"r": regio.naam},
        onderwerp=regio.code,
        partnerschappen=Partnerschap.objects.filter(
            code__in=selectors.regio_partnerschap_codes(regio)
        ),
        terug_url=reverse("dashboard:regio", args=[regio.code]),
    )
