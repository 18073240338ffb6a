"""Peer review: cycles, panel proposals (the solver's output, kept with its parameters),
reviews and the visiting partnerships of an approved panel."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _

from partnerschappen.models import Partnerschap, Regio


class Cyclus(models.Model):
    """An OPR cycle, for one region's partnerships (kwartiermaker) or nationally
    (beheerder), with its panel rules (configurable, defaults from domain.md)."""

    class Sector(models.TextChoices):
        VERPLICHT = "verplicht", _("verplicht dezelfde sector")
        VOORKEUR = "voorkeur", _("voorkeur voor dezelfde sector")
        GEEN = "geen", _("sector maakt niet uit")

    naam = models.CharField(_("naam"), max_length=200)
    regio = models.ForeignKey(
        Regio,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cycli",
        help_text=_("Leeg: landelijk (alleen beheerder)."),
    )
    begin = models.DateField(_("begin"))
    deadline = models.DateField(_("deadline"))
    bezoekers_per_review = models.PositiveSmallIntegerField(
        _("bezoekende partnerschappen per review"), default=2
    )
    max_bezoeken = models.PositiveSmallIntegerField(
        _("hoogstens bezoeken per partnerschap"), default=2
    )
    andere_regio_verplicht = models.BooleanField(_("bezoekers uit een andere regio"), default=True)
    sector = models.CharField(
        _("sector"), max_length=20, choices=Sector.choices, default=Sector.VOORKEUR
    )
    # Reminder offsets (domain.md: the reflection comes before the visit, the verslag
    # within weeks after it); "te laat" counts the verslag from the same number of days.
    reflectie_vooraf_dagen = models.PositiveSmallIntegerField(
        _("herinnering kritische reflectie, dagen voor het bezoek"), default=28
    )
    verslag_binnen_dagen = models.PositiveSmallIntegerField(
        _("verslag binnen, dagen na het bezoek"), default=28
    )
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cyclus")
        verbose_name_plural = _("cycli")
        ordering = ["-begin"]

    def __str__(self):
        return self.naam


class Paarregel(models.Model):
    """A pair the coordinator fixed or excluded before (re)running the solver."""

    class Soort(models.TextChoices):
        VAST = "vast", _("vastgezet")
        UITGESLOTEN = "uitgesloten", _("uitgesloten")

    cyclus = models.ForeignKey(Cyclus, on_delete=models.CASCADE, related_name="paarregels")
    bezoeker = models.ForeignKey(Partnerschap, on_delete=models.CASCADE, related_name="+")
    ontvangend = models.ForeignKey(Partnerschap, on_delete=models.CASCADE, related_name="+")
    soort = models.CharField(max_length=20, choices=Soort.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cyclus", "bezoeker", "ontvangend"], name="een_paarregel"
            )
        ]

    def __str__(self):
        return f"{self.bezoeker_id} → {self.ontvangend_id}: {self.soort}"


class Voorstel(models.Model):
    """One run of the solver: the problem as sent (parameters), the answer, and whether and
    by whom it was approved."""

    class Status(models.TextChoices):
        BEZIG = "bezig", _("wordt berekend")
        KLAAR = "klaar", _("klaar")
        MISLUKT = "mislukt", _("mislukt")
        GOEDGEKEURD = "goedgekeurd", _("goedgekeurd")

    cyclus = models.ForeignKey(Cyclus, on_delete=models.CASCADE, related_name="voorstellen")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.BEZIG)
    probleem = models.JSONField(default=dict)
    uitkomst = models.JSONField(default=dict)
    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    goedgekeurd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    goedgekeurd_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("panelvoorstel")
        verbose_name_plural = _("panelvoorstellen")
        ordering = ["-aangemaakt_op"]

    def __str__(self):
        return f"Voorstel {self.pk} ({self.cyclus})"


def verslag_pad(instance, filename):
    return f"verslagen/{instance.cyclus_id}/{instance.pk}.pdf"


class DatumPlusDagen(Func):
    """A date plus a whole number of days, in the database: `date + integer` on
    PostgreSQL, `date(d, '+n days')` on SQLite (`make run`). The duration arithmetic it
    replaces (an integer times a timedelta) does not exist on SQLite: the region dashboard
    of `make run` answered 500 ("Invalid arguments for operator *")."""

    arity = 2
    output_field = models.DateField()
    template = "(%(expressions)s)"
    arg_joiner = " + "

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="date(%(expressions)s || ' days')",
            arg_joiner=", '+' || ",
            **extra_context,
        )


class ReviewQuerySet(models.QuerySet):
    @staticmethod
    def verslag_uiterlijk(via: str = ""):
        """The day the verslag is due: the visit plus the cycle's verslag_binnen_dagen (a
        database expression, so every cycle keeps its own rule)."""
        return DatumPlusDagen(F(f"{via}bezoekdatum"), F(f"{via}cyclus__verslag_binnen_dagen"))

    @staticmethod
    def te_laat_q(datum: dt.date, via: str = "") -> Q:
        """The one definition of "review te laat" on `datum`: not finished, and past its
        cycle's deadline or visited more than the cycle's verslag_binnen_dagen ago
        without a verslag."""
        return ~Q(**{f"{via}status": "afgerond"}) & (
            Q(**{f"{via}cyclus__deadline__lt": datum})
            | (
                Q(**{f"{via}status": "panel_vastgesteld", f"{via}bezoekdatum__isnull": False})
                & Q(
                    GreaterThan(
                        Value(datum, output_field=models.DateField()),
                        ReviewQuerySet.verslag_uiterlijk(via),
                    )
                )
            )
        )

    def te_laat_op(self, datum: dt.date):
        return self.filter(self.te_laat_q(datum))


class Review(models.Model):
    class Status(models.TextChoices):
        GEPLAND = "gepland", _("gepland")
        PANEL_VASTGESTELD = "panel_vastgesteld", _("panel vastgesteld")
        VERSLAG_CONCEPT = "verslag_concept", _("verslag concept (feitencheck)")
        VERSLAG_DEFINITIEF = "verslag_definitief", _("verslag definitief")
        AFGEROND = "afgerond", _("afgerond (ontwikkelagenda vastgelegd)")

    # Panel members may read the reflection only while the review runs.
    PANEL_ACTIEF = (Status.PANEL_VASTGESTELD, Status.VERSLAG_CONCEPT)

    cyclus = models.ForeignKey(Cyclus, on_delete=models.CASCADE, related_name="reviews")
    ontvangend = models.ForeignKey(
        Partnerschap, on_delete=models.PROTECT, related_name="peer_reviews"
    )
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.GEPLAND)
    bezoekers = models.ManyToManyField(Partnerschap, related_name="bezochte_reviews", blank=True)
    bezoekdatum = models.DateField(_("bezoekdatum"), null=True, blank=True)
    objects = ReviewQuerySet.as_manager()
    kritische_reflectie = models.ForeignKey(
        "kwaliteit.Zelfevaluatie",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kritische reflectie (zelfevaluatie)"),
    )
    ontwikkelvragen = models.TextField(_("ontwikkelvragen"), blank=True)
    verslag = models.FileField(_("verslag (pdf)"), upload_to=verslag_pad, blank=True)
    feitencheck = models.TextField(_("feitencheck door het ontvangende partnerschap"), blank=True)
    ontwikkelagenda = models.TextField(_("ontwikkelagenda"), blank=True)

    class Meta:
        verbose_name = _("peer review")
        verbose_name_plural = _("peer reviews")
        ordering = ["ontvangend__naam"]
        constraints = [
            models.UniqueConstraint(fields=["cyclus", "ontvangend"], name="een_review_per_cyclus")
        ]

    def __str__(self):
        return f"Peer review {self.ontvangend_id} ({self.cyclus_id})"


class PanelLid(models.Model):
    """A person on the visiting panel. Their access to the receiving partnership's
    reflection is derived from the review's state (Review.PANEL_ACTIEF): it ends by
    itself when the verslag is final, no clean-up needed."""

    class Rol(models.TextChoices):
        VOORZITTER = "voorzitter", _("voorzitter")
        VERSLAGLEGGER = "verslaglegger", _("verslaglegger")
        PEER_SCHOOL = "peer_school", _("peer uit een school")
        PEER_OPLEIDING = "peer_opleiding", _("peer uit een lerarenopleiding")
        STUDENT = "student", _("student of starter")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="panelleden")
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="panelrollen"
    )
    partnerschap = models.ForeignKey(Partnerschap, on_delete=models.PROTECT, related_name="+")
    rol = models.CharField(_("rol"), max_length=20, choices=Rol.choices)
    beschikbaarheid = models.CharField(_("beschikbaarheid"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("panellid")
        verbose_name_plural = _("panelleden")
        constraints = [models.UniqueConstraint(fields=["review", "gebruiker"], name="een_panelrol")]

    def __str__(self):
        return f"{self.gebruiker} ({self.get_rol_display()})"


class Herinnering(models.Model):
    """A reminder that was sent: its key makes sending idempotent (a task that runs twice
    sends nothing twice) and the row is the log of what went to whom."""

    sleutel = models.CharField(max_length=120, unique=True)
    soort = models.CharField(max_length=30)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, null=True, blank=True, related_name="herinneringen"
    )
    verzonden_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("verstuurde herinnering")
        verbose_name_plural = _("verstuurde herinneringen")

    def __str__(self):
        return self.sleutel
