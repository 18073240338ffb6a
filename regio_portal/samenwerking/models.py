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
    # Called off by the organiser: registrations close, everyone registered is told.
    geannuleerd_op = models.DateTimeField(_("afgezegd op"), null=True, blank=True, editable=False)
    annuleringsreden = models.TextField(_("reden van afzeggen"), blank=True, editable=False)

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

    @property
    def gaat_niet_door(self) -> bool:
        return self.geannuleerd_op is not None

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


def praktijk_pad(instance, filename):
    return f"afspraken/{instance.onderwerp_id}/{instance.partnerschap_id}/{uuid.uuid4()}"


class Praktijk(models.Model):
    """A partnership's current practice on a topic: an amount, or a text and/or a
    document (a format, a model contract), stored privately."""

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
    document = models.FileField(upload_to=praktijk_pad, blank=True)
    document_naam = models.CharField(max_length=255, blank=True)
    document_type = models.CharField(max_length=100, blank=True)
    # Two partnerships with the very same document have the same practice.
    document_sha256 = models.CharField(max_length=64, blank=True)
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


# Ontwerpprincipes and routes (GROW) ------------------------------------------------


class Principeversie(models.Model):
    """A version of the ontwerpprincipes with their focuspunten. Like a Kader: a
    published version is never edited in place; a route keeps the version it was made
    on, so a later revision does not rewrite earlier routes."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("concept")
        GEPUBLICEERD = "gepubliceerd", _("gepubliceerd")

    naam = models.CharField(_("naam"), max_length=250)
    versie = models.PositiveIntegerField(_("versie"))
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    bron = models.CharField(_("bron"), max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONCEPT)
    gepubliceerd_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("versie van de ontwerpprincipes")
        verbose_name_plural = _("versies van de ontwerpprincipes")
        ordering = ["naam", "-versie"]
        constraints = [
            models.UniqueConstraint(fields=["naam", "versie"], name="principeversie_uniek")
        ]

    def __str__(self):
        return f"{self.naam} (versie {self.versie})"

    @property
    def gepubliceerd(self) -> bool:
        return self.status == self.Status.GEPUBLICEERD


class Ontwerpprincipe(models.Model):
    versie = models.ForeignKey(Principeversie, on_delete=models.CASCADE, related_name="principes")
    nummer = models.PositiveSmallIntegerField(_("nummer"))
    titel = models.CharField(_("titel"), max_length=250)
    toelichting = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("ontwerpprincipe")
        verbose_name_plural = _("ontwerpprincipes")
        ordering = ["versie", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["versie", "nummer"], name="principe_nummer_uniek")
        ]

    def __str__(self):
        return f"{self.nummer}. {self.titel}"


class Focuspunt(models.Model):
    """A point of the ideal picture under a principle."""

    principe = models.ForeignKey(
        Ontwerpprincipe, on_delete=models.CASCADE, related_name="focuspunten"
    )
    code = models.CharField(_("code"), max_length=20)
    tekst = models.TextField(_("tekst"))
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("focuspunt")
        verbose_name_plural = _("focuspunten")
        ordering = ["principe", "volgorde", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["principe", "code"], name="focuspunt_code_uniek")
        ]

    def __str__(self):
        return f"{self.code} {self.tekst[:40]}"


class Route(models.Model):
    """A partnership's or a region's route for a period (GROW: Goal, Reality, Options,
    Way forward). Reality is read live from the portal while the route is a concept and
    frozen into `realiteit` when it is submitted (partnership) or adopted (region)."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("concept")
        INGEDIEND = "ingediend", _("ingediend")
        VASTGESTELD = "vastgesteld", _("vastgesteld")

    partnerschap = models.ForeignKey(
        "partnerschappen.Partnerschap",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="routes",
    )
    regio = models.ForeignKey(
        Regio, on_delete=models.PROTECT, null=True, blank=True, related_name="routes"
    )
    principes = models.ForeignKey(Principeversie, on_delete=models.PROTECT, related_name="routes")
    begin_jaar = models.PositiveSmallIntegerField(_("van (jaar)"))
    eind_jaar = models.PositiveSmallIntegerField(_("tot en met (jaar)"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONCEPT)
    realiteit = models.JSONField(null=True, blank=True, editable=False)
    ingediend_op = models.DateTimeField(null=True, blank=True)
    ingediend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    bijgewerkt = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("route")
        verbose_name_plural = _("routes")
        ordering = ["-begin_jaar", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(partnerschap__isnull=False) & Q(regio__isnull=True))
                | (Q(partnerschap__isnull=True) & Q(regio__isnull=False)),
                name="route_van_partnerschap_of_regio",
            ),
            models.CheckConstraint(
                condition=Q(eind_jaar__gte=models.F("begin_jaar"))
                & Q(eind_jaar__lte=models.F("begin_jaar") + 6),
                name="route_periode",
                violation_error_message=_(
                    "De periode loopt van een jaar tot hoogstens zes jaar later."
                ),
            ),
            models.UniqueConstraint(
                fields=["partnerschap", "begin_jaar"],
                condition=Q(partnerschap__isnull=False),
                name="route_partnerschap_periode_uniek",
                violation_error_message=_("Voor deze periode is al een route."),
            ),
            models.UniqueConstraint(
                fields=["regio", "begin_jaar"],
                condition=Q(regio__isnull=False),
                name="route_regio_periode_uniek",
                violation_error_message=_("Voor deze periode is al een route."),
            ),
        ]

    def __str__(self):
        wie = self.partnerschap_id and self.partnerschap or self.regio
        return f"Route {wie} {self.periode}"

    @property
    def periode(self) -> str:
        return f"{self.begin_jaar}-{self.eind_jaar}"

    @property
    def is_regionaal(self) -> bool:
        return self.regio_id is not None

    @property
    def is_concept(self) -> bool:
        return self.status == self.Status.CONCEPT


