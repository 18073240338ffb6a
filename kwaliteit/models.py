"""Kwaliteit: versioned frameworks (Kader -> Waarborg -> Kenmerk) and the yearly
zelfevaluatie of a partnership with scores, evidence and ontwikkelpunten."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerschappen.models import Partnerschap

STANDAARD_SCHAAL = [
    {"waarde": "1", "label": "nog niet aanwezig"},
    {"waarde": "2", "label": "in ontwikkeling"},
    {"waarde": "3", "label": "basiskwaliteit op orde"},
    {"waarde": "4", "label": "voorbeeldpraktijk"},
    {"waarde": "nvt", "label": "n.v.t."},
]


def standaard_schaal():
    return [dict(s) for s in STANDAARD_SCHAAL]


class Kader(models.Model):
    """A version of a quality framework. A published version is never edited in place."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("concept")
        GEPUBLICEERD = "gepubliceerd", _("gepubliceerd")

    naam = models.CharField(_("naam"), max_length=250)
    versie = models.PositiveIntegerField(_("versie"))
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONCEPT)
    voorbeeldtekst = models.BooleanField(
        _("voorbeeldtekst"),
        default=False,
        help_text=_("De teksten zijn een tijdelijke plaatsvervanger, niet de officiële tekst."),
    )
    schaal = models.JSONField(_("scoreschaal"), default=standaard_schaal)
    gepubliceerd_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kwaliteitskader")
        verbose_name_plural = _("kwaliteitskaders")
        ordering = ["naam", "-versie"]
        constraints = [
            models.UniqueConstraint(fields=["naam", "versie"], name="kader_versie_uniek")
        ]

    def __str__(self):
        return f"{self.naam} (versie {self.versie})"

    @property
    def gepubliceerd(self) -> bool:
        return self.status == self.Status.GEPUBLICEERD

    def schaal_label(self, waarde: str) -> str:
        return next((s["label"] for s in self.schaal if s["waarde"] == waarde), "")


class Waarborg(models.Model):
    kader = models.ForeignKey(Kader, on_delete=models.CASCADE, related_name="waarborgen")
    code = models.CharField(_("code"), max_length=20)
    titel = models.CharField(_("titel"), max_length=250)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kader", "volgorde", "code"]
        constraints = [
            models.UniqueConstraint(fields=["kader", "code"], name="waarborg_code_uniek")
        ]

    def __str__(self):
        return f"{self.code} {self.titel}"


class Kenmerk(models.Model):
    waarborg = models.ForeignKey(Waarborg, on_delete=models.CASCADE, related_name="kenmerken")
    code = models.CharField(_("code"), max_length=20)
    tekst = models.TextField(_("tekst"))
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["waarborg", "volgorde", "code"]
        constraints = [
            models.UniqueConstraint(fields=["waarborg", "code"], name="kenmerk_code_uniek")
        ]

    def __str__(self):
        return self.code


class Zelfevaluatie(models.Model):
    class Status(models.TextChoices):
        CONCEPT = "concept", _("concept")
        INGEDIEND = "ingediend", _("ingediend")

    partnerschap = models.ForeignKey(
        Partnerschap, on_delete=models.PROTECT, related_name="zelfevaluaties"
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    kader = models.ForeignKey(Kader, on_delete=models.PROTECT, related_name="zelfevaluaties")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONCEPT)
    # Optimistic locking: every save raises it; a form carries the number it started from.
    revisie = models.PositiveIntegerField(default=0)
    bijgewerkt = models.DateTimeField(auto_now=True)
    bijgewerkt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ingediend_op = models.DateTimeField(null=True, blank=True)
    ingediend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    heropend_reden = models.TextField(_("reden heropenen"), blank=True)

    class Meta:
        verbose_name = _("zelfevaluatie")
        verbose_name_plural = _("zelfevaluaties")
        ordering = ["partnerschap", "-jaar"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnerschap", "jaar"], name="een_zelfevaluatie_per_jaar"
            )
        ]

    def __str__(self):
        return f"Zelfevaluatie {self.partnerschap.code} {self.jaar}"


class Score(models.Model):
    zelfevaluatie = models.ForeignKey(
        Zelfevaluatie, on_delete=models.CASCADE, related_name="scores"
    )
    kenmerk = models.ForeignKey(Kenmerk, on_delete=models.PROTECT, related_name="+")
    score = models.CharField(_("score"), max_length=10, blank=True)
    onderbouwing = models.TextField(_("onderbouwing"), blank=True)
    gewenste_situatie = models.TextField(_("gewenste situatie"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["zelfevaluatie", "kenmerk"], name="score_per_kenmerk")
        ]

    def __str__(self):
        return f"{self.zelfevaluatie_id}/{self.kenmerk_id}: {self.score}"


def bewijs_pad(instance, filename):
    return f"bewijs/{instance.zelfevaluatie_id}/{instance.uuid}"


class Bewijsstuk(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zelfevaluatie = models.ForeignKey(
        Zelfevaluatie, on_delete=models.CASCADE, related_name="bewijsstukken"
    )
    kenmerk = models.ForeignKey(
        Kenmerk, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    titel = models.CharField(_("titel"), max_length=250)
    bestand = models.FileField(upload_to=bewijs_pad, blank=True)
    bestandsnaam = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    grootte = models.PositiveIntegerField(default=0)
    url = models.URLField(_("link"), blank=True)
    toegevoegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    toegevoegd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["toegevoegd_op"]
        constraints = [
            models.CheckConstraint(
                condition=(~Q(bestand="") & Q(url="")) | (Q(bestand="") & ~Q(url="")),
                name="bewijs_bestand_of_link",
                violation_error_message=_("Een bewijsstuk is een bestand of een link."),
            )
        ]

    def __str__(self):
        return self.titel


class Ontwikkelpunt(models.Model):
    """An improvement action of a partnership; it stays on every next zelfevaluatie until
    it is closed."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        BEZIG = "bezig", _("bezig")
        AFGEROND = "afgerond", _("afgerond")

    partnerschap = models.ForeignKey(
        Partnerschap, on_delete=models.CASCADE, related_name="ontwikkelpunten"
    )
    waarborg_code = models.CharField(_("waarborg"), max_length=20)
    wat = models.TextField(_("wat"))
    eigenaar = models.CharField(_("eigenaar"), max_length=200)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    sinds_jaar = models.PositiveSmallIntegerField(_("sinds"))
    afgerond_jaar = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("ontwikkelpunt")
        verbose_name_plural = _("ontwikkelpunten")
        ordering = ["deadline", "pk"]

    def __str__(self):
        return self.wat[:60]
