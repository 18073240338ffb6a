"""The plaatsingen import (formats.md, "Plaatsingen"), through the shared importer."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from import_export import fields
from import_export.results import RowResult

from partnerschappen.imports import (
    BasisResource,
    DatumWidget,
    KeuzeWidget,
    OpzoekWidget,
    TekstWidget,
    beheerder_of_programmaleider,
    parse_datum,
)
from partnerschappen.models import Instituut, Lidmaatschap, Partnerschap, Vestiging
from partnerschappen.selectors import NamensInstituut, partnerschappen_van_instituut
from regio_portal.core.importeren import RIJ, ImportSoort, Kolom, registreer
from regio_portal.core.schooljaar import parse_schooljaar, schooljaar_label
from regio_portal.core.services import samenvatting_vastleggen
from regio_portal.core.signalen import Bereik, telinvoer_melden

from . import effect, hertellen, services
from .models import InstituutOpgave, Opleidingstype, Plaatsing, TellingBesluit
from .pseudoniem import persoon_sleutel, student_sleutel
from .selectors import actuele_telling_of_geen
from .validatie import plaatsing_fouten

# The natural key of a placement (the database's plaatsing_natuurlijke_sleutel), as the
# columns a user sees.
NATUURLIJKE_SLEUTEL = "schooljaar, partnerschap, vestiging, instituut, studentnummer, startdatum"


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
        # Performance (bench/README.md): rows are validated one by one, written in
        # batches; the diff is our own cheap tuple comparison (skip_row).
        use_bulk = True
        batch_size = 5000
        skip_diff = True
        skip_html_diff = True

    def __init__(self, gebruiker=None, opties=None):
        super().__init__(gebruiker, opties)
        self.scope = scope = self.partnerschap_scope()
        self.fields["schooljaar"].widget = _SchooljaarWidget()
        self.fields["partnerschap"].widget = OpzoekWidget(
            Partnerschap,
            "code",
            scope,
            "onbekend partnerschap (of niet het uwe)",
            hoofdletters=False,
        )
        # Each part reads only the vestigingen it names (before_import): an upload of a
        # hundred rows should not read all 10,000 of the country.
        self.fields["vestiging"].widget = OpzoekWidget(
            Vestiging, "code", Vestiging.objects.all(), "onbekende vestiging", per_deel=True
        )
        self.fields["instituut"].widget = OpzoekWidget(
            Instituut, "code", Instituut.objects.all(), "onbekend instituut"
        )
        # Ids of the rows in the file (with --vervang: the ones a replace keeps).
        self._behouden: set[int] = set()
        self._deel_instanties: list[Plaatsing] = []
        # Natural key (its hash: 8 bytes instead of a tuple of six) -> first row number:
        # a file of a million rows keeps only this of its rows in memory.
        self._in_bestand: dict[int, int] = {}
        self._bestaand: dict[tuple, Plaatsing] = {}
        self._voor: tuple | None = None
        self._partnerschap_van_cache: dict[tuple, str] = {}
        self.vervang_paren: set[tuple[int, int]] = set()
        self.verwijderd = 0
        # Ids of the placements written or deleted (for the recount of only the persons
        # concerned, subsidie/hertellen.py); None once there are more than it takes.
        self.geraakt: set[int] | None = set()
        self._geraakt_deel: list[Plaatsing] = []
        self._scope_ids: dict[str, int] | None = None
        # The check's preview of the count (subsidie/effect.py): dry runs only.
        self.effect: dict | None = None
        self._stand_voor: dict | None = None
        self._huidige: Plaatsing | None = None
        self._effect_rijen: list[dict] = []

    def partnerschap_scope(self):
        """An institute's system (API) writes in the partnerships its institute is a
        member of in the school year; a person in those of their roles."""
        if isinstance(self.gebruiker, NamensInstituut):
            scope = partnerschappen_van_instituut(
                self.gebruiker.instituut, schooljaar=self.opties.get("schooljaar")
            )
            if self.opties.get("partnerschap"):
                scope = scope.filter(code=self.opties["partnerschap"])
            return scope
        return super().partnerschap_scope()

    def before_import_row(self, row, **kwargs):
        try:
            jaar = parse_schooljaar(row.get("schooljaar") or "")
        except ValueError as exc:
            raise ValidationError({"schooljaar": str(exc)}) from None
        # A batch for one (institute, school year) (the API): a row of another is refused,
        # never written elsewhere.
        if (vast := self.opties.get("schooljaar")) is not None and jaar != vast:
            raise ValidationError(
                {"schooljaar": f"hoort bij deze levering {schooljaar_label(vast)} te zijn"}
            )
        instituut = str(row.get("instituut") or "").strip().upper()
        if (eigen := self.opties.get("instituut")) and instituut != eigen:
            raise ValidationError(
                {"instituut": f"'{instituut}' is niet het instituut van deze levering ({eigen})"}
            )
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
        # The same placement twice in one file: the database would refuse the batch
        # with an English IntegrityError without a row (and with the key's values).
        sleutel = (
            jaar,
            str(row.get("partnerschap") or "").strip(),
            vestiging,
            str(row.get("instituut") or "").strip().upper(),
            str(row.get("studentnummer") or "").strip(),
            start,
        )
        regel = int(row[RIJ])
        eerder = self._in_bestand.setdefault(hash(sleutel), regel)
        if eerder != regel:
            raise ValidationError(
                {
                    NATUURLIJKE_SLEUTEL: f"dezelfde plaatsing als rij {eerder}; een plaatsing "
                    "mag maar één keer in het bestand staan"
                }
            )
        row["__schooljaar"] = jaar
        row["__start"] = start
        row["__persoon_sleutel"] = persoon_sleutel(nummer)
        # Never keep the persoonsnummer in the row any longer than needed.
        row["persoonsnummer"] = ""

    def _partnerschap_van(self, vestiging: str, datum) -> str:
        sleutel = (vestiging, datum)
        if sleutel not in self._partnerschap_van_cache:
            self._partnerschap_van_cache[sleutel] = self._zoek_partnerschap_van(vestiging, datum)
        return self._partnerschap_van_cache[sleutel]

    def _zoek_partnerschap_van(self, vestiging: str, datum) -> str:
        codes = list(
            Lidmaatschap.objects.actief_op(datum)
            .filter(vestiging__code=vestiging, partnerschap__in=self.scope)
            .values_list("partnerschap__code", flat=True)
            .distinct()
        )
        return codes[0] if len(codes) == 1 else ""

    VERGELEKEN = (
        "partnerschap_id",
        "vestiging_id",
        "instituut_id",
        "studentnummer",
        "naam",
        "opleidingstype",
        "startdatum",
        "einddatum",
        "persoon_sleutel",
    )

    # The file comes in parts of DEEL rows (regio_portal/core/importeren.py); the file as
    # a whole is finished in na_bestand.
    in_delen = True

    def _laad_bestaand(self, dataset) -> None:
        """The existing placements this part of the file may update, in memory by natural
        key: one query per part, for the part's student numbers only (never all
        placements of the year: a partnership's upload touches its own rows)."""
        self._bestaand = {}
        sleutels = set()
        for jaar, code, nummer in zip(
            dataset["schooljaar"],
            dataset["partnerschap"] if "partnerschap" in dataset.headers else [""] * dataset.height,
            dataset["studentnummer"],
            strict=True,
        ):
            try:
                sleutels.add((parse_schooljaar(jaar), code.strip(), nummer.strip()))
            except ValueError:
                continue
        if not sleutels:
            return
        velden = [f.attname for f in Plaatsing._meta.concrete_fields]
        qs = Plaatsing.objects.filter(
            schooljaar__in={j for j, _, _ in sleutels},
            studentnummer__in={n for _, _, n in sleutels},
            partnerschap__in=self.scope,
        ).order_by()
        standaard = self.opties.get("partnerschap") or ""
        codes = {c or standaard for _, c, _ in sleutels}
        if "" not in codes:  # every row's partnership is known: only those
            qs = qs.filter(partnerschap__code__in=codes)
        for waarden in qs.values_list(*velden).iterator(chunk_size=5_000):
            obj = Plaatsing.from_db(Plaatsing.objects.db, velden, waarden)
            self._bestaand[
                (
                    obj.schooljaar,
                    obj.partnerschap_id,
                    obj.vestiging_id,
                    obj.instituut_id,
                    obj.studentnummer,
                    obj.startdatum,
                )
            ] = obj

    def before_import(self, dataset, **kwargs):
        if "vestiging" in dataset.headers:
            self.fields["vestiging"].widget.vooraf(
                {str(v or "").strip().upper() for v in dataset["vestiging"]}
            )
        self._laad_bestaand(dataset)
        self._deel_instanties = []
        if self.opties.get("dry_run") and self.opties.get("effect", True):
            jaren = set()
            for waarde in dataset["schooljaar"]:
                try:
                    jaren.add(parse_schooljaar(waarde))
                except ValueError:
                    continue
            # The count before the file, per year, before any row of that year is
            # written (rows of one year change only that year's count).
            if self._stand_voor is None:
                self._stand_voor = {}
            if nieuw := jaren - set(self._stand_voor):
                self._stand_voor.update(effect.stand_voor(nieuw))

    def get_instance(self, instance_loader, row):
        velden = self.fields
        partnerschap = velden["partnerschap"].widget.zoek(
            str(row.get("partnerschap") or "").strip()
        )
        vestiging = velden["vestiging"].widget.zoek(str(row.get("vestiging") or "").strip().upper())
        instituut = velden["instituut"].widget.zoek(str(row.get("instituut") or "").strip().upper())
        if not (partnerschap and vestiging and instituut):
            return None
        return self._bestaand.get(
            (
                row["__schooljaar"],
                partnerschap.pk,
                vestiging.pk,
                instituut.pk,
                str(row.get("studentnummer") or "").strip(),
                row["__start"],
            )
        )

    def import_instance(self, instance, row, **kwargs):
        self._huidige = instance
        self._voor = tuple(getattr(instance, v) for v in self.VERGELEKEN) if instance.pk else None
        super().import_instance(instance, row, **kwargs)
        instance.schooljaar = row["__schooljaar"]
        if instance.instituut_id and instance.studentnummer:
            instance.student_sleutel = student_sleutel(
                instance.instituut.code, instance.studentnummer
            )
        instance.persoon_sleutel = row["__persoon_sleutel"]
        if self.opties.get("vervang"):
            # Kept to learn their ids after the bulk insert: those survive a replace.
            self._deel_instanties.append(instance)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or self._voor is None:
            return False
        return self._voor == tuple(getattr(instance, v) for v in self.VERGELEKEN)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Foreign keys come from the in-memory scope and the natural key is an upsert, so
        # skip full_clean's per-row queries (FK existence, unique, constraints).
        fouten = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=[*fouten, "partnerschap", "vestiging", "instituut"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            fouten = exc.update_error_dict(fouten)
        if fouten:
            raise ValidationError(fouten)

    def get_bulk_update_fields(self):
        return ["naam", "opleidingstype", "einddatum", "persoon_sleutel", "student_sleutel"]

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """The changed rows in one UPDATE … FROM (VALUES …) per batch on PostgreSQL: Django's
        bulk_update builds a CASE per field and row (0.3 s for 100 rows, most of a small
        re-upload's time); elsewhere (SQLite in `make run`) the library's own."""
        if connection.vendor != "postgresql" or not self.update_instances:
            return super().bulk_update(
                using_transactions, dry_run, raise_errors, batch_size=batch_size, result=result
            )
        velden = self.get_bulk_update_fields()
        tabel = Plaatsing._meta.db_table
        kolommen = [Plaatsing._meta.get_field(v).column for v in velden]
        typen = [Plaatsing._meta.get_field(v).db_type(connection) for v in velden]
        try:
            instanties = self.update_instances
            for begin in range(0, len(instanties), batch_size or 5000):
                deel = instanties[begin : begin + (batch_size or 5000)]
                rij = "(%s::bigint, " + ", ".join(f"%s::{t}" for t in typen) + ")"
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"UPDATE {tabel} AS p SET "  # noqa: S608 (names from _meta)
                        + ", ".join(f"{k} = w.{k}" for k in kolommen)
                        + f" FROM (VALUES {', '.join([rij] * len(deel))}) "
                        + f"AS w(id, {', '.join(kolommen)}) WHERE p.id = w.id",
                        [w for i in deel for w in (i.pk, *(getattr(i, v) for v in velden))],
                    )
        except Exception as e:
            self.handle_import_error(result, e, raise_errors)
        finally:
            self.update_instances.clear()

    def after_import_row(self, row, row_result, **kwargs):
        if row_result.import_type in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE):
            self._geraakt_deel.append(self._huidige)
        if row_result.is_valid():
            if self._scope_ids is None:
                self._scope_ids = dict(self.scope.values_list("code", "pk"))
            code = str(row.get("partnerschap") or "").strip()
            self.vervang_paren.add((row["__schooljaar"], self._scope_ids[code]))
            if self._stand_voor is not None:
                self._effect_rijen.append(
                    {
                        "rij": int(row[RIJ]),
                        "soort": row_result.import_type,
                        "instantie": self._huidige,
                        "partnerschap": code,
                        "schooljaar": row["__schooljaar"],
                        "vestiging": str(row.get("vestiging") or "").strip().upper(),
                    }
                )

    def after_import(self, dataset, result, **kwargs):
        """After each part (its rows are written, bulk-created rows have ids): keep only
        ids of what the file as a whole still needs."""
        super().after_import(dataset, result, **kwargs)
        self._behouden.update(i.pk for i in self._deel_instanties if i.pk)
        self._deel_instanties = []
        self._geraakt_bij(i.pk for i in self._geraakt_deel)
        self._geraakt_deel = []
        self._bestaand = {}
        for r in self._effect_rijen:
            if "instantie" in r:
                r["plaatsing_id"] = r.pop("instantie").pk

    def na_bestand(self, *, dry_run: bool, totalen: dict) -> None:
        """Once, after the last part of a file without errors: a replace removes what the
        file did not name, the audit log says who imported what, a dry run computes the
        preview, a real run announces the school years for the recount."""
        nieuw = totalen.get("aangemaakt", 0)
        bijgewerkt = totalen.get("bijgewerkt", 0)
        if self.opties.get("vervang") and (jaar := self.opties.get("schooljaar")) is not None:
            # A delivery for one (school year, partnership) replaces it even when empty:
            # "no placements any more" is a delivery too.
            self.vervang_paren.update((jaar, pk) for pk in self.scope.values_list("pk", flat=True))
        if self.opties.get("vervang"):
            for jaar, partnerschap_id in self.vervang_paren:
                weg = Plaatsing.objects.filter(
                    schooljaar=jaar, partnerschap_id=partnerschap_id
                ).exclude(pk__in=self._behouden)
                if self.opties.get("instituut"):
                    # An institute's delivery replaces only its own placements.
                    weg = weg.filter(instituut__code=self.opties["instituut"])
                # Plain DELETEs, as retention does (subsidie/bewaren.py): a Django delete()
                # loads every row and writes an audit entry per placement (minutes for
                # 100,000); the summary entry below says how many went. Decisions of the
                # count keep their row with the placement emptied, as SET_NULL would.
                if self.geraakt is not None:
                    self._geraakt_bij(weg.values_list("pk", flat=True))
                TellingBesluit.objects.filter(plaatsing__in=weg).update(plaatsing=None)
                self.verwijderd += weg._raw_delete(weg.db)
        if nieuw or bijgewerkt or self.verwijderd:
            # Placements are written in bulk (no per-row signals): one audit entry per
            # partnership says who imported what, without any personal data.
            samenvatting = (
                f"import: {nieuw} nieuw, {bijgewerkt} bijgewerkt, {self.verwijderd} verwijderd"
            )
            for partnerschap in Partnerschap.objects.filter(
                pk__in={p for _, p in self.vervang_paren}
            ):
                samenvatting_vastleggen(partnerschap, veld="plaatsingen", tekst=samenvatting)
        if dry_run and self._stand_voor is not None:
            # The rows are in the database now (bulk-created, so they have ids) and are
            # rolled back after this: count that state for the preview.
            self.effect = effect.effect_berekenen(voor=self._stand_voor, rijen=self._effect_rijen)
        if not dry_run:
            # Bulk writes send no per-row signal: the import announces its school years
            # once (with 0 rows changed, only a year without a count gets its first one).
            telinvoer_melden(
                soort="plaatsing",
                bereik=Bereik(schooljaren=frozenset(jaar for jaar, _ in self.vervang_paren)),
                aantal=nieuw + bijgewerkt + self.verwijderd,
                plaatsingen=frozenset(self.geraakt) if self.geraakt is not None else None,
            )

    def _geraakt_bij(self, ids) -> None:
        if self.geraakt is None:
            return
        self.geraakt.update(ids)
        if len(self.geraakt) > hertellen.MAXIMUM:
            self.geraakt = None  # the recount counts in full: no need to keep them


