"""Generic pages: the import flow (upload, preview, confirm) and the audit log."""

from __future__ import annotations

import re

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .audit import auditregels
from .excel import DATUM, TEKST, Kolom
from .forms import DatumInput, Formulier
from .importbestanden import importbestand_bevestig, importbestand_controleer
from .importeren import IMPORT_SOORTEN, soorten_voor
from .models import Importbestand, Inzage
from .toegang import is_beheerder, vereist_beheerder
from .weergave import csv_antwoord, pagineer, xlsx_antwoord


class ImportForm(Formulier):
    soort = forms.ChoiceField(label=gettext_lazy("Soort gegevens"))
    bestand = forms.FileField(
        label=gettext_lazy("Bestand"),
        help_text=gettext_lazy(
            "CSV (komma of puntkomma, UTF-8 of Windows-1252) of Excel (xlsx), hoogstens 20 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    vervang = forms.BooleanField(
        label=gettext_lazy("Vervangen"),
        required=False,
        help_text=gettext_lazy(
            "Alleen bij plaatsingen: het bestand vervangt alle plaatsingen van de "
            "partnerschappen en schooljaren erin (in één keer, alles of niets)."
        ),
    )

    partnerschap = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, gebruiker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].choices = [(s.code, s.label) for s in soorten_voor(gebruiker)]

    def clean(self):
        gegevens = super().clean()
        soort = IMPORT_SOORTEN.get(gegevens.get("soort"))
        if gegevens.get("vervang") and soort and not soort.ondersteunt_vervang:
            self.add_error("vervang", _("Vervangen kan alleen bij plaatsingen."))
        return gegevens

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if bestand.size > settings.MAX_IMPORTBESTAND:
            raise forms.ValidationError(_("Het bestand is groter dan 20 MB."))
        return bestand


