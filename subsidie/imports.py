"""The plaatsingen import (formats.md, "Plaatsingen"), through the shared importer."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from import_export import fields

from partnerschappen import selectors as org_selectors
from partnerschappen.imports import (
    BasisResource,
    DatumWidget,
    KeuzeWidget,
    OpzoekWidget,
    TekstWidget,
    parse_datum,
)
from partnerschappen.models import Instituut, Lidmaatschap, Partnerschap, Vestiging
from regio_portal.core.importeren import ImportSoort, registreer

from .models import Opleidingstype, Plaatsing
from .pseudoniem import persoon_sleutel, student_sleutel
from .schooljaar import parse_schooljaar
from .validatie import plaatsing_fouten


class PlaatsingResource(BasisResource):
    schooljaar = fields.Field("schooljaar", "__schooljaar")
    partnerschap = fields.Field("partnerschap", "partnerschap")
    vestiging = fields.Field("vestiging", "vestiging")
    instituut = fields.Field("instituut", "instituut")
    studentnummer = fields.Field("studentnummer", "studentnummer", widget=TekstWidget())
    naam = fields.Field("naam", "naam", widget=TekstWidget())
    opleidingstype = fields.Field(
        "opleidingstype", "opleidingstype", widget=KeuzeWidget(Opleidingstype.choices)
    )
    startdatum = fields.Field("startdatum", "startdatum", widget=DatumWidget())
    einddatum = fields.Field("einddatum", "einddatum", widget=DatumWidget())

    class Meta:
        model = Plaatsing
        fields = (
            "schooljaar",
            "partnerschap",
            "vestiging",
            "instituut",
            "studentnummer",
            "naam",
            "opleidingstype",
            "startdatum",
            "einddatum",
        )
        import_id_fields = ("vestiging", "startdatum")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def __init__(self, gebruiker=None, opties=None):
        super().__init__(gebruiker, opties)
        scope = org_selectors.partnerschappen_bewerkbaar_voor(gebruiker=gebruiker)
        if self.opties.get("partnerschap"):
            scope = scope.filter(code=self.opties["partnerschap"])
        self.scope = scope
        self.fields["schooljaar"].widget = _SchooljaarWidget()
        self.fields["partnerschap"].widget = OpzoekWidget(
            Partnerschap,
            "code",
            scope,
            "onbekend partnerschap (of niet het uwe)",
            hoofdletters=False,
        )
        self.fields["vestiging"].widget = OpzoekWidget(
            Vestiging, "code", Vestiging.objects.all(), "onbekende vestiging"
        )
        self.fields["instituut"].widget = OpzoekWidget(
            Instituut, "code", Instituut.objects.all(), "onbekend instituut"
        )
        self.gezien: set[int] = set()
        self.vervang_paren: set[tuple[int, int]] = set()
        self.verwijderd = 0
        self._scope_ids: dict[str, int] | None = None

    def before_import_row(self, row, **kwargs):
        try:
            jaar = parse_schooljaar(row.get("schooljaar") or "")
        except ValueError as exc:
            raise ValidationError({"schooljaar": str(exc)}) from None
        try:
            start = parse_datum(row.get("startdatum"))
            einde = parse_datum(row.get("einddatum"))
        except ValueError as exc:
            raise ValidationError({"startdatum": str(exc)}) from None
        if start is None:
            raise ValidationError({"startdatum": "is verplicht"})
        nummer = str(row.get("persoonsnummer") or "").strip()
        fouten = plaatsing_fouten(
            schooljaar=jaar, startdatum=start, einddatum=einde, persoonsnummer=nummer
        )
        vestiging = str(row.get("vestiging") or "").strip().upper()
        if not str(row.get("partnerschap") or "").strip():
            row["partnerschap"] = self.opties.get("partnerschap") or self._partnerschap_van(
                vestiging, start
            )
            if not row["partnerschap"]:
                fouten["partnerschap"] = (
                    f"ontbreekt, en vestiging {vestiging} is op {start:%d-%m-%Y} niet lid van "
                    "precies één van uw partnerschappen"
                )
        if fouten:
            raise ValidationError(fouten)
        row["__schooljaar"] = jaar
        row["__start"] = start
        row["__persoon_sleutel"] = persoon_sleutel(nummer)
        # Never keep the persoonsnummer in the row any longer than needed.
        row["persoonsnummer"] = ""

    def _partnerschap_van(self, vestiging: str, datum) -> str:
        codes = list(
            Lidmaatschap.objects.actief_op(datum)
            .filter(vestiging__code=vestiging, partnerschap__in=self.scope)
            .values_list("partnerschap__code", flat=True)
            .distinct()
        )
        return codes[0] if len(codes) == 1 else ""

    def get_instance(self, instance_loader, row):
        return Plaatsing.objects.filter(
            schooljaar=row["__schooljaar"],
            partnerschap__code=str(row.get("partnerschap") or "").strip(),
            vestiging__code=str(row.get("vestiging") or "").strip().upper(),
            instituut__code=str(row.get("instituut") or "").strip().upper(),
            studentnummer=str(row.get("studentnummer") or "").strip(),
            startdatum=row["__start"],
        ).first()

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        instance.schooljaar = row["__schooljaar"]
        if instance.instituut_id and instance.studentnummer:
            instance.student_sleutel = student_sleutel(
                instance.instituut.code, instance.studentnummer
            )
        instance.persoon_sleutel = row["__persoon_sleutel"]

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if original is not None and original.persoon_sleutel != row["__persoon_sleutel"]:
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_import_row(self, row, row_result, **kwargs):
        if row_result.object_id:
            self.gezien.add(int(row_result.object_id))
            if self._scope_ids is None:
                self._scope_ids = dict(self.scope.values_list("code", "pk"))
            code = str(row.get("partnerschap") or "").strip()
            self.vervang_paren.add((row["__schooljaar"], self._scope_ids[code]))

    def after_import(self, dataset, result, **kwargs):
        if result.has_errors() or result.has_validation_errors():
            return
        if self.opties.get("vervang"):
            for jaar, partnerschap_id in self.vervang_paren:
                weg = Plaatsing.objects.filter(
                    schooljaar=jaar, partnerschap_id=partnerschap_id
                ).exclude(pk__in=self.gezien)
                self.verwijderd += weg.count()
                for plaatsing in weg:  # one by one: every delete is audited
                    plaatsing.delete()
        if not kwargs.get("dry_run"):
            from .services import tellingen_markeer_verouderd

            tellingen_markeer_verouderd(schooljaren={jaar for jaar, _ in self.vervang_paren})


class _SchooljaarWidget(TekstWidget):
    def clean(self, value, row=None, **kwargs):
        return row["__schooljaar"] if row and "__schooljaar" in row else None


def _mag_plaatsingen_importeren(gebruiker) -> bool:
    return org_selectors.partnerschappen_bewerkbaar_voor(gebruiker=gebruiker).exists()


def registreer_soorten() -> None:
    registreer(
        ImportSoort(
            "plaatsingen",
            "Plaatsingen (studenten en zij-instromers)",
            PlaatsingResource,
            (
                "schooljaar",
                "vestiging",
                "instituut",
                "studentnummer",
                "opleidingstype",
                "startdatum",
            ),
            _mag_plaatsingen_importeren,
            ondersteunt_vervang=True,
            kolom_voor_veld={
                "schooljaar": "schooljaar",
                "student_sleutel": "studentnummer",
                "__all__": "studentnummer",
            },
        )
    )
