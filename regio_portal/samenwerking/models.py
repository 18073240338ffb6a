"""Regional meetings and their registrations."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerschappen.models import Regio, Sector, Vestiging


class Bijeenkomst(models.Model):
    class Thema(models.TextChoices):
        INDUCTIE = "inductie", _("inductie")
        BEGELEIDING = "begeleiding", _("begeleiding")
        DOORSTROOM = "doorstroom", _("doorstroom")
        INTERVISIE = "intervisie", _("intervisie")
        OVERIG = "overig", _("overig")

    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="bijeenkomsten")
    titel = models.CharField(_("titel"), max_length=200)
    thema = models.CharField(_("thema"), max_length=20, choices=Thema.choices)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    begin = models.DateTimeField(_("begin"))
    eind = models.DateTimeField(_("einde"))
    locatie = models.CharField(_("plaats"), max_length=250, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    capaciteit = models.PositiveIntegerField(_("aantal plaatsen"))
    doelgroepen = models.CharField(
        _("voor wie"),
        max_length=250,
        blank=True,
        help_text=_("Bijvoorbeeld: schoolopleiders, werkplekbegeleiders, schoolleiders."),
    )
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices, blank=True)
    # The public link (/bijeenkomsten/<sleutel>/): unguessable, unlike the pk.
    sleutel = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    aangemaakt = models.DateTimeField(auto_now_add=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        ordering = ["begin", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(eind__gt=models.F("begin")),
                name="bijeenkomst_eind_na_begin",
                violation_error_message=_("Het einde ligt niet na het begin."),
            ),
            models.CheckConstraint(
                condition=Q(capaciteit__gte=1),
                name="bijeenkomst_capaciteit",
                violation_error_message=_("Er is ten minste één plaats."),
            ),
        ]

    def __str__(self):
        return f"{self.titel} ({self.begin:%d-%m-%Y})"

    def clean(self):
        if not (self.locatie or self.online_link):
            raise ValidationError(_("Geef een plaats of een online link."))


class Aanmelding(models.Model):
    """A registration: of someone with an account (confirmed at once) or through the
    public link (confirmed by e-mail, double opt-in). Personal data (name, e-mail) is
    emptied after the retention term (samenwerking/services.aanmeldingen_opschonen)."""

    class Status(models.TextChoices):
        ONBEVESTIGD = "onbevestigd", _("nog niet bevestigd")
        BEVESTIGD = "bevestigd", _("aangemeld")
        WACHTLIJST = "wachtlijst", _("op de wachtlijst")
        GEANNULEERD = "geannuleerd", _("afgemeld")

    bijeenkomst = models.ForeignKey(
        Bijeenkomst, on_delete=models.CASCADE, related_name="aanmeldingen"
    )
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    naam = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mailadres"))
    vestiging = models.ForeignKey(
        Vestiging, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rol = models.CharField(_("functie"), max_length=100, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    aangemeld_op = models.DateTimeField(auto_now_add=True)
    bevestigd_op = models.DateTimeField(null=True, blank=True)
    geannuleerd_op = models.DateTimeField(null=True, blank=True)
    herinnerd_op = models.DateTimeField(null=True, blank=True)
    aanwezig = models.BooleanField(null=True, blank=True)
    opgeschoond = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["aangemeld_op", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["bijeenkomst", "email"],
                condition=~Q(status="geannuleerd") & Q(opgeschoond=False),
                name="een_aanmelding_per_adres",
            )
        ]

    def __str__(self):
        return f"{self.bijeenkomst_id}: {self.get_status_display()}"


class Contactnotitie(models.Model):
    """A kwartiermaker's note on a board not (wholly) in a partnership yet: the contact
    made and the next step (towards 100% Samen Opleiden)."""

    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="+")
    bestuur = models.ForeignKey(
        "partnerschappen.Bestuur", on_delete=models.CASCADE, related_name="+"
    )
    datum = models.DateField(_("datum"))
    contact = models.TextField(_("contact"), help_text=_("Met wie, en wat is besproken."))
    volgende_stap = models.CharField(_("volgende stap"), max_length=250, blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aangemaakt = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contactnotitie")
        verbose_name_plural = _("contactnotities")
        ordering = ["-datum", "-pk"]

    def __str__(self):
        return f"{self.bestuur_id} {self.datum}"


class AfspraakOnderwerp(models.Model):
    """A topic the region compares across its partnerships (e.g. "stagevergoeding pabo,
    jaar 1" or "beoordelingsformat zij-instromers"): an amount or a text."""

    class Soort(models.TextChoices):
        BEDRAG = "bedrag", _("bedrag (euro)")
        TEKST = "tekst", _("tekst")

    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="afspraakonderwerpen")
    titel = models.CharField(_("onderwerp"), max_length=200)
    soort = models.CharField(_("soort"), max_length=10, choices=Soort.choices)
    eenheid = models.CharField(
        _("eenheid"), max_length=60, blank=True, help_text=_("Bijvoorbeeld: per maand, per jaar.")
    )
    toelichting = models.TextField(_("toelichting"), blank=True)
    aangemaakt = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("afspraakonderwerp")
        verbose_name_plural = _("afspraakonderwerpen")
        ordering = ["titel", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["regio", "titel"], name="een_onderwerp_per_titel")
        ]

    def __str__(self):
        return self.titel


class Praktijk(models.Model):
    """A partnership's current practice on a topic."""

    onderwerp = models.ForeignKey(
        AfspraakOnderwerp, on_delete=models.CASCADE, related_name="praktijken"
    )
    partnerschap = models.ForeignKey(
        "partnerschappen.Partnerschap", on_delete=models.CASCADE, related_name="+"
    )
    bedrag = models.DecimalField(
        _("bedrag"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    tekst = models.TextField(_("afspraak in het partnerschap"), blank=True)
    bijgewerkt = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("praktijk")
        verbose_name_plural = _("praktijken")
        constraints = [
            models.UniqueConstraint(
                fields=["onderwerp", "partnerschap"], name="een_praktijk_per_partnerschap"
            )
        ]

    def __str__(self):
        return f"{self.onderwerp_id} {self.partnerschap_id}"


class RegionaleAfspraak(models.Model):
    """What the region agreed on a topic, from a start date (a later one replaces it)."""

    onderwerp = models.ForeignKey(
        AfspraakOnderwerp, on_delete=models.CASCADE, related_name="afspraken"
    )
    bedrag = models.DecimalField(
        _("bedrag"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    tekst = models.TextField(_("regionale afspraak"), blank=True)
    ingangsdatum = models.DateField(_("geldt vanaf"))
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("regionale afspraak")
        verbose_name_plural = _("regionale afspraken")
        ordering = ["-ingangsdatum", "-pk"]

    def __str__(self):
        return f"{self.onderwerp_id} vanaf {self.ingangsdatum}"
