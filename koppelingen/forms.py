import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regio_portal.core.forms import DatumInput, Formulier

from . import selectors


class SleutelForm(Formulier):
    instituut = forms.ModelChoiceField(label=_("Instituut"), queryset=None)
    naam = forms.CharField(
        label=_("Omschrijving"),
        max_length=100,
        help_text=_("Waarvoor de sleutel is, bijvoorbeeld 'Osiris productie'."),
    )
    verloopt_op = forms.DateField(
        label=_("Geldig tot en met"),
        widget=DatumInput(),
        help_text=_("Hoogstens een jaar vanaf vandaag."),
    )

    def __init__(self, *args, gebruiker, **kwargs):
        kwargs.setdefault("initial", {"verloopt_op": timezone.localdate() + dt.timedelta(days=365)})
        super().__init__(*args, **kwargs)
        self.fields["instituut"].queryset = selectors.instituten_voor_sleutel(
            gebruiker=gebruiker
        ).order_by("naam")