class _SchooljaarWidget(TekstWidget):
    def clean(self, value, row=None, **kwargs):
        return row["__schooljaar"] if row and "__schooljaar" in row else None


PLAATSING_KOLOMMEN = (
    Kolom("schooljaar", "Het schooljaar, 1 augustus tot en met 31 juli.", "2025-2026"),
    Kolom(
        "partnerschap",
        "Code van het partnerschap. Mag leeg blijven als de vestiging op de startdatum lid "
        "is van precies één van uw partnerschappen.",
        "P-DPO",
        verplicht=False,
    ),
    Kolom("vestiging", "Vestigingscode (BRIN en volgnummer, DUO).", "13AA00"),
    Kolom("instituut", "Instellingscode van de lerarenopleiding.", "21PB"),
    Kolom("studentnummer", "Het studentnummer bij het instituut.", "S1001"),
    Kolom(
        "persoonsnummer",
        "BSN of onderwijsnummer (9 cijfers). Wordt alleen versleuteld bewaard; hiermee "
        "telt dezelfde persoon bij twee instituten één keer.",
        "",
        verplicht=False,
    ),
    Kolom("naam", "Naam van de student (alleen voor uzelf zichtbaar).", "", verplicht=False),
    Kolom(
        "opleidingstype",
        "pabo, tweedegraads, eerstegraads, alo, ulo, zij_instroom of overig.",
        "pabo",
    ),
    Kolom("startdatum", "Eerste dag van de plaatsing (2025-09-01 of 01-09-2025).", "2025-09-01"),
    Kolom(
        "einddatum",
        "Laatste dag; leeg: tot het einde van het schooljaar.",
        "2026-06-30",
        verplicht=False,
    ),
)