class Ambitie(models.Model):
    """Goal: an ambition, tied to one or more ontwerpprincipes and where it applies to
    waarborgen of the quality framework. A regional ambition may name the partnership
    ambitions it is composed from (`bronnen`)."""

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="ambities")
    tekst = models.TextField(_("ambitie"))
    principes = models.ManyToManyField(
        Ontwerpprincipe, related_name="ambities", verbose_name=_("ontwerpprincipes")
    )
    waarborgen = models.ManyToManyField(
        "kwaliteit.Waarborg", blank=True, related_name="+", verbose_name=_("waarborgen")
    )
    bronnen = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="in_regio",
        verbose_name=_("ambities van partnerschappen"),
    )

    class Meta:
        verbose_name = _("ambitie")
        verbose_name_plural = _("ambities")
        ordering = ["route", "pk"]

    def __str__(self):
        return self.tekst[:60]

    @property
    def bron_codes(self) -> list[str]:
        """The partnerships whose ambitions this one composes (each once)."""
        return sorted({b.route.partnerschap.code for b in self.bronnen.all()})


class Analyse(models.Model):
    """Reality: the partnership's (or region's) own analysis on one principle."""

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="analyses")
    principe = models.ForeignKey(Ontwerpprincipe, on_delete=models.PROTECT, related_name="+")
    tekst = models.TextField(_("analyse"))

    class Meta:
        verbose_name = _("analyse")
        verbose_name_plural = _("analyses")
        constraints = [
            models.UniqueConstraint(fields=["route", "principe"], name="analyse_per_principe")
        ]

    def __str__(self):
        return f"{self.route_id} {self.principe_id}"


class Optie(models.Model):
    """Options: a way considered, with pros and cons; one of a route is chosen."""

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="opties")
    titel = models.CharField(_("optie"), max_length=250)
    voordelen = models.TextField(_("voordelen"), blank=True)
    nadelen = models.TextField(_("nadelen"), blank=True)
    gekozen = models.BooleanField(_("gekozen"), default=False)

    class Meta:
        verbose_name = _("optie")
        verbose_name_plural = _("opties")
        ordering = ["route", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["route"], condition=Q(gekozen=True), name="een_gekozen_optie"
            )
        ]

    def __str__(self):
        return self.titel


class Actie(models.Model):
    """Way forward: an action with owner, due date and status; open ones show on the
    programmaleider's start page ("wat nu te doen")."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        BEZIG = "bezig", _("bezig")
        AFGEROND = "afgerond", _("afgerond")

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="acties")
    ambitie = models.ForeignKey(
        Ambitie,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="acties",
        verbose_name=_("bij ambitie"),
    )
    wat = models.CharField(_("actie"), max_length=300)
    eigenaar = models.CharField(_("eigenaar"), max_length=200)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["deadline", "pk"]

    def __str__(self):
        return self.wat


class RouteOpmerking(models.Model):
    """A kwartiermaker's comment on a route, on the whole or on one principle."""

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="opmerkingen")
    principe = models.ForeignKey(
        Ontwerpprincipe,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bij ontwerpprincipe"),
    )
    tekst = models.TextField(_("opmerking"))
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moment = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("opmerking bij een route")
        verbose_name_plural = _("opmerkingen bij routes")
        ordering = ["moment", "pk"]

    def __str__(self):
        return self.tekst[:60]
