from django import forms
from django.utils.translation import gettext_lazy as _

from regio_portal.core.forms import DatumInput, Formulier, ModelFormulier

from .models import Cyclus, Paarregel, PanelLid


class CyclusForm(ModelFormulier):
    class Meta:
        model = Cyclus
        fields = [
            "naam",
            "regio",
            "begin",
            "deadline",
            "bezoekers_per_review",
            "max_bezoeken",
            "andere_regio_verplicht",
            "sector",
        ]
        widgets = {"begin": DatumInput(), "deadline": DatumInput()}

    def __init__(self, *args, regios, landelijk_toegestaan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regio"].queryset = regios
        self.fields["regio"].required = not landelijk_toegestaan
        self.fields["regio"].empty_label = _("landelijk") if landelijk_toegestaan else None


class CyclusRegelsForm(ModelFormulier):
    """The rules a coordinator may change on a running cycle before the next proposal."""

    class Meta:
        model = Cyclus
        fields = [
            "deadline",
            "bezoekers_per_review",
            "max_bezoeken",
            "andere_regio_verplicht",
            "sector",
            "reflectie_vooraf_dagen",
            "verslag_binnen_dagen",
        ]
        widgets = {"deadline": DatumInput()}


class PaarregelForm(Formulier):
    """Pick from the cycle's partnerships, by name with code (no codes to type)."""

    bezoeker = forms.ChoiceField(label=_("Bezoekend partnerschap"))
    ontvangend = forms.ChoiceField(label=_("Ontvangend partnerschap"))
    soort = forms.ChoiceField(label=_("Regel"), choices=Paarregel.Soort.choices)

    def __init__(self, *args, bezoekers, ontvangenden, **kwargs):
        """Visitors may come from the whole country; receivers are the cycle's."""
        super().__init__(*args, **kwargs)
        self._per_veld = {}
        for naam, qs in (("bezoeker", bezoekers), ("ontvangend", ontvangenden)):
            self._per_veld[naam] = {p.code: p for p in qs.order_by("naam")}
            self.fields[naam].choices = [("", _("Kies een partnerschap"))] + [
                (p.code, f"{p.naam} ({p.code})") for p in self._per_veld[naam].values()
            ]

    def clean(self):
        g = super().clean()
        for naam in ("bezoeker", "ontvangend"):
            if naam in g:
                g[naam] = self._per_veld[naam][g[naam]]
        return g


class VoorbereidenForm(Formulier):
    bezoekdatum = forms.DateField(
        label=_("Voorgestelde bezoekdatum"), widget=DatumInput(), required=False
    )
    kritische_reflectie = forms.ModelChoiceField(
        label=_("Kritische reflectie (ingediende zelfevaluatie)"), queryset=None, required=False
    )
    ontwikkelvragen = forms.CharField(
        label=_("Ontwikkelvragen"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, zelfevaluaties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kritische_reflectie"].queryset = zelfevaluaties


class PanellidForm(Formulier):
    email = forms.EmailField(label=_("E-mailadres"))
    naam = forms.CharField(label=_("Naam"), max_length=200)
    partnerschap = forms.ModelChoiceField(label=_("Namens partnerschap"), queryset=None)
    rol = forms.ChoiceField(label=_("Rol in het panel"), choices=())

    def __init__(self, *args, bezoekers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnerschap"].queryset = bezoekers
        self.fields["rol"].choices = PanelLid.Rol.choices


class VerslagForm(Formulier):
    verslag = forms.FileField(label=_("Verslag (pdf)"))