def effect_context(importbestand) -> dict:
    """Names and links for the check and result page of a placements import: the
    placements and the count of each partnership and year in the file, and after the
    import the refreshed count (or that it is being refreshed)."""
    gevolg = importbestand.effect or {}
    codes = {t["partnerschap"] for t in gevolg.get("totalen", [])} | {
        r["geteld_bij"] for r in gevolg.get("rijen", []) if r.get("geteld_bij")
    }
    namen = dict(Partnerschap.objects.filter(code__in=codes).values_list("code", "naam"))
    rijen = []
    for r in gevolg.get("rijen", []):
        rijen.append({**r, "tekst": effect.uitkomst_tekst(r, namen)})
    totalen = []
    snapshots: dict = {}  # one read per school year, however many partnerships
    klaar = importbestand.status == "klaar"
    for t in gevolg.get("totalen", []):
        jaar = schooljaar_label(t["schooljaar"])
        regel = {
            **t,
            "naam": namen.get(t["partnerschap"], t["partnerschap"]),
            "jaar": jaar,
            "plaatsingen_url": reverse("subsidie:plaatsingen", args=[t["partnerschap"]])
            + f"?schooljaar={jaar}",
            "telling_url": reverse("subsidie:partnerschap_telling", args=[t["partnerschap"]]),
        }
        if klaar:
            if t["schooljaar"] not in snapshots:
                snapshots[t["schooljaar"]] = actuele_telling_of_geen(t["schooljaar"])
            snapshot = snapshots[t["schooljaar"]]
            regel["snapshot"] = snapshot
            regel["nu"] = next(
                (
                    p
                    for p in (snapshot.resultaat["partnerschappen"] if snapshot else [])
                    if p["code"] == t["partnerschap"]
                ),
                None,
            )
        totalen.append(regel)
    return {
        "effect_wacht": any(
            t.get("snapshot") is None or t["snapshot"].verouderd for t in totalen if klaar
        ),
        "effect_rijen": rijen,
        "effect_totalen": totalen,
        "effect_samenvatting": effect.samenvatting_tekst(gevolg) if gevolg.get("rijen") else "",
    }


