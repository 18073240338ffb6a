from django import forms
from django.utils.translation import gettext_lazy as _

from regio_portal.core.forms import DatumInput, Formulier, ModelFormulier

from .models import Cyclus, Paarregel


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


class PaarregelForm(Formulier):
    bezoeker = forms.CharField(label=_("Bezoekend partnerschap (code)"), max_length=30)
    ontvangend = forms.CharField(label=_("Ontvangend partnerschap (code)"), max_length=30)
    soort = forms.ChoiceField(label=_("Regel"), choices=Paarregel.Soort.choices)
