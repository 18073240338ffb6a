import datetime as dt

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerschappen.models import Instituut, Vestiging
from regio_portal.core.forms import DatumInput, Formulier, ModelFormulier
from regio_portal.core.schooljaar import huidig_schooljaar, parse_schooljaar, schooljaar_label

from .models import Opleidingstype, Regeling
from .validatie import plaatsing_fouten

ZOEKEN_VANAF = 25  # more vestigingen than this: a search box narrows the list


def vestigingen_van(partnerschap, q: str = ""):
    """The vestigingen a programmaleider picks from for a placement: those that are or
    were members of the partnership (a placement elsewhere counts for nobody)."""
    qs = (
        Vestiging.objects.filter(lidmaatschappen__partnerschap=partnerschap)
        .distinct()
        .order_by("naam", "code")
    )
    if q := q.strip():
        qs = qs.filter(Q(naam__icontains=q) | Q(code__icontains=q))
    return qs


def met_code(obj) -> str:
    return f"{obj.naam} ({obj.code})"


class PlaatsingForm(Formulier):
    schooljaar = forms.ChoiceField(label=_("Schooljaar"))
    vestiging = forms.ChoiceField(
        label=_("Vestiging"),
        help_text=_("De vestigingen van het partnerschap."),
    )
    instituut = forms.ChoiceField(label=_("Instituut (lerarenopleiding)"))
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

    def __init__(self, *args, partnerschap, plaatsing=None, schooljaar=None, zoek_url="", **kwargs):
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
        elif schooljaar is not None and not kwargs.get("data"):
            kwargs["initial"] = {"schooljaar": schooljaar_label(schooljaar)}
        super().__init__(*args, **kwargs)
        huidig = huidig_schooljaar()
        jaren = set(range(huidig - 4, huidig + 2)) | (
            {plaatsing.schooljaar} if plaatsing else set()
        )
        self.fields["schooljaar"].choices = [
            (schooljaar_label(j), schooljaar_label(j)) for j in sorted(jaren, reverse=True)
        ]
        vestigingen = list(vestigingen_van(partnerschap))
        if plaatsing is not None and plaatsing.vestiging not in vestigingen:
            vestigingen.append(plaatsing.vestiging)
        self._vestigingen = {v.code: v for v in vestigingen}
        self.fields["vestiging"].choices = [("", _("Kies een vestiging"))] + [
            (v.code, met_code(v)) for v in vestigingen
        ]
        # Read by templates/includes/formulier.html: a search box above a long list.
        self.fields["vestiging"].zoek_url = zoek_url if len(vestigingen) > ZOEKEN_VANAF else ""
        eigen = set(
            partnerschap.lidmaatschappen.filter(instituut__isnull=False).values_list(
                "instituut_id", flat=True
            )
        )
        instituten = list(Instituut.objects.order_by("naam"))
        self._instituten = {i.code: i for i in instituten}
        keuzes = [("", _("Kies een instituut"))]
        van_partnerschap = [(i.code, met_code(i)) for i in instituten if i.pk in eigen]
        overig = [(i.code, met_code(i)) for i in instituten if i.pk not in eigen]
        if van_partnerschap:
            keuzes.append((_("Instituten van het partnerschap"), van_partnerschap))
            keuzes.append((_("Andere instituten"), overig))
        else:
            keuzes += overig
        self.fields["instituut"].choices = keuzes

    def clean(self):
        g = super().clean()
        if g.get("schooljaar"):
            g["schooljaar_int"] = parse_schooljaar(g["schooljaar"])
        g["vestiging_obj"] = self._vestigingen.get(g.get("vestiging") or "")
        g["instituut_obj"] = self._instituten.get(g.get("instituut") or "")
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


class WatAlsForm(Formulier):
    """What-if: a school year under a Regeling, with parameters changed (empty: the
    Regeling's own). Sent with GET: it changes nothing."""

    is_filter = True
    schooljaar = forms.ChoiceField(label=_("Schooljaar"))
    regeling = forms.ModelChoiceField(
        label=_("Regeling"), queryset=Regeling.objects.all(), to_field_name="code"
    )
    vaste_voet = forms.DecimalField(
        label=_("Vaste voet per partnerschap"), required=False, min_value=0, decimal_places=2
    )
    bedrag_per_student = forms.DecimalField(
        label=_("Bedrag per student"), required=False, min_value=0, decimal_places=2
    )
    bedrag_per_zij_instromer = forms.DecimalField(
        label=_("Bedrag per zij-instromer"), required=False, min_value=0, decimal_places=2
    )
    minimum_dagen = forms.IntegerField(
        label=_("Minimum aantal dagen"), required=False, min_value=1, max_value=366
    )
    peildatum = forms.DateField(label=_("Peildatum"), required=False, widget=DatumInput())
    getelde_typen = forms.MultipleChoiceField(
        label=_("Getelde opleidingstypen"),
        help_text=_("Niets aangevinkt: die van de regeling."),
        choices=Opleidingstype.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    budgetplafond = forms.DecimalField(
        label=_("Budgetplafond"), required=False, min_value=0, decimal_places=2
    )
    zonder_plafond = forms.BooleanField(label=_("Zonder budgetplafond"), required=False)

    def __init__(self, *args, schooljaren, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schooljaar"].choices = [
            (schooljaar_label(j), schooljaar_label(j)) for j in schooljaren
        ]

    def clean(self):
        gegevens = super().clean()
        peildatum = gegevens.get("peildatum")
        if peildatum and gegevens.get("schooljaar"):
            jaar = parse_schooljaar(gegevens["schooljaar"])
            if not (dt.date(jaar, 8, 1) <= peildatum <= dt.date(jaar + 1, 7, 31)):
                self.add_error("peildatum", _("De peildatum ligt niet in dit schooljaar."))
        if gegevens.get("zonder_plafond") and gegevens.get("budgetplafond") is not None:
            self.add_error("budgetplafond", _("Kies een plafond of 'zonder budgetplafond'."))
        return gegevens

    def wijzigingen(self) -> dict:
        g = self.cleaned_data
        uit = {
            naam: g[naam]
            for naam in (
                "vaste_voet",
                "bedrag_per_student",
                "bedrag_per_zij_instromer",
                "minimum_dagen",
                "peildatum",
                "budgetplafond",
            )
            if g.get(naam) is not None
        }
        if g.get("getelde_typen"):
            uit["getelde_typen"] = g["getelde_typen"]
        if g.get("zonder_plafond"):
            uit["budgetplafond"] = None
        return uit
