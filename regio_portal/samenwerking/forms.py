from django import forms
from django.utils.translation import gettext_lazy as _

from regio_portal.core.forms import DatumInput, Formulier, ModelFormulier

from .models import Actie, AfspraakOnderwerp, Ambitie, Bijeenkomst, Optie


class DatumTijdInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class BijeenkomstForm(ModelFormulier):
    online_link = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")

    class Meta:
        model = Bijeenkomst
        fields = [
            "regio",
            "titel",
            "thema",
            "omschrijving",
            "begin",
            "eind",
            "locatie",
            "online_link",
            "capaciteit",
            "doelgroepen",
            "sector",
        ]
        widgets = {"begin": DatumTijdInput(), "eind": DatumTijdInput()}

    def __init__(self, *args, regios, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regio"].queryset = regios.order_by("code")


class PubliekAanmeldForm(Formulier):
    naam = forms.CharField(label=_("Naam"), max_length=200)
    email = forms.EmailField(label=_("E-mailadres"))
    vestiging = forms.ModelChoiceField(
        label=_("School"), queryset=None, to_field_name="code", empty_label=_("Kies uw school")
    )
    rol = forms.CharField(
        label=_("Functie"),
        max_length=100,
        required=False,
        help_text=_("Bijvoorbeeld: schoolopleider, werkplekbegeleider, leraar."),
    )
    # A field people do not see: a form that fills it is not a person.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, scholen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vestiging"].queryset = scholen
        self.fields["vestiging"].label_from_instance = lambda v: f"{v.naam} ({v.plaats or v.code})"


class AanwezigheidForm(Formulier):
    aanwezig = forms.MultipleChoiceField(
        label=_("Aanwezig"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, aanmeldingen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aanwezig"].choices = [(str(a.pk), a.naam or "–") for a in aanmeldingen]
        self.fields["aanwezig"].initial = [str(a.pk) for a in aanmeldingen if a.aanwezig]


class ContactnotitieForm(Formulier):
    datum = forms.DateField(label=_("Datum"), widget=DatumInput())
    contact = forms.CharField(
        label=_("Contact"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Met wie, en wat is besproken."),
        max_length=2000,
    )
    volgende_stap = forms.CharField(label=_("Volgende stap"), max_length=250, required=False)


class AfspraakOnderwerpForm(ModelFormulier):
    class Meta:
        model = AfspraakOnderwerp
        fields = ["titel", "soort", "eenheid", "toelichting"]


class WaardeForm(Formulier):
    """An amount or a text, as the topic asks (a practice or a regional agreement)."""

    bedrag = forms.DecimalField(
        label=_("Bedrag (euro)"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    tekst = forms.CharField(
        label=_("Afspraak"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, onderwerp, met_datum=False, huidig_document="", **kwargs):
        super().__init__(*args, **kwargs)
        if onderwerp.soort == AfspraakOnderwerp.Soort.TEKST and not met_datum:
            # A partnership's practice may be a document (a format, a model contract).
            self.fields["document"] = forms.FileField(
                label=_("Document (optioneel)"),
                required=False,
                help_text=_("pdf, docx, xlsx, png of jpg, hoogstens 10 MB"),
            )
            if huidig_document:
                self.fields["document_weg"] = forms.BooleanField(
                    label=_("Het huidige document (%(n)s) weghalen") % {"n": huidig_document},
                    required=False,
                )
        if onderwerp.soort == AfspraakOnderwerp.Soort.BEDRAG:
            self.fields["bedrag"].required = True
            if onderwerp.eenheid:
                self.fields["bedrag"].help_text = onderwerp.eenheid
            self.fields["tekst"].label = _("Toelichting (optioneel)")
        else:
            del self.fields["bedrag"]
            # A text, a document or both: the service says so when both are missing.
            self.fields["tekst"].required = met_datum
        if met_datum:
            self.fields["ingangsdatum"] = forms.DateField(
                label=_("Geldt vanaf"), widget=DatumInput()
            )


# Ontwerpprincipes and routes ----------------------------------------------------------


class PrincipesImportForm(Formulier):
    bestand = forms.FileField(label=_("Bestand met ontwerpprincipes (JSON)"))


class RouteNieuwForm(Formulier):
    begin_jaar = forms.IntegerField(label=_("Van (jaar)"), min_value=2020, max_value=2100)
    eind_jaar = forms.IntegerField(label=_("Tot en met (jaar)"), min_value=2020, max_value=2106)

    def clean(self):
        d = super().clean()
        begin, eind = d.get("begin_jaar"), d.get("eind_jaar")
        if begin and eind and not begin <= eind <= begin + 6:
            self.add_error(
                "eind_jaar", _("De periode loopt van een jaar tot hoogstens zes jaar later.")
            )
        return d


class AmbitieForm(ModelFormulier):
    class Meta:
        model = Ambitie
        fields = ["tekst", "principes", "waarborgen", "bronnen"]
        widgets = {
            "tekst": forms.Textarea(attrs={"rows": 3}),
            "principes": forms.CheckboxSelectMultiple,
            "waarborgen": forms.CheckboxSelectMultiple,
            "bronnen": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, route, waarborgen, bronnen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principes"].queryset = route.principes.principes.all()
        self.fields["waarborgen"].queryset = waarborgen
        self.fields["waarborgen"].required = False
        self.fields["waarborgen"].help_text = _(
            "Waarborgen van het kwaliteitskader, waar dat past."
        )
        if route.is_regionaal:
            self.fields["bronnen"].queryset = bronnen
            self.fields["bronnen"].required = False
            self.fields["bronnen"].label_from_instance = lambda a: (
                f"{a.route.partnerschap.code}: {a.tekst[:120]}"
            )
        else:
            del self.fields["bronnen"]


class AnalyseForm(Formulier):
    """One text per principle of the route's version."""

    def __init__(self, *args, principes, huidig: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.principes = principes
        for p in principes:
            self.fields[f"principe_{p.nummer}"] = forms.CharField(
                label=str(p),
                required=False,
                initial=huidig.get(p.pk, ""),
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=p.toelichting,
            )


class OptieForm(ModelFormulier):
    class Meta:
        model = Optie
        fields = ["titel", "voordelen", "nadelen"]
        widgets = {
            "voordelen": forms.Textarea(attrs={"rows": 3}),
            "nadelen": forms.Textarea(attrs={"rows": 3}),
        }


class ActieForm(ModelFormulier):
    class Meta:
        model = Actie
        fields = ["wat", "eigenaar", "deadline", "status", "ambitie"]
        widgets = {"deadline": DatumInput()}

    def __init__(self, *args, route, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ambitie"].queryset = route.ambities.all()
        self.fields["ambitie"].required = False


class OpmerkingForm(Formulier):
    principe = forms.ModelChoiceField(
        label=_("Bij ontwerpprincipe"),
        queryset=None,
        required=False,
        empty_label=_("bij de route als geheel"),
    )
    tekst = forms.CharField(label=_("Opmerking"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, route, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principe"].queryset = route.principes.principes.all()


class RedenForm(Formulier):
    reden = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 3}))
