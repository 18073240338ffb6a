"""API keys of institutes, their recorded uses and idempotency records."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerschappen.models import Instituut, Partnerschap


class ApiSleutel(models.Model):
    """An API key for one institute. The key itself is shown once when issued; the
    database keeps its SHA-256 (a key is 256 random bits, so a fast hash is enough) and
    its first characters to recognise it by. Never deleted, only revoked: its uses stay
    traceable."""

    instituut = models.ForeignKey(Instituut, on_delete=models.PROTECT, related_name="api_sleutels")
    naam = models.CharField(_("omschrijving"), max_length=100)
    # Partnerships the key may write in: those of the person who issued it (a
    # programmaleider), or all of the institute's (alle_partnerschappen, a beheerder).
    alle_partnerschappen = models.BooleanField(default=False)
    partnerschappen = models.ManyToManyField(Partnerschap, blank=True, related_name="+")
    prefix = models.CharField(max_length=12, editable=False)
    sleutel_hash = models.CharField(max_length=64, unique=True, editable=False)
    verloopt_op = models.DateField(_("geldig tot en met"))
    aangemaakt = models.DateTimeField(auto_now_add=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ingetrokken_op = models.DateTimeField(null=True, blank=True)
    ingetrokken_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    laatst_gebruikt = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")
        ordering = ["-aangemaakt"]

    def __str__(self):
        return f"{self.instituut.code}: {self.naam} ({self.prefix}…)"

    def geldig_op(self, moment: dt.datetime | None = None) -> bool:
        moment = moment or timezone.now()
        return self.ingetrokken_op is None and timezone.localdate(moment) <= self.verloopt_op

    @property
    def status(self) -> str:
        if self.ingetrokken_op:
            return _("ingetrokken")
        if timezone.localdate() > self.verloopt_op:
            return _("verlopen")
        return _("geldig")


class ApiGebruik(models.Model):
    """One request made with a key (every use is recorded): what, when, from where and
    the answer, never the body (it holds personal data)."""

    sleutel = models.ForeignKey(ApiSleutel, on_delete=models.PROTECT, related_name="gebruik")
    moment = models.DateTimeField(default=timezone.now)
    methode = models.CharField(max_length=10)
    pad = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField()
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-moment"]
        indexes = [models.Index(fields=["sleutel", "-moment"])]

    def __str__(self):
        return f"{self.moment:%Y-%m-%d %H:%M} {self.methode} {self.pad} {self.status}"


class Idempotentie(models.Model):
    """The answer to a PUT with an Idempotency-Key, so that the same request sent again
    (a retry after a lost connection) gets the same answer and changes nothing."""

    sleutel = models.ForeignKey(ApiSleutel, on_delete=models.CASCADE, related_name="+")
    idempotentie_sleutel = models.CharField(max_length=200)
    verzoek_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    antwoord = models.JSONField()
    aangemaakt = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sleutel", "idempotentie_sleutel"], name="idempotentie_uniek"
            )
        ]

    def __str__(self):
        return f"{self.sleutel_id}: {self.idempotentie_sleutel}"