class _GetalWidget(TekstWidget):
    def clean(self, value, row=None, **kwargs):
        return row["__aantal"] if row and "__aantal" in row else None


class InstituutOpgaveResource(BasisResource):
    """An institute's own figures per partnership and school year (reconciliation,
    subsidie/afstemming.py), uploaded by a programmaleider or beheerder; institutes'
    systems send the same through the API."""

    schooljaar = fields.Field("schooljaar", "schooljaar", widget=_SchooljaarWidget())
    partnerschap = fields.Field("partnerschap", "partnerschap")
    instituut = fields.Field("instituut", "instituut")
    aantal = fields.Field("aantal", "aantal", widget=_GetalWidget())

    class Meta:
        model = InstituutOpgave
        fields = ("schooljaar", "partnerschap", "instituut", "aantal")
        import_id_fields = ("schooljaar", "partnerschap", "instituut")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def __init__(self, gebruiker=None, opties=None):
        super().__init__(gebruiker, opties)
        self.fields["partnerschap"].widget = OpzoekWidget(
            Partnerschap,
            "code",
            self.partnerschap_scope(),
            "onbekend partnerschap (of niet het uwe)",
            hoofdletters=False,
        )
        self.fields["instituut"].widget = OpzoekWidget(
            Instituut, "code", Instituut.objects.all(), "onbekend instituut"
        )
        self._in_bestand: dict[tuple, int] = {}

    def before_import_row(self, row, **kwargs):
        try:
            row["__schooljaar"] = parse_schooljaar(row.get("schooljaar") or "")
        except ValueError as exc:
            raise ValidationError({"schooljaar": str(exc)}) from None
        sleutel = (
            row["__schooljaar"],
            str(row.get("partnerschap") or "").strip(),
            str(row.get("instituut") or "").strip().upper(),
        )
        eerder = self._in_bestand.setdefault(sleutel, int(row[RIJ]))
        if eerder != int(row[RIJ]):
            raise ValidationError(
                {"instituut": f"dezelfde opgave als rij {eerder}; één opgave per regel"}
            )
        tekst = str(row.get("aantal") or "").strip()
        if not (tekst.isascii() and tekst.isdigit()) or int(tekst) > 1_000_000:
            raise ValidationError(
                {"aantal": f"'{tekst}' is geen geheel getal van 0 tot en met 1.000.000"}
            )
        row["__aantal"] = int(tekst)
        code = str(row.get("partnerschap") or "").strip()
        gevonden = Instituut.objects.filter(
            code=str(row.get("instituut") or "").strip().upper()
        ).first()
        if (
            gevonden
            and code
            and not partnerschappen_van_instituut(gevonden, schooljaar=row["__schooljaar"])
            .filter(code=code)
            .exists()
        ):
            jaar = schooljaar_label(row["__schooljaar"])
            raise ValidationError(
                {"instituut": f"{gevonden.code} is in {jaar} geen lid van {code}"}
            )

    def get_instance(self, instance_loader, row):
        return InstituutOpgave.objects.filter(
            schooljaar=row["__schooljaar"],
            partnerschap__code=str(row.get("partnerschap") or "").strip(),
            instituut__code=str(row.get("instituut") or "").strip().upper(),
        ).first()

    def import_instance(self, instance, row, **kwargs):
        instance.bron = InstituutOpgave.Bron.UPLOAD
        super().import_instance(instance, row, **kwargs)

    def opslaan(self, instance) -> None:
        services.instituut_opgave_opslaan(
            instituut=instance.instituut,
            partnerschap=instance.partnerschap,
            schooljaar=instance.schooljaar,
            aantal=instance.aantal,
            bron=InstituutOpgave.Bron.UPLOAD,
            door=self.gebruiker,
        )


