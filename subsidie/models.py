"""Subsidie: regelingen, plaatsingen, tellingen (snapshots) and their decisions."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerschappen.models import Instituut, Partnerschap, Vestiging
from regio_portal.core.schooljaar import schooljaar_label


class Opleidingstype(models.TextChoices):
    PABO = "pabo", _("pabo")
    TWEEDEGRAADS = "tweedegraads", _("tweedegraads")
    EERSTEGRAADS = "eerstegraads", _("eerstegraads")
    ALO = "alo", _("alo")
    ULO = "ulo", _("universitaire lerarenopleiding")
    ZIJ_INSTROOM = "zij_instroom", _("zij-instroom")
    OVERIG = "overig", _("overig (bijv. onderwijsassistent)")


class Regeling(models.Model):
    """A subsidy scheme as data (domain.md): every parameter of the telregels lives here."""

    class Status(models.TextChoices):
        DEFINITIEF = "definitief", _("definitief")
        VOORLOPIG = "voorlopig", _("voorlopig")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    naam = models.CharField(_("naam"), max_length=250)
    eerste_schooljaar = models.PositiveSmallIntegerField(
        _("eerste schooljaar (beginjaar)"), help_text=_("2025 voor 2025-2026")
    )
    laatste_schooljaar = models.PositiveSmallIntegerField(_("laatste schooljaar (beginjaar)"))
    vaste_voet = models.DecimalField(
        _("vaste voet per partnerschap"),
        max_digits=12,
        decimal_places=2,
        default=0,
        help_text=_("Voor elk partnerschap met ten minste één getelde persoon."),
    )
    bedrag_per_student = models.DecimalField(
        _("bedrag per student"), max_digits=10, decimal_places=2
    )
    bedrag_per_zij_instromer = models.DecimalField(
        _("bedrag per zij-instromer"), max_digits=10, decimal_places=2
    )
    getelde_typen = models.JSONField(_("getelde opleidingstypen"), default=list)
    peildatum_maand = models.PositiveSmallIntegerField(_("peildatum: maand"), default=10)
    peildatum_dag = models.PositiveSmallIntegerField(_("peildatum: dag"), default=1)
    minimum_dagen = models.PositiveSmallIntegerField(_("minimum aantal dagen"), default=1)
    minimum_per_partnerschap = models.PositiveIntegerField(
        _("minimum per partnerschap"), null=True, blank=True
    )
    minimum_per_regio = models.PositiveIntegerField(_("minimum per regio"), null=True, blank=True)
    budgetplafond = models.DecimalField(
        _("budgetplafond"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)

    class Meta:
        verbose_name = _("regeling")
        verbose_name_plural = _("regelingen")
        ordering = ["eerste_schooljaar"]
        constraints = [
            models.CheckConstraint(
                condition=Q(laatste_schooljaar__gte=models.F("eerste_schooljaar")),
                name="regeling_periode",
                violation_error_message=_("Het laatste schooljaar ligt voor het eerste."),
            )
        ]

    def __str__(self):
        return self.naam

    @property
    def voorlopig(self) -> bool:
        return self.status == self.Status.VOORLOPIG

    def peildatum(self, schooljaar: int) -> dt.date:
        jaar = schooljaar if self.peildatum_maand >= 8 else schooljaar + 1
        return dt.date(jaar, self.peildatum_maand, self.peildatum_dag)

    def clean(self):
        onbekend = set(self.getelde_typen or []) - set(Opleidingstype.values)
        if onbekend:
            raise ValidationError(
                {
                    "getelde_typen": _("Onbekende opleidingstypen: %(t)s")
                    % {"t": ", ".join(sorted(onbekend))}
                }
            )
        try:
            dt.date(2001, self.peildatum_maand, self.peildatum_dag)
        except (TypeError, ValueError):
            raise ValidationError({"peildatum_dag": _("Geen geldige peildatum.")}) from None


class PlaatsingAfdruk(models.Func):
    """A placement's input digest as the count reads it (its part of the count's
    fingerprint, subsidie/vingerafdruk.py): 64 bits of PostgreSQL's hashtextextended over
    the placement's own columns the telregels read. Stored with the row (a generated
    column, kept by the database on every write), so that a count reads it instead of
    hashing 150,000 rows: the server's share of the read went from 0.26 to 0.16 s
    (issue 17). Only the row's own columns may enter a generated column, and only
    immutable functions: the codes behind the keys are in the fingerprint's basis
    instead, and dates enter as days since 2000-01-01 (a date's text depends on
    DateStyle). Elsewhere (SQLite in `make run`) the column stays empty and the digest
    is made in Python when the placements are read (subsidie/selectors.py)."""

    output_field = models.BigIntegerField()
    SQL = (
        "hashtextextended(id::text || '|' || partnerschap_id::text || '|' || "
        "vestiging_id::text || '|' || instituut_id::text || '|' || student_sleutel || '|' || "
        "persoon_sleutel || '|' || opleidingstype || '|' || "
        "(startdatum - DATE '2000-01-01')::text || '|' || "
        "coalesce((einddatum - DATE '2000-01-01')::text, '-1'), 0)"
    )

    def as_sql(self, compiler, connection, **extra_context):
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.SQL, []


class PlaatsingQuerySet(models.QuerySet):
    def van_schooljaar(self, schooljaar: int):
        return self.filter(schooljaar=schooljaar)


class Plaatsing(models.Model):
    """A student or zij-instromer placed at a vestiging for workplace learning.

    Personal data is minimised: the persoonsnummer is never stored, only its keyed hash
    (persoon_sleutel); studentnummer and naam stay for the partnership's own
    programmaleider, and student_sleutel (keyed hash of instituut + studentnummer) is what
    the telling links on.
    """

    schooljaar = models.PositiveSmallIntegerField(_("schooljaar (beginjaar)"))
    partnerschap = models.ForeignKey(
        Partnerschap, on_delete=models.PROTECT, related_name="plaatsingen"
    )
    vestiging = models.ForeignKey(Vestiging, on_delete=models.PROTECT, related_name="plaatsingen")
    instituut = models.ForeignKey(Instituut, on_delete=models.PROTECT, related_name="plaatsingen")
    studentnummer = models.CharField(_("studentnummer"), max_length=40)
    student_sleutel = models.CharField(max_length=64, db_index=True, editable=False)
    persoon_sleutel = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    naam = models.CharField(_("naam"), max_length=200, blank=True)
    opleidingstype = models.CharField(
        _("opleidingstype"), max_length=20, choices=Opleidingstype.choices
    )
    startdatum = models.DateField(_("startdatum"))
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    aangemaakt = models.DateTimeField(auto_now_add=True)
    bijgewerkt = models.DateTimeField(auto_now=True)
    afdruk = models.GeneratedField(
        expression=PlaatsingAfdruk(), output_field=models.BigIntegerField(), db_persist=True
    )

    objects = PlaatsingQuerySet.as_manager()

    class Meta:
        verbose_name = _("plaatsing")
        verbose_name_plural = _("plaatsingen")
        ordering = ["schooljaar", "partnerschap", "vestiging", "studentnummer", "startdatum"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "schooljaar",
                    "partnerschap",
                    "vestiging",
                    "instituut",
                    "studentnummer",
                    "startdatum",
                ],
                name="plaatsing_natuurlijke_sleutel",
                violation_error_message=_("Deze plaatsing bestaat al."),
            ),
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True) | Q(einddatum__gte=models.F("startdatum")),
                name="plaatsing_einde_na_start",
                violation_error_message=_("De einddatum ligt voor de startdatum."),
            ),
        ]
        indexes = [models.Index(fields=["schooljaar", "partnerschap"])]

    def __str__(self):
        return f"{schooljaar_label(self.schooljaar)} {self.partnerschap_id} {self.vestiging_id}"


class TellingSnapshot(models.Model):
    """A stored count: the Regeling's parameters and an input fingerprint with the result,
    so that an adopted verantwoording never changes under its reader."""

    schooljaar = models.PositiveSmallIntegerField()
    regeling = models.ForeignKey(Regeling, on_delete=models.PROTECT, related_name="tellingen")
    parameters = models.JSONField()
    vingerafdruk = models.CharField(max_length=64)
    resultaat = models.JSONField()
    waarschuwingen = models.JSONField(default=list)
    # Aggregates the dashboards read instead of querying 150,000 decisions per request:
    # {"dekking": {regio: {sector: [placements, at a member vestiging]}},
    #  "elders": {partnerschap: placements of persons counted at another partnership}}
    samenvatting = models.JSONField(default=dict)
    berekend_op = models.DateTimeField(auto_now_add=True)
    berekend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actueel = models.BooleanField(default=True)
    # Set when placements, memberships or the Regeling change after the count.
    verouderd = models.BooleanField(default=False)
    # What changed since the count, per kind (regio_portal/core/signalen.SOORTEN): rows.
    wijzigingen = models.JSONField(default=dict, blank=True)
    # The fingerprint in its two parts (subsidie/vingerafdruk.py), so that an incremental
    # recount (subsidie/hertellen.py) can update it without reading every placement: the
    # SHA-256 of everything but the placements, and the XOR of the placements' digests.
    # Empty on snapshots made before these fields: those are recounted in full.
    basis_afdruk = models.CharField(max_length=64, blank=True, editable=False)
    plaatsingen_afdruk = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("telling")
        verbose_name_plural = _("tellingen")
        ordering = ["-berekend_op"]
        constraints = [
            models.UniqueConstraint(
                fields=["schooljaar", "regeling"],
                condition=Q(actueel=True),
                name="een_actuele_telling",
            )
        ]

    def __str__(self):
        return f"Telling {schooljaar_label(self.schooljaar)} ({self.regeling.code})"


class TellingBesluit(models.Model):
    """Why a placement did or did not count (telregel 9), per snapshot.

    Derived data written in bulk (COPY): the foreign keys carry no database constraint,
    because checking 150,000 deferred constraints at commit cost more than the whole
    count. Deleting a snapshot removes its decisions (CASCADE in Django)."""

    # No index of its own: the composite indexes below start with it (each index costs the
    # COPY of 150,000 decisions per count).
    telling = models.ForeignKey(
        TellingSnapshot,
        on_delete=models.CASCADE,
        related_name="besluiten",
        db_constraint=False,
        db_index=False,
    )
    plaatsing = models.ForeignKey(
        Plaatsing,
        on_delete=models.SET_NULL,
        null=True,
        related_name="besluiten",
        db_constraint=False,
    )
    # No index of its own either: pages read a snapshot's decisions per partnership
    # through (telling, partnerschap); only deleting a partnership looks them up by it
    # alone (rare, in the admin), while this index cost every count a fifth of its COPY.
    partnerschap = models.ForeignKey(
        Partnerschap,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    status = models.CharField(max_length=30)
    geteld_bij = models.CharField(max_length=30, blank=True)
    # The person (telregel 3): the lowest placement id among its placements, so that it
    # stays the same when other persons change.
    persoon = models.PositiveIntegerField()
    # What the placement was at count time, for an incremental recount to take its share
    # out of the totals, the coverage and the fingerprint after the placement changed or
    # went: its vestiging, whether it was a zij-instroom placement, its input digest.
    vestiging = models.ForeignKey(
        Vestiging,
        on_delete=models.DO_NOTHING,
        null=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    zij_instroom = models.BooleanField(default=False)
    afdruk = models.BigIntegerField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["telling", "partnerschap"]),
            # An incremental recount finds a person's decisions by number; by placement it
            # uses the foreign key's own index (also what SET_NULL needs).
            models.Index(fields=["telling", "persoon"]),
        ]

    def __str__(self):
        return f"{self.telling_id}: {self.plaatsing_id} {self.status}"


class TellingWijziging(models.Model):
    """A change of a stale snapshot's input not yet counted (written by the receiver of
    `telinvoer_gewijzigd`, in the writer's transaction): the placement that changed, was
    added or went (its id only), or none for a change that needs a full recount
    (memberships, vestigingen, a Regeling, too many placements at once). The recount
    removes the rows it took into account (subsidie/hertellen.py)."""

    telling = models.ForeignKey(
        TellingSnapshot,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    plaatsing_id = models.IntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["telling", "plaatsing_id"])]

    def __str__(self):
        return f"{self.telling_id}: {self.plaatsing_id or 'alles'}"


def verantwoording_pad(instance, filename):
    extensie = filename.rsplit(".", 1)[-1]
    return f"verantwoordingen/{instance.schooljaar}/{instance.uuid}.{extensie}"


class Verantwoording(models.Model):
    """An accountability report of a partnership or a region for one school year.

    Versions: every request makes a new concept from the current count; adopting
    (vaststellen) renders the final PDF once and freezes it (stored file, SHA-256)."""

    class Soort(models.TextChoices):
        PARTNERSCHAP = "partnerschap", _("partnerschap")
        REGIO = "regio", _("regio")

    class Status(models.TextChoices):
        BEZIG = "bezig", _("wordt gemaakt")
        CONCEPT = "concept", _("concept")
        VASTGESTELD = "vastgesteld", _("vastgesteld")
        VERVANGEN = "vervangen", _("vervangen door een latere vaststelling")
        MISLUKT = "mislukt", _("mislukt")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    soort = models.CharField(max_length=20, choices=Soort.choices)
    partnerschap = models.ForeignKey(
        Partnerschap,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verantwoordingen",
    )
    regio = models.ForeignKey(
        "partnerschappen.Regio",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verantwoordingen",
    )
    schooljaar = models.PositiveSmallIntegerField()
    versie = models.PositiveIntegerField()
    telling = models.ForeignKey(
        TellingSnapshot, on_delete=models.PROTECT, related_name="verantwoordingen"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.BEZIG)
    pdf = models.FileField(upload_to=verantwoording_pad, blank=True)
    xlsx = models.FileField(upload_to=verantwoording_pad, blank=True)
    inhoud_sha256 = models.CharField(max_length=64, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aangemaakt = models.DateTimeField(auto_now_add=True)
    vastgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    vastgesteld_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("verantwoording")
        verbose_name_plural = _("verantwoordingen")
        ordering = ["-versie"]
        constraints = [
            models.CheckConstraint(
                name="verantwoording_object",
                condition=(Q(soort="partnerschap", partnerschap__isnull=False, regio__isnull=True))
                | (Q(soort="regio", regio__isnull=False, partnerschap__isnull=True)),
            ),
            # One constraint per kind: with NULL in partnerschap or regio a single
            # four-column constraint would never fire (NULLs are distinct).
            models.UniqueConstraint(
                fields=["partnerschap", "schooljaar", "versie"],
                condition=Q(partnerschap__isnull=False),
                name="verantwoording_versie_partnerschap",
            ),
            models.UniqueConstraint(
                fields=["regio", "schooljaar", "versie"],
                condition=Q(regio__isnull=False),
                name="verantwoording_versie_regio",
            ),
            models.UniqueConstraint(
                fields=["partnerschap", "schooljaar"],
                condition=Q(status="vastgesteld", partnerschap__isnull=False),
                name="een_vastgestelde_per_partnerschap",
            ),
            models.UniqueConstraint(
                fields=["regio", "schooljaar"],
                condition=Q(status="vastgesteld", regio__isnull=False),
                name="een_vastgestelde_per_regio",
            ),
        ]

    def __str__(self):
        obj = self.partnerschap or self.regio
        return f"Verantwoording {obj} {schooljaar_label(self.schooljaar)} v{self.versie}"

    @property
    def object(self):
        return self.partnerschap or self.regio


class InstituutOpgave(models.Model):
    """What an institute says it has: its own number of students and zij-instromers
    placed in a partnership in a school year (through the API or an upload), for the
    reconciliation with the count (subsidie/afstemming.py)."""

    class Bron(models.TextChoices):
        API = "api", _("API")
        UPLOAD = "upload", _("upload")

    instituut = models.ForeignKey(Instituut, on_delete=models.CASCADE, related_name="opgaven")
    partnerschap = models.ForeignKey(Partnerschap, on_delete=models.CASCADE, related_name="+")
    schooljaar = models.PositiveSmallIntegerField(_("schooljaar (beginjaar)"))
    aantal = models.PositiveIntegerField(_("aantal personen volgens het instituut"))
    bron = models.CharField(_("bron"), max_length=10, choices=Bron.choices)
    bijgewerkt = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("opgave van een instituut")
        verbose_name_plural = _("opgaven van instituten")
        constraints = [
            models.UniqueConstraint(
                fields=["instituut", "partnerschap", "schooljaar"], name="een_opgave_per_jaar"
            )
        ]

    def __str__(self):
        return f"{self.instituut_id} {self.partnerschap_id} {self.schooljaar}: {self.aantal}"


class OpenCijfersVrijgave(models.Model):
    """A beheerder's release of a region's count of a school year for the open figures
    (subsidie/open_cijfers.py), before (or instead of) every partnership's report being
    adopted. Points at the count it released, so the figures stay what was released."""

    regio = models.ForeignKey("partnerschappen.Regio", on_delete=models.CASCADE, related_name="+")
    schooljaar = models.PositiveSmallIntegerField()
    telling = models.ForeignKey(TellingSnapshot, on_delete=models.PROTECT, related_name="+")
    vrijgegeven_op = models.DateTimeField()
    vrijgegeven_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("vrijgave open cijfers")
        verbose_name_plural = _("vrijgaven open cijfers")
        constraints = [
            models.UniqueConstraint(fields=["regio", "schooljaar"], name="een_vrijgave_per_jaar")
        ]

    def __str__(self):
        return f"{self.regio_id} {self.schooljaar}"