def _opties(gegevens) -> dict:
    opties = {}
    if gegevens["vervang"]:
        opties["vervang"] = True
    if gegevens.get("partnerschap"):
        # Limits the importer's scope to this partnership (the resource checks that it
        # is the user's): rows of another one are errors, the column may stay empty.
        opties["partnerschap"] = gegevens["partnerschap"]
    return opties


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request):
    """Upload a file. `?soort=plaatsingen&partnerschap=P-DPO` (the link on the placements
    page) preselects the kind and limits the import to that partnership."""
    soorten = soorten_voor(request.user)
    if not soorten:
        raise PermissionDenied(_("U mag geen gegevens importeren."))
    gekozen = next((s for s in soorten if s.code == request.GET.get("soort", "")), None)
    initial = {"soort": gekozen.code if gekozen else "", "partnerschap": ""}
    code = request.GET.get("partnerschap", "")
    # Only the shape of a code here (core names no app); the importer's scope decides
    # whether it is the user's, and rows of another partnership are errors.
    if gekozen and gekozen.ondersteunt_vervang and re.fullmatch(r"[\w.-]{1,40}", code):
        initial["partnerschap"] = code
    form = ImportForm(
        request.POST or None, request.FILES or None, gebruiker=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        bestand = form.cleaned_data["bestand"]
        importbestand = importbestand_controleer(
            soort=form.cleaned_data["soort"],
            inhoud=bestand.read(),
            bestandsnaam=bestand.name,
            door=request.user,
            opties=_opties(form.cleaned_data),
        )
        return redirect("core:import_detail", pk=importbestand.pk)
    recent = Importbestand.objects.filter(geupload_door=request.user)[:10]
    labels = {s.code: s.label for s in IMPORT_SOORTEN.values()}
    for i in recent:
        i.soort_label = labels.get(i.soort, i.soort)
    return render(
        request,
        "core/import_start.html",
        {
            "form": form,
            "recent": recent,
            "gekozen": gekozen,
            "soorten": [s for s in soorten if s.kolommen and s is not gekozen],
            "partnerschap": initial["partnerschap"],
        },
    )


@login_required
@require_GET
def import_sjabloon(request, soort, formaat):
    """An empty file of the kind's columns with one example row, as CSV or XLSX."""
    import_soort = next((s for s in soorten_voor(request.user) if s.code == soort), None)
    if import_soort is None or not import_soort.kolommen or formaat not in ("csv", "xlsx"):
        raise Http404(_("Geen sjabloon voor deze soort."))
    # The headers are the format's own column names (the upload reads them back); in
    # Excel a date column holds a real date.
    kop = [
        Kolom(k.naam, DATUM if k.naam.endswith("datum") else TEKST) for k in import_soort.kolommen
    ]
    voorbeeld = [[k.voorbeeld for k in import_soort.kolommen]]
    naam = f"sjabloon-{import_soort.code}.{formaat}"
    if formaat == "csv":
        antwoord = csv_antwoord(naam, kop, voorbeeld)
    else:
        antwoord = xlsx_antwoord(naam, kop, voorbeeld, blad=f"Sjabloon {import_soort.code}")
    # Like every download behind the login: not cached by proxies, never sniffed.
    antwoord["Cache-Control"] = "private, no-store"
    antwoord["X-Content-Type-Options"] = "nosniff"
    return antwoord


def _importbestand_voor(gebruiker, pk) -> Importbestand:
    qs = Importbestand.objects.select_related("geupload_door")
    if not is_beheerder(gebruiker):
        qs = qs.filter(geupload_door=gebruiker)
    try:
        return qs.get(pk=pk)
    except Importbestand.DoesNotExist:
        raise Http404(_("Import niet gevonden.")) from None


@login_required
@require_GET
def import_detail(request, pk):
    importbestand = _importbestand_voor(request.user, pk)
    soort = IMPORT_SOORTEN.get(importbestand.soort)
    context = {"importbestand": importbestand, "soort": soort}
    if soort and soort.effect_template and importbestand.effect:
        context["effect_template"] = soort.effect_template
        context.update(soort.effect_context(importbestand) if soort.effect_context else {})
    return render(request, "core/import_detail.html", context)


@login_required
@require_POST
def import_bevestig(request, pk):
    importbestand = _importbestand_voor(request.user, pk)
    if importbestand.status != Importbestand.Status.GECONTROLEERD:
        messages.error(request, _("Deze import kan niet (meer) worden bevestigd."))
        return redirect("core:import_detail", pk=importbestand.pk)
    if importbestand_bevestig(importbestand=importbestand):
        messages.info(request, _("De import is gestart."))
    # Otherwise plaats() has told the user that the queue is away and the import waits.
    return redirect("core:import_detail", pk=importbestand.pk)


class AuditFilterForm(Formulier):
    is_filter = True
    soort = forms.ChoiceField(label=gettext_lazy("Soort object"), required=False)
    actie = forms.ChoiceField(
        label=gettext_lazy("Actie"),
        required=False,
        choices=[
            ("", gettext_lazy("Alle")),
            ("0", gettext_lazy("aangemaakt")),
            ("1", gettext_lazy("gewijzigd")),
            ("2", gettext_lazy("verwijderd")),
        ],
    )
    wie = forms.CharField(label=gettext_lazy("Door (e-mailadres)"), required=False)
    q = forms.CharField(label=gettext_lazy("Object"), required=False)
    van = forms.DateField(label=gettext_lazy("Vanaf"), required=False, widget=DatumInput())
    tot = forms.DateField(label=gettext_lazy("Tot en met"), required=False, widget=DatumInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        modellen = sorted(auditlog.get_models(), key=lambda m: str(m._meta.verbose_name))
        self.fields["soort"].choices = [("", _("Alle"))] + [
            (f"{m._meta.app_label}.{m._meta.model_name}", capfirst(m._meta.verbose_name))
            for m in modellen
        ]


@login_required
@require_GET
def audit_lijst(request):
    """Who changed what: filter by date, user, object and kind; 25 per page, readable
    (model and field labels, names instead of ids, local time, no empty changes)."""
    vereist_beheerder(request.user)
    form = AuditFilterForm(request.GET or None)
    qs = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")
    if form.is_valid():
        g = form.cleaned_data
        if g["soort"]:
            app, model = g["soort"].split(".", 1)
            qs = qs.filter(content_type__app_label=app, content_type__model=model)
        if g["actie"]:
            qs = qs.filter(action=int(g["actie"]))
        if g["wie"].strip():
            qs = qs.filter(actor__email__icontains=g["wie"].strip())
        if g["q"].strip():
            qs = qs.filter(object_repr__icontains=g["q"].strip())
        if g["van"]:
            qs = qs.filter(timestamp__date__gte=g["van"])
        if g["tot"]:
            qs = qs.filter(timestamp__date__lte=g["tot"])
    context = pagineer(request, qs, per_pagina=25)
    context["regels"] = auditregels(context["page_obj"].object_list)
    context["form"] = form
    context["acties"] = {
        0: _("aangemaakt"),
        1: _("gewijzigd"),
        2: _("verwijderd"),
        3: _("ingezien"),
    }
    return render(request, "core/audit_lijst.html", context)


@login_required
@require_GET
def inzage_lijst(request):
    """The access log of student-level data, for the beheerder (and the DPO through
    them): filter by who, what and action; CSV export of what is shown."""
    vereist_beheerder(request.user)
    qs = Inzage.objects.all()
    if wie := request.GET.get("wie", "").strip():
        qs = qs.filter(email__icontains=wie)
    if wat := request.GET.get("q", "").strip():
        qs = qs.filter(onderwerp__icontains=wat)
    if (actie := request.GET.get("actie", "")) in Inzage.Actie.values:
        qs = qs.filter(actie=actie)
    if request.GET.get("export") == "csv":
        return csv_antwoord(
            "inzagelog.csv",
            ["Tijdstip", "E-mailadres", "Actie", "Wat", "Aantal"],
            (
                [i.tijdstip.isoformat(), i.email, i.actie, i.onderwerp, i.aantal]
                for i in qs.iterator()
            ),
        )
    context = pagineer(request, qs, per_pagina=50)
    context["acties"] = Inzage.Actie.choices
    return render(request, "core/inzage_lijst.html", context)