def _mag_plaatsingen_importeren(door) -> bool:
    return isinstance(door, NamensInstituut) or beheerder_of_programmaleider(door)


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
            kolommen=PLAATSING_KOLOMMEN,
            bestandsnaam="plaatsingenbestand",
            effect_template="subsidie/_import_effect.html",
            effect_context=effect_context,
            kolom_voor_veld={
                "schooljaar": "schooljaar",
                "student_sleutel": "studentnummer",
                "__all__": "studentnummer",
            },
        )
    )
    registreer(
        ImportSoort(
            "instituutopgaven",
            "Opgaven van instituten (eigen aantallen, voor de afstemming)",
            InstituutOpgaveResource,
            ("schooljaar", "partnerschap", "instituut", "aantal"),
            beheerder_of_programmaleider,
            kolommen=(
                Kolom("schooljaar", "Het schooljaar.", "2025-2026"),
                Kolom("partnerschap", "Code van het partnerschap.", "P-DPO"),
                Kolom("instituut", "Instellingscode van de lerarenopleiding.", "21PB"),
                Kolom(
                    "aantal",
                    "Aantal studenten en zij-instromers dat het instituut zelf telt.",
                    "12",
                ),
            ),
            bestandsnaam="opgavenbestand",
            kolom_voor_veld={"__all__": "instituut"},
        )
    )
