"""Users and import files. Users log in by e-mail; roles live in partnerschappen.Rol."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GebruikerManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("E-mailadres is verplicht.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class Gebruiker(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mailadres"), unique=True)
    naam = models.CharField(_("naam"), max_length=200, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)
    is_staff = models.BooleanField(_("toegang tot beheer"), default=False)
    date_joined = models.DateTimeField(_("aangemaakt"), default=timezone.now)

    objects = GebruikerManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["email"]

    def __str__(self):
        return self.naam or self.email

    def get_full_name(self):
        return self.naam or self.email

    def get_short_name(self):
        return self.naam or self.email


def importbestand_pad(instance, filename):
    # Never the uploader's file name on disk: it may contain personal data.
    return f"importen/{instance.pk}.bin"


class Importbestand(models.Model):
    """An uploaded file between preview and confirmation, and the result of its import."""

    class Status(models.TextChoices):
        GECONTROLEERD = "gecontroleerd", _("gecontroleerd, wacht op bevestiging")
        FOUTEN = "fouten", _("afgekeurd: bevat fouten")
        WACHTRIJ = "wachtrij", _("bevestigd, wacht op verwerking")
        BEZIG = "bezig", _("wordt geïmporteerd")
        KLAAR = "klaar", _("geïmporteerd")
        MISLUKT = "mislukt", _("mislukt")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    soort = models.CharField(_("soort"), max_length=40)
    bestand = models.FileField(upload_to=importbestand_pad)
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=255)
    geupload_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="importbestanden"
    )
    opties = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    samenvatting = models.JSONField(default=dict, blank=True)
    fouten = models.JSONField(default=list, blank=True)
    # What the check says the file will change beyond its rows (for placements: the
    # count, per row and in totals); no names or person numbers, row numbers only.
    effect = models.JSONField(default=dict, blank=True)
    aangemaakt = models.DateTimeField(auto_now_add=True)
    bijgewerkt = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("importbestand")
        verbose_name_plural = _("importbestanden")
        ordering = ["-aangemaakt"]

    def __str__(self):
        return f"{self.soort}: {self.bestandsnaam}"


class Inzage(models.Model):
    """Who viewed or exported student-level data (AVG art. 32; docs/privacy.md).

    Records what was looked at in terms of the portal (placements of partnership X,
    school year Y, how many rows), never the students' data itself."""

    class Actie(models.TextChoices):
        BEKEKEN = "bekeken", _("bekeken")
        GEEXPORTEERD = "geexporteerd", _("geëxporteerd")

    tijdstip = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    # Kept when the account is removed: the log must still say who it was.
    email = models.EmailField(_("e-mailadres"))
    actie = models.CharField(_("actie"), max_length=20, choices=Actie.choices)
    onderwerp = models.CharField(_("wat"), max_length=200)
    aantal = models.PositiveIntegerField(_("aantal records"))

    class Meta:
        verbose_name = _("inzage in studentgegevens")
        verbose_name_plural = _("inzagelog")
        ordering = ["-tijdstip", "-pk"]

    def __str__(self):
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.email} {self.actie} {self.onderwerp}"
