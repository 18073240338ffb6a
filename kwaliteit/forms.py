from django import forms
from django.utils.translation import gettext_lazy as _

from regio_portal.core.forms import DatumInput, Formulier, ModelFormulier

from .models import Ontwikkelpunt


class ZelfevaluatieForm(Formulier):
    """One score, onderbouwing and gewenste situatie per kenmerk; the revision it started
    from travels along to detect a colleague's save in between."""

    revisie = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, zelfevaluatie, scores, **kwargs):
        super().__init__(*args, **kwargs)
        keuzes = [("", _("(nog geen score)"))] + [
            (s["waarde"], f"{s['waarde']} – {s['label']}" if s["waarde"] != "nvt" else s["label"])
            for s in zelfevaluatie.kader.schaal
        ]
        self.kenmerk_velden = []
        for s in scores:
            k = s.kenmerk
            self.fields[f"score_{k.pk}"] = forms.ChoiceField(
                label=_("Score"), choices=keuzes, required=False, initial=s.score
            )
            self.fields[f"onderbouwing_{k.pk}"] = forms.CharField(
                label=_("Onderbouwing"),
                required=False,
                initial=s.onderbouwing,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Verplicht bij een score (bij indienen)."),
            )
            self.fields[f"gewenst_{k.pk}"] = forms.CharField(
                label=_("Gewenste situatie"),
                required=False,
                initial=s.gewenste_situatie,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.kenmerk_velden.append(
                (s, self[f"score_{k.pk}"], self[f"onderbouwing_{k.pk}"], self[f"gewenst_{k.pk}"])
            )
        # The NL Design System classes for the fields added after the mixin ran.
        for veld in self.fields.values():
            if isinstance(veld.widget, forms.Select):
                veld.widget.attrs["class"] = "utrecht-select utrecht-select--html-select"
            elif isinstance(veld.widget, forms.Textarea):
                veld.widget.attrs["class"] = "utrecht-textarea utrecht-textarea--html-textarea"

    def antwoorden(self) -> dict:
        uit = {}
        for s, *_velden in self.kenmerk_velden:
            k = s.kenmerk_id
            uit[k] = (
                self.cleaned_data.get(f"score_{k}", ""),
                self.cleaned_data.get(f"onderbouwing_{k}", ""),
                self.cleaned_data.get(f"gewenst_{k}", ""),
            )
        return uit


class HeropenenForm(Formulier):
    reden = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 3}))


class BewijsstukForm(Formulier):
    titel = forms.CharField(label=_("Titel"), max_length=250)
    kenmerk = forms.ChoiceField(label=_("Bij kenmerk"), required=False)
    bestand = forms.FileField(
        label=_("Bestand"),
        required=False,
        help_text=_("pdf, docx, xlsx, png of jpg; hoogstens 10 MB."),
    )
    url = forms.URLField(label=_("Of een link"), required=False, assume_scheme="https")

    def __init__(self, *args, kenmerken, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kenmerk"].choices = [("", _("(hele zelfevaluatie)"))] + [
            (str(k.pk), k.code) for k in kenmerken
        ]

    def clean(self):
        g = super().clean()
        if bool(g.get("bestand")) == bool(g.get("url")):
            raise forms.ValidationError(_("Kies een bestand of een link (één van beide)."))
        return g


class OntwikkelpuntForm(ModelFormulier):
    waarborg_code = forms.ChoiceField(label=_("Waarborg"))

    class Meta:
        model = Ontwikkelpunt
        fields = ["waarborg_code", "wat", "eigenaar", "deadline", "status"]
        widgets = {"deadline": DatumInput(), "wat": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, waarborgen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["waarborg_code"].choices = [(w.code, f"{w.code} {w.titel}") for w in waarborgen]


class KaderImportForm(Formulier):
    bestand = forms.FileField(label=_("Kaderbestand (JSON)"))
