from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from regio_portal.core.forms import DatumInput, Formulier, ModelFormulier

from .models import (
    Bestuur,
    Contactpersoon,
    Instituut,
    Lidmaatschap,
    Overeenkomst,
    Partnerschap,
    PartnerschapSector,
    Regio,
    Rol,
    Sector,
    Vestiging,
)


class PartnerschapForm(ModelFormulier):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Partnerschap
        fields = ["naam", "sector", "status", "omschrijving", "website"]
        widgets = {"omschrijving": forms.Textarea(attrs={"rows": 4})}


class LidToevoegenForm(Formulier):
    soort = forms.ChoiceField(
        label=_("Soort lid"), choices=Lidmaatschap.Soort.choices, widget=forms.RadioSelect
    )
    code = forms.CharField(
        label=_("Vestigingscode of instellingscode"),
        max_length=6,
        help_text=_("Bijvoorbeeld 16SW03 voor een vestiging of 21PB voor een instituut."),
    )
    startdatum = forms.DateField(label=_("Startdatum"), widget=DatumInput())
    einddatum = forms.DateField(label=_("Einddatum"), widget=DatumInput(), required=False)

    def clean(self):
        gegevens = super().clean()
        soort, code = gegevens.get("soort"), (gegevens.get("code") or "").strip().upper()
        if soort and code:
            model = Vestiging if soort == Lidmaatschap.Soort.VESTIGING else Instituut
            gegevens["lid"] = model.objects.filter(code=code).first()
            if gegevens["lid"] is None:
                omschrijving = _("vestiging") if model is Vestiging else _("instituut")
                self.add_error(
                    "code",
                    _("Er is geen %(soort)s met code %(code)s bekend.")
                    % {"soort": omschrijving, "code": code},
                )
        return gegevens


class LidmaatschapForm(ModelFormulier):
    class Meta:
        model = Lidmaatschap
        fields = ["startdatum", "einddatum"]
        widgets = {"startdatum": DatumInput(), "einddatum": DatumInput()}


class ContactpersoonForm(ModelFormulier):
    class Meta:
        model = Contactpersoon
        fields = ["naam", "functie", "email", "telefoon"]


class OvereenkomstForm(Formulier):
    titel = forms.CharField(label=_("Titel"), max_length=250)
    soort = forms.ChoiceField(label=_("Soort"), choices=Overeenkomst.Soort.choices)
    datum = forms.DateField(label=_("Datum ondertekening"), widget=DatumInput(), required=False)
    bestand = forms.FileField(
        label=_("Bestand (pdf)"),
        help_text=_("Een pdf van hoogstens 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if bestand.size > settings.MAX_OVEREENKOMST:
            raise forms.ValidationError(_("Het bestand is groter dan 10 MB."))
        return bestand


class UitnodigingForm(Formulier):
    email = forms.EmailField(label=_("E-mailadres"))
    naam = forms.CharField(label=_("Naam"), max_length=200)


class BeheerUitnodigingForm(UitnodigingForm):
    soort = forms.ChoiceField(label=_("Rol"), choices=Rol.Soort.choices)
    object_code = forms.CharField(
        label=_("Code van regio, partnerschap of bestuursnummer"),
        required=False,
        help_text=_(
            "Regio voor een kwartiermaker, partnerschap voor een programmaleider, "
            "bestuursnummer voor een bestuurder; leeg voor beheerder of peer reviewer."
        ),
    )
    geldig_tot = forms.DateField(label=_("Geldig tot en met"), widget=DatumInput(), required=False)

    def clean(self):
        gegevens = super().clean()
        soort, code = gegevens.get("soort"), (gegevens.get("object_code") or "").strip()
        objecten = {
            Rol.Soort.KWARTIERMAKER: ("regio", Regio, "code"),
            Rol.Soort.PROGRAMMALEIDER: ("partnerschap", Partnerschap, "code"),
            Rol.Soort.BESTUURDER: ("bestuur", Bestuur, "nummer"),
        }
        if soort in objecten:
            attr, model, sleutel = objecten[soort]
            obj = model.objects.filter(**{sleutel: code}).first() if code else None
            if obj is None:
                self.add_error(
                    "object_code", _("Onbekende code '%(code)s' voor deze rol.") % {"code": code}
                )
            gegevens[attr] = obj
        elif code:
            self.add_error(
                "object_code", _("Deze rol hoort bij geen regio, partnerschap of bestuur.")
            )
        return gegevens


class PartnerschapFilterForm(Formulier):
    is_filter = True
    q = forms.CharField(label=_("Zoeken"), required=False)
    sector = forms.ChoiceField(
        label=_("Sector"),
        required=False,
        choices=[("", _("Alle"))] + list(PartnerschapSector.choices),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle"))] + list(Partnerschap.Status.choices),
    )


class VestigingFilterForm(Formulier):
    is_filter = True
    q = forms.CharField(label=_("Zoeken (code, naam, plaats)"), required=False)
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("Alle"))] + list(Sector.choices)
    )
    zonder_regio = forms.BooleanField(label=_("Alleen zonder regio"), required=False)
    zonder_partnerschap = forms.BooleanField(label=_("Alleen zonder partnerschap"), required=False)
