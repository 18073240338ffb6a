from django import forms
from django.utils.translation import gettext_lazy as _

from partnerschappen.models import Instituut, Vestiging
from regio_portal.core.forms import DatumInput, Formulier, ModelFormulier
from regio_portal.core.schooljaar import parse_schooljaar, schooljaar_label

from .models import Opleidingstype, Regeling
from .validatie import plaatsing_fouten


class PlaatsingForm(Formulier):
    schooljaar = forms.CharField(label=_("Schooljaar"), help_text=_("Bijvoorbeeld 2025-2026."))
    vestiging = forms.CharField(label=_("Vestigingscode"), max_length=6)
    instituut = forms.CharField(label=_("Instellingscode van het instituut"), max_length=4)
    studentnummer = forms.CharField(label=_("Studentnummer"), max_length=40)
    persoonsnummer = forms.CharField(
        label=_("Persoonsnummer (BSN of onderwijsnummer)"),
        required=False,
        max_length=9,
        help_text=_(
            "Wordt alleen versleuteld bewaard en nooit getoond. Leeg laten bij "
            "wijzigen houdt het bestaande."
        ),
    )
    naam = forms.CharField(label=_("Naam"), required=False, max_length=200)
    opleidingstype = forms.ChoiceField(label=_("Opleidingstype"), choices=Opleidingstype.choices)
    startdatum = forms.DateField(label=_("Startdatum"), widget=DatumInput())
    einddatum = forms.DateField(
        label=_("Einddatum"),
        widget=DatumInput(),
        required=False,
        help_text=_("Leeg: tot het einde van het schooljaar."),
    )

    def __init__(self, *args, plaatsing=None, **kwargs):
        if plaatsing is not None and not kwargs.get("data"):
            kwargs["initial"] = {
                "schooljaar": schooljaar_label(plaatsing.schooljaar),
                "vestiging": plaatsing.vestiging.code,
                "instituut": plaatsing.instituut.code,
                "studentnummer": plaatsing.studentnummer,
                "naam": plaatsing.naam,
                "opleidingstype": plaatsing.opleidingstype,
                "startdatum": plaatsing.startdatum,
                "einddatum": plaatsing.einddatum,
            }
        super().__init__(*args, **kwargs)

    def clean(self):
        g = super().clean()
        try:
            g["schooljaar_int"] = parse_schooljaar(g.get("schooljaar", ""))
        except ValueError as exc:
            self.add_error("schooljaar", str(exc))
        vestiging = (g.get("vestiging") or "").strip().upper()
        g["vestiging_obj"] = Vestiging.objects.filter(code=vestiging).first()
        if vestiging and g["vestiging_obj"] is None:
            self.add_error(
                "vestiging", _("Er is geen vestiging met code %(c)s.") % {"c": vestiging}
            )
        instituut = (g.get("instituut") or "").strip().upper()
        g["instituut_obj"] = Instituut.objects.filter(code=instituut).first()
        if instituut and g["instituut_obj"] is None:
            self.add_error(
                "instituut", _("Er is geen instituut met code %(c)s.") % {"c": instituut}
            )
        if "schooljaar_int" in g and g.get("startdatum"):
            for veld, melding in plaatsing_fouten(
                schooljaar=g["schooljaar_int"],
                startdatum=g["startdatum"],
                einddatum=g.get("einddatum"),
                persoonsnummer=(g.get("persoonsnummer") or "").strip(),
            ).items():
                self.add_error(veld, melding)
        return g


class PlaatsingFilterForm(Formulier):
    is_filter = True
    schooljaar = forms.ChoiceField(label=_("Schooljaar"))
    status = forms.ChoiceField(
        label=_("Telt mee?"),
        required=False,
        choices=[
            ("", _("Alle")),
            ("geteld", _("Geteld")),
            ("niet", _("Niet geteld")),
            ("elders", _("Geteld bij een andere plaatsing")),
        ],
    )
    q = forms.CharField(label=_("Zoeken (studentnummer, naam, vestiging)"), required=False)

    def __init__(self, *args, schooljaren, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schooljaar"].choices = [
            (schooljaar_label(j), schooljaar_label(j)) for j in schooljaren
        ]


class RegelingForm(ModelFormulier):
    getelde_typen = forms.MultipleChoiceField(
        label=_("Getelde opleidingstypen"),
        choices=Opleidingstype.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Regeling
        fields = [
            "naam",
            "eerste_schooljaar",
            "laatste_schooljaar",
            "vaste_voet",
            "bedrag_per_student",
            "bedrag_per_zij_instromer",
            "getelde_typen",
            "peildatum_maand",
            "peildatum_dag",
            "minimum_dagen",
            "minimum_per_partnerschap",
            "minimum_per_regio",
            "budgetplafond",
            "status",
        ]
