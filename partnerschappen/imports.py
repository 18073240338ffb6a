"""django-import-export resources for organisation data (formats.md, "Organisations").

Each resource is built for the importing user: foreign keys resolve only inside what
that user may touch (a programmaleider's lidmaatschappen file cannot reach another
partnership). The generic machinery (reading files, all-or-nothing, row numbers) lives
in regio_portal.core.importeren. Every row is written through the same service as a page
or the admin would use (`opslaan` of each resource), so a changed membership or region
reaches the counts; the import bundles those announcements into one per kind.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from regio_portal.core.importeren import ImportSoort, Kolom, registreer

from . import selectors, services
from .models import (
    Bestuur,
    Gemeente,
    Instituut,
    Lidmaatschap,
    Partnerschap,
    PartnerschapSector,
    Regio,
    Sector,
    Vestiging,
)

DATUM_NL = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")


def parse_datum(waarde) -> dt.date | None:
    """ISO `2025-09-01` or Dutch `01-09-2025`; empty is None; anything else ValueError."""
    if waarde in (None, ""):
        return None
    if isinstance(waarde, dt.datetime):
        return waarde.date()
    if isinstance(waarde, dt.date):
        return waarde
    tekst = str(waarde).strip()
    try:
        match = DATUM_NL.match(tekst)
        if match:
            dag, maand, jaar = (int(g) for g in match.groups())
            return dt.date(jaar, maand, dag)
        return dt.date.fromisoformat(tekst)
    except ValueError:
        raise ValueError(
            f"'{tekst}' is geen geldige datum (gebruik 2025-09-01 of 01-09-2025)"
        ) from None


def gemeentenummer(waarde: str) -> str:
    """Gemeentenummers lose leading zeros in spreadsheets: 344 is 0344."""
    tekst = str(waarde).strip()
    if tekst.isdigit() and len(tekst) <= 4:
        return tekst.zfill(4)
    return tekst


class TekstWidget(widgets.CharWidget):
    def __init__(self, hoofdletters=False, **kwargs):
        super().__init__(allow_blank=True, **kwargs)
        self.hoofdletters = hoofdletters

    def clean(self, value, row=None, **kwargs):
        tekst = "" if value is None else str(value).strip()
        return tekst.upper() if self.hoofdletters else tekst


class GemeenteWidget(TekstWidget):
    def clean(self, value, row=None, **kwargs):
        return gemeentenummer(super().clean(value, row, **kwargs))


class KeuzeWidget(widgets.CharWidget):
    def __init__(self, keuzes, **kwargs):
        super().__init__(**kwargs)
        self.keuzes = [k for k, _ in keuzes]

    def clean(self, value, row=None, **kwargs):
        tekst = "" if value is None else str(value).strip().lower()
        if tekst not in self.keuzes:
            toegestaan = ", ".join(self.keuzes)
            if not tekst:
                raise ValueError(f"is verplicht (kies uit: {toegestaan})")
            raise ValueError(f"'{tekst}' is geen geldige waarde (kies uit: {toegestaan})")
        return tekst


class DatumWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_datum(value)

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class OpzoekWidget(widgets.ForeignKeyWidget):
    """A foreign key looked up inside a scoped queryset, with a Dutch error. The scope
    is read once into memory on first use (one query per import instead of one per
    row; 10,000 vestigingen take a few MB); a key not seen yet is asked once more.
    With `per_deel` the scope is not read whole: the resource names each part's keys
    (`vooraf`) and only those are read, in one query (a partnership's upload of 100 rows
    then reads a few vestigingen, not all 10,000)."""

    def __init__(
        self,
        model,
        field,
        queryset,
        omschrijving,
        verplicht=True,
        hoofdletters=True,
        per_deel=False,
    ):
        super().__init__(model, field=field)
        self._queryset = queryset
        self._per_sleutel = {} if per_deel else None
        self.omschrijving = omschrijving
        self.verplicht = verplicht
        self.hoofdletters = hoofdletters

    def get_queryset(self, value, row, *args, **kwargs):
        return self._queryset

    def vooraf(self, sleutels) -> None:
        """Read the keys of a part not read yet, in one query (unknown ones as None)."""
        if self._per_sleutel is None:
            return
        nieuw = {k for k in sleutels if k and k not in self._per_sleutel}
        if not nieuw:
            return
        gevonden = {
            getattr(obj, self.field): obj
            for obj in self._queryset.filter(**{f"{self.field}__in": nieuw})
        }
        for sleutel in nieuw:
            self._per_sleutel[sleutel] = gevonden.get(sleutel)

    def zoek(self, sleutel: str):
        if self._per_sleutel is None:
            self._per_sleutel = {getattr(obj, self.field): obj for obj in self._queryset}
        if sleutel not in self._per_sleutel:
            # Created during this import (a placeholder board), or unknown: ask once.
            self._per_sleutel[sleutel] = self._queryset.filter(**{self.field: sleutel}).first()
        return self._per_sleutel[sleutel]

    def clean(self, value, row=None, **kwargs):
        tekst = "" if value is None else str(value).strip()
        if self.hoofdletters:
            tekst = tekst.upper()
        if not tekst:
            if self.verplicht:
                raise ValueError("is verplicht")
            return None
        gevonden = self.zoek(tekst)
        if gevonden is None:
            raise ValueError(f"{self.omschrijving} '{tekst}'")
        return gevonden


class BasisResource(resources.ModelResource):
    def __init__(self, gebruiker=None, opties=None):
        super().__init__()
        self.gebruiker = gebruiker
        self.opties = opties or {}

    def partnerschap_scope(self):
        """The partnerships this import may write to: the user's, narrowed by
        --partnerschap."""
        scope = selectors.partnerschappen_bewerkbaar_voor(gebruiker=self.gebruiker)
        if self.opties.get("partnerschap"):
            scope = scope.filter(code=self.opties["partnerschap"])
        return scope

    @staticmethod
    def fout(kolom: str, melding: str):
        return ValidationError({kolom: melding})

    def opslaan(self, instance) -> None:
        """Write one validated row through the owning service."""
        raise NotImplementedError

    def do_instance_save(self, instance, is_create):
        # import-export's hook for the write itself: the row was validated already
        # (clean_model_instances), so the service does not run full_clean again.
        self.opslaan(instance)


class RegioResource(BasisResource):
    code = fields.Field("code", "code", widget=TekstWidget())
    naam = fields.Field("naam", "naam", widget=TekstWidget())
    gemeenten = fields.Field(column_name="gemeenten")

    class Meta:
        model = Regio
        fields = ("code", "naam", "gemeenten")
        import_id_fields = ("code",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def before_import_row(self, row, **kwargs):
        ruw = str(row.get("gemeenten") or "")
        nummers = [gemeentenummer(n) for n in re.split(r"[;,\s]+", ruw) if n.strip()]
        fout = [n for n in nummers if not re.fullmatch(r"\d{4}", n)]
        if fout:
            raise self.fout("gemeenten", f"'{fout[0]}' is geen gemeentenummer (4 cijfers)")
        code = str(row.get("code") or "").strip()
        elders = (
            Gemeente.objects.filter(nummer__in=nummers, regio__isnull=False)
            .exclude(regio__code=code)
            .select_related("regio")
            .first()
        )
        if elders:
            raise self.fout(
                "gemeenten",
                f"gemeente {elders.nummer} hoort al bij regio {elders.regio.code}",
            )
        row["__gemeenten"] = sorted(set(nummers))

    def opslaan(self, instance) -> None:
        services.regio_opslaan(regio=instance, door=self.gebruiker, gecontroleerd=True)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if instance.pk:
            huidig = sorted(instance.gemeenten.values_list("nummer", flat=True))
            if huidig != row["__gemeenten"]:
                return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_save_instance(self, instance, row, **kwargs):
        nummers = row["__gemeenten"]
        for gemeente in instance.gemeenten.exclude(nummer__in=nummers):
            gemeente.regio = None
            services.gemeente_opslaan(gemeente=gemeente, door=self.gebruiker)
        bestaand = {g.nummer: g for g in Gemeente.objects.filter(nummer__in=nummers)}
        for nummer in nummers:
            gemeente = bestaand.get(nummer) or Gemeente(nummer=nummer)
            if gemeente.regio_id != instance.pk:
                gemeente.regio = instance
                services.gemeente_opslaan(gemeente=gemeente, door=self.gebruiker)


class InstituutResource(BasisResource):
    code = fields.Field("code", "code", widget=TekstWidget(hoofdletters=True))
    naam = fields.Field("naam", "naam", widget=TekstWidget())

    class Meta:
        model = Instituut
        fields = ("code", "naam")
        import_id_fields = ("code",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def opslaan(self, instance) -> None:
        services.instituut_opslaan(instituut=instance, door=self.gebruiker, gecontroleerd=True)


class BestuurResource(BasisResource):
    nummer = fields.Field("nummer", "nummer", widget=TekstWidget())
    naam = fields.Field("naam", "naam", widget=TekstWidget())

    class Meta:
        model = Bestuur
        fields = ("nummer", "naam")
        import_id_fields = ("nummer",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def opslaan(self, instance) -> None:
        services.bestuur_opslaan(bestuur=instance, door=self.gebruiker, gecontroleerd=True)


# DUO's "onderwijsstructuur" values to our sector; anything not listed is vo.
DUO_SECTOR = {"PO": "po", "SBO": "po", "SO": "po", "VSO": "vo"}


class VestigingResource(BasisResource):
    code = fields.Field("code", "code", widget=TekstWidget(hoofdletters=True))
    naam = fields.Field("naam", "naam", widget=TekstWidget())
    bestuur = fields.Field(
        "bestuur",
        "bestuur",
        widget=OpzoekWidget(
            Bestuur, "nummer", Bestuur.objects.all(), "onbekend bestuur", hoofdletters=False
        ),
    )
    gemeente = fields.Field("gemeente", "gemeente", widget=GemeenteWidget())
    gemeentenaam = fields.Field("gemeentenaam", "gemeentenaam", widget=TekstWidget())
    sector = fields.Field("sector", "sector", widget=KeuzeWidget(Sector.choices))
    regio = fields.Field(
        "regio",
        "regio",
        widget=OpzoekWidget(
            Regio,
            "code",
            Regio.objects.all(),
            "onbekende regio",
            verplicht=False,
            hoofdletters=False,
        ),
    )
    straat = fields.Field("straat", "straat", widget=TekstWidget())
    huisnummer = fields.Field("huisnummer", "huisnummer", widget=TekstWidget())
    postcode = fields.Field("postcode", "postcode", widget=TekstWidget())
    plaats = fields.Field("plaats", "plaats", widget=TekstWidget())
    denominatie = fields.Field("denominatie", "denominatie", widget=TekstWidget())
    internetadres = fields.Field("internetadres", "internetadres", widget=TekstWidget())
    onderwijsstructuur = fields.Field(
        "onderwijsstructuur", "onderwijsstructuur", widget=TekstWidget()
    )

    class Meta:
        model = Vestiging
        fields = (
            "code",
            "naam",
            "bestuur",
            "gemeente",
            "gemeentenaam",
            "sector",
            "regio",
            "straat",
            "huisnummer",
            "postcode",
            "plaats",
            "denominatie",
            "internetadres",
            "onderwijsstructuur",
        )
        import_id_fields = ("code",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def import_instance(self, instance, row, **kwargs):
        # The stored values before this row changes them: the service compares.
        self._oud = (
            {v: getattr(instance, v) for v in services.VESTIGING_TELVELDEN} if instance.pk else {}
        )
        super().import_instance(instance, row, **kwargs)

    def opslaan(self, instance) -> None:
        services.vestiging_bijwerken(
            vestiging=instance, door=self.gebruiker, oud=self._oud, gecontroleerd=True
        )

    def before_import(self, dataset, **kwargs):
        self._regio_per_gemeente = dict(
            Gemeente.objects.filter(regio__isnull=False).values_list("nummer", "regio__code")
        )

    def before_import_row(self, row, **kwargs):
        nummer = str(row.get("bestuur") or "").strip()
        if not nummer:
            raise self.fout("bestuur", "is verplicht")
        if not nummer.isdigit() or len(nummer) > 6:
            raise self.fout("bestuur", f"'{nummer}' is geen bestuursnummer (cijfers)")
        # An unknown board is created with a placeholder name (formats.md).
        if not Bestuur.objects.filter(nummer=nummer).exists():
            services.bestuur_opslaan(
                bestuur=Bestuur(nummer=nummer, naam=f"Bestuur {nummer} (naam nog onbekend)"),
                door=self.gebruiker,
            )
        if not str(row.get("sector") or "").strip():
            structuur = str(row.get("onderwijsstructuur") or "").strip().upper()
            if structuur:
                row["sector"] = DUO_SECTOR.get(structuur, "vo")
        if not str(row.get("regio") or "").strip():
            gemeente = gemeentenummer(row.get("gemeente") or "")
            row["regio"] = self._regio_per_gemeente.get(gemeente, "")


class PartnerschapResource(BasisResource):
    code = fields.Field("code", "code", widget=TekstWidget())
    naam = fields.Field("naam", "naam", widget=TekstWidget())
    sector = fields.Field("sector", "sector", widget=KeuzeWidget(PartnerschapSector.choices))
    status = fields.Field("status", "status", widget=KeuzeWidget(Partnerschap.Status.choices))

    class Meta:
        model = Partnerschap
        fields = ("code", "naam", "sector", "status")
        import_id_fields = ("code",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def opslaan(self, instance) -> None:
        services.partnerschap_opslaan(
            partnerschap=instance, door=self.gebruiker, gecontroleerd=True
        )


class LidmaatschapResource(BasisResource):
    """Natural key: partnerschap + soort + code + startdatum."""

    partnerschap = fields.Field("partnerschap", "partnerschap")
    vestiging = fields.Field("vestiging", "__vestiging")
    instituut = fields.Field("instituut", "__instituut")
    startdatum = fields.Field("startdatum", "startdatum", widget=DatumWidget())
    einddatum = fields.Field("einddatum", "einddatum", widget=DatumWidget())

    class Meta:
        model = Lidmaatschap
        fields = ("partnerschap", "vestiging", "instituut", "startdatum", "einddatum")
        import_id_fields = ("partnerschap", "startdatum")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def __init__(self, gebruiker=None, opties=None):
        super().__init__(gebruiker, opties)
        scope = self.partnerschap_scope()
        self.fields["partnerschap"].widget = OpzoekWidget(
            Partnerschap,
            "code",
            scope,
            "onbekend partnerschap (of niet het uwe)",
            hoofdletters=False,
        )
        self.fields["vestiging"].widget = OpzoekWidget(
            Vestiging, "code", Vestiging.objects.all(), "onbekende vestiging", verplicht=False
        )
        self.fields["instituut"].widget = OpzoekWidget(
            Instituut, "code", Instituut.objects.all(), "onbekend instituut", verplicht=False
        )

    def before_import_row(self, row, **kwargs):
        soort = str(row.get("soort") or "").strip().lower()
        code = str(row.get("code") or "").strip().upper()
        if soort not in Lidmaatschap.Soort.values:
            raise self.fout(
                "soort", f"'{soort}' is geen geldige soort (kies uit: vestiging, instituut)"
            )
        if not code:
            raise self.fout("code", "is verplicht")
        row["__vestiging"] = code if soort == "vestiging" else ""
        row["__instituut"] = code if soort == "instituut" else ""
        try:
            row["__start"] = parse_datum(row.get("startdatum"))
        except ValueError as exc:
            raise self.fout("startdatum", str(exc)) from None
        if row["__start"] is None:
            raise self.fout("startdatum", "is verplicht")

    def opslaan(self, instance) -> None:
        services.lidmaatschap_opslaan(
            lidmaatschap=instance, door=self.gebruiker, gecontroleerd=True
        )

    def get_instance(self, instance_loader, row):
        lid = (
            {"vestiging__code": row["__vestiging"]}
            if row["__vestiging"]
            else {"instituut__code": row["__instituut"]}
        )
        return Lidmaatschap.objects.filter(
            partnerschap__code=str(row.get("partnerschap") or "").strip(),
            startdatum=row["__start"],
            **lid,
        ).first()


def _alleen_beheerder(gebruiker) -> bool:
    return selectors.is_beheerder(gebruiker)


def beheerder_of_programmaleider(gebruiker) -> bool:
    return selectors.partnerschappen_bewerkbaar_voor(gebruiker=gebruiker).exists()


DUO_VESTIGINGEN = {
    "vestigingscode": "code",
    "vestigingsnummer": "code",
    "vestigingsnaam": "naam",
    "bevoegd gezag nummer": "bestuur",
    "gemeentenummer": "gemeente",
    "straatnaam": "straat",
    "huisnummer-toevoeging": "huisnummer",
    "plaatsnaam": "plaats",
}


def registreer_soorten() -> None:
    registreer(
        ImportSoort(
            "regios",
            "Onderwijsregio's",
            RegioResource,
            ("code", "naam"),
            _alleen_beheerder,
            bestandsnaam="regiobestand",
            kolommen=(
                Kolom("code", "Eigen code van de regio.", "R-MN"),
                Kolom("naam", "Naam van de onderwijsregio.", "Onderwijsregio Midden-Nederland"),
                Kolom(
                    "gemeenten",
                    "Gemeentenummers gescheiden door ;. Leeg voor een landelijke regio.",
                    "0344;0307",
                    verplicht=False,
                ),
            ),
        )
    )
    registreer(
        ImportSoort(
            "instituten",
            "Instituten",
            InstituutResource,
            ("code", "naam"),
            _alleen_beheerder,
            bestandsnaam="institutenbestand",
            kolommen=(
                Kolom("code", "Instellingscode (DUO).", "21PB"),
                Kolom("naam", "Naam van het instituut.", "Hogeschool Utrecht"),
            ),
        )
    )
    registreer(
        ImportSoort(
            "besturen",
            "Schoolbesturen",
            BestuurResource,
            ("nummer", "naam"),
            _alleen_beheerder,
            bestandsnaam="besturenbestand",
            kolommen=(
                Kolom("nummer", "Bevoegd-gezagnummer (DUO).", "41001"),
                Kolom("naam", "Naam van het schoolbestuur.", "Stichting Voorbeeld"),
            ),
            kolom_aliassen={"bevoegd gezag nummer": "nummer", "bevoegd gezag naam": "naam"},
        )
    )
    registreer(
        ImportSoort(
            "vestigingen",
            "Vestigingen (ook DUO-bestand 'adressen vestigingen')",
            VestigingResource,
            ("code", "naam", "bestuur", "gemeente"),
            _alleen_beheerder,
            bestandsnaam="vestigingenbestand",
            kolommen=(
                Kolom("code", "Vestigingscode (BRIN en volgnummer).", "01AA00"),
                Kolom("naam", "Naam van de vestiging.", "De Regenboog"),
                Kolom("bestuur", "Bevoegd-gezagnummer.", "41001"),
                Kolom("gemeente", "Gemeentenummer.", "0344"),
                Kolom("sector", "po, vo of mbo.", "po"),
                Kolom("regio", "Code van de regio; leeg: volgt uit de gemeente.", "", False),
            ),
            kolom_aliassen=DUO_VESTIGINGEN,
        )
    )
    registreer(
        ImportSoort(
            "partnerschappen",
            "Partnerschappen",
            PartnerschapResource,
            ("code", "naam", "sector", "status"),
            _alleen_beheerder,
            bestandsnaam="partnerschappenbestand",
            kolommen=(
                Kolom("code", "Eigen code van het partnerschap.", "P-DPO"),
                Kolom("naam", "Naam van het partnerschap.", "Opleidingsschool Domstad PO"),
                Kolom("sector", "po, vo, mbo of sectoroverstijgend.", "po"),
                Kolom("status", "erkend of aspirant.", "erkend"),
            ),
        )
    )
    registreer(
        ImportSoort(
            "lidmaatschappen",
            "Lidmaatschappen",
            LidmaatschapResource,
            ("partnerschap", "soort", "code", "startdatum"),
            beheerder_of_programmaleider,
            bestandsnaam="lidmaatschappenbestand",
            kolommen=(
                Kolom("partnerschap", "Code van het partnerschap.", "P-DPO"),
                Kolom("soort", "vestiging of instituut.", "vestiging"),
                Kolom("code", "Vestigingscode of instellingscode.", "01AA00"),
                Kolom("startdatum", "Eerste dag van het lidmaatschap.", "2025-08-01"),
                Kolom("einddatum", "Laatste dag; leeg: loopt door.", "", verplicht=False),
            ),
            kolom_voor_veld={"vestiging": "code", "instituut": "code", "__all__": "code"},
        )
    )
