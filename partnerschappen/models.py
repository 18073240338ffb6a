"""Organisation data. Slim models: rules live in services.py and selectors.py."""

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

vestigingscode_validator = RegexValidator(
    r"^[0-9]{2}[A-Z]{2}[0-9]{2}$",
    _("Een vestigingscode is 4 tekens instellingscode en 2 cijfers, zoals 16SW03."),
)
instellingscode_validator = RegexValidator(
    r"^[0-9]{2}[A-Z]{2}$", _("Een instellingscode is 2 cijfers en 2 letters, zoals 21PB.")
)
gemeentenummer_validator = RegexValidator(
    r"^[0-9]{4}$", _("Een gemeentenummer is 4 cijfers, zoals 0344.")
)
bestuursnummer_validator = RegexValidator(
    r"^[0-9]{1,6}$", _("Een bestuursnummer (bevoegd gezag) bestaat uit cijfers.")
)
code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,29}$",
    _("Een code bestaat uit letters, cijfers, '-', '_' of '.' (hoogstens 30 tekens)."),
)


class Sector(models.TextChoices):
    PO = "po", _("po")
    VO = "vo", _("vo")
    MBO = "mbo", _("mbo")


class PartnerschapSector(models.TextChoices):
    PO = "po", _("po")
    VO = "vo", _("vo")
    MBO = "mbo", _("mbo")
    SECTOROVERSTIJGEND = "sectoroverstijgend", _("sectoroverstijgend")


class Regio(models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True, validators=[code_validator])
    naam = models.CharField(_("naam"), max_length=200)
    landelijk = models.BooleanField(
        _("landelijke regio"),
        default=False,
        help_text=_("Bepaald door lidmaatschap in plaats van gemeenten."),
    )

    class Meta:
        verbose_name = _("onderwijsregio")
        verbose_name_plural = _("onderwijsregio's")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Gemeente(models.Model):
    """A gemeente and the (one) region it lies in."""

    nummer = models.CharField(
        _("gemeentenummer"), max_length=4, unique=True, validators=[gemeentenummer_validator]
    )
    naam = models.CharField(_("naam"), max_length=200, blank=True)
    regio = models.ForeignKey(
        Regio, on_delete=models.PROTECT, related_name="gemeenten", null=True, blank=True
    )

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["nummer"]

    def __str__(self):
        return f"{self.nummer} {self.naam}".strip()


class Bestuur(models.Model):
    nummer = models.CharField(
        _("bestuursnummer"), max_length=6, unique=True, validators=[bestuursnummer_validator]
    )
    naam = models.CharField(_("naam"), max_length=250)

    class Meta:
        verbose_name = _("schoolbestuur")
        verbose_name_plural = _("schoolbesturen")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Instituut(models.Model):
    code = models.CharField(
        _("instellingscode"), max_length=4, unique=True, validators=[instellingscode_validator]
    )
    naam = models.CharField(_("naam"), max_length=250)

    class Meta:
        verbose_name = _("instituut")
        verbose_name_plural = _("instituten")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Vestiging(models.Model):
    code = models.CharField(
        _("vestigingscode"), max_length=6, unique=True, validators=[vestigingscode_validator]
    )
    naam = models.CharField(_("naam"), max_length=250)
    bestuur = models.ForeignKey(Bestuur, on_delete=models.PROTECT, related_name="vestigingen")
    gemeente = models.CharField(
        _("gemeentenummer"), max_length=4, blank=True, validators=[gemeentenummer_validator]
    )
    gemeentenaam = models.CharField(_("gemeente"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices)
    # One region per vestiging (2025 rule); null means "in no region": a data problem.
    regio = models.ForeignKey(
        Regio, on_delete=models.PROTECT, related_name="vestigingen", null=True, blank=True
    )
    straat = models.CharField(_("straat"), max_length=200, blank=True)
    huisnummer = models.CharField(_("huisnummer"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    plaats = models.CharField(_("plaats"), max_length=200, blank=True)
    denominatie = models.CharField(_("denominatie"), max_length=200, blank=True)
    internetadres = models.CharField(_("internetadres"), max_length=250, blank=True)
    onderwijsstructuur = models.CharField(_("onderwijsstructuur"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("vestiging")
        verbose_name_plural = _("vestigingen")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.naam}"


class Partnerschap(models.Model):
    class Status(models.TextChoices):
        ERKEND = "erkend", _("erkend")
        ASPIRANT = "aspirant", _("aspirant")

    code = models.CharField(_("code"), max_length=30, unique=True, validators=[code_validator])
    naam = models.CharField(_("naam"), max_length=250)
    sector = models.CharField(_("sector"), max_length=20, choices=PartnerschapSector.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("partnerschap")
        verbose_name_plural = _("partnerschappen")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


def actief_q(datum: dt.date, *, van: str, tot: str, via: str = "") -> Q:
    """The one definition of "active on `datum`" for rows with a validity period
    [van, tot] (tot empty: open end), as a Q on the fields behind `via` (a relation
    path such as "lidmaatschappen__", for annotations of the row that owns them)."""
    return Q(**{f"{via}{van}__lte": datum}) & (
        Q(**{f"{via}{tot}__isnull": True}) | Q(**{f"{via}{tot}__gte": datum})
    )


class LidmaatschapQuerySet(models.QuerySet):
    @staticmethod
    def actief_q(datum: dt.date, via: str = "") -> Q:
        return actief_q(datum, van="startdatum", tot="einddatum", via=via)

    def actief_op(self, datum: dt.date):
        return self.filter(self.actief_q(datum))


class RolQuerySet(models.QuerySet):
    def actief_op(self, datum: dt.date):
        return self.filter(actief_q(datum, van="geldig_van", tot="geldig_tot"))

    def niet_beeindigd_op(self, datum: dt.date):
        """Active now or starting later: a person who has this has the role (for
        "already has it" checks)."""
        return self.filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=datum))


class Lidmaatschap(models.Model):
    """A vestiging or an instituut taking part in a partnership for a period.

    Periods of the same member in the same partnership may not overlap (clean()), so
    that "member on day X" has one answer; the database backs the natural key.
    """

    class Soort(models.TextChoices):
        VESTIGING = "vestiging", _("vestiging")
        INSTITUUT = "instituut", _("instituut")

    partnerschap = models.ForeignKey(
        Partnerschap, on_delete=models.CASCADE, related_name="lidmaatschappen"
    )
    vestiging = models.ForeignKey(
        Vestiging,
        on_delete=models.PROTECT,
        related_name="lidmaatschappen",
        null=True,
        blank=True,
    )
    instituut = models.ForeignKey(
        Instituut,
        on_delete=models.PROTECT,
        related_name="lidmaatschappen",
        null=True,
        blank=True,
    )
    startdatum = models.DateField(_("startdatum"))
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)

    objects = LidmaatschapQuerySet.as_manager()

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["startdatum"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(vestiging__isnull=False) & Q(instituut__isnull=True))
                | (Q(vestiging__isnull=True) & Q(instituut__isnull=False)),
                name="lidmaatschap_vestiging_of_instituut",
                violation_error_message=_("Kies een vestiging of een instituut."),
            ),
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True) | Q(einddatum__gte=models.F("startdatum")),
                name="lidmaatschap_einde_na_start",
                violation_error_message=_("De einddatum ligt voor de startdatum."),
            ),
            models.UniqueConstraint(
                fields=["partnerschap", "vestiging", "startdatum"],
                condition=Q(vestiging__isnull=False),
                name="lidmaatschap_uniek_vestiging",
            ),
            models.UniqueConstraint(
                fields=["partnerschap", "instituut", "startdatum"],
                condition=Q(instituut__isnull=False),
                name="lidmaatschap_uniek_instituut",
            ),
        ]

    def clean(self):
        if self.vestiging_id and self.instituut_id:
            raise ValidationError(_("Kies een vestiging of een instituut, niet allebei."))
        if self.einddatum and self.startdatum and self.einddatum < self.startdatum:
            raise ValidationError({"einddatum": _("De einddatum ligt voor de startdatum.")})
        if not (self.partnerschap_id and self.startdatum) or not (
            self.vestiging_id or self.instituut_id
        ):
            return
        lid = (
            {"vestiging_id": self.vestiging_id}
            if self.vestiging_id
            else {"instituut_id": self.instituut_id}
        )
        overlap = Lidmaatschap.objects.filter(partnerschap_id=self.partnerschap_id, **lid).filter(
            Q(einddatum__isnull=True) | Q(einddatum__gte=self.startdatum)
        )
        if self.einddatum:
            overlap = overlap.filter(startdatum__lte=self.einddatum)
        if self.pk:
            overlap = overlap.exclude(pk=self.pk)
        andere = overlap.first()
        if andere:
            raise ValidationError(
                {
                    "startdatum": _(
                        "Dit lid is in deze periode al lid van het partnerschap "
                        "(lidmaatschap vanaf %(start)s)."
                    )
                    % {"start": andere.startdatum.strftime("%d-%m-%Y")}
                }
            )

    @property
    def soort(self) -> str:
        return self.Soort.VESTIGING if self.vestiging_id else self.Soort.INSTITUUT

    @property
    def lid(self):
        return self.vestiging if self.vestiging_id else self.instituut

    def __str__(self):
        return f"{self.partnerschap.code}: {self.lid}"


class Contactpersoon(models.Model):
    partnerschap = models.ForeignKey(
        Partnerschap, on_delete=models.CASCADE, related_name="contactpersonen"
    )
    naam = models.CharField(_("naam"), max_length=200)
    functie = models.CharField(_("functie"), max_length=200, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    telefoon = models.CharField(_("telefoon"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


def overeenkomst_pad(instance, filename):
    return f"overeenkomsten/{instance.partnerschap_id}/{instance.uuid}.pdf"


class Overeenkomst(models.Model):
    """An uploaded agreement (PDF), stored privately and served only through a view."""

    class Soort(models.TextChoices):
        SAMENWERKING = "samenwerkingsovereenkomst", _("samenwerkingsovereenkomst")
        CONVENANT = "convenant", _("convenant")
        OVERIG = "overig", _("overig")

    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    partnerschap = models.ForeignKey(
        Partnerschap, on_delete=models.CASCADE, related_name="overeenkomsten"
    )
    titel = models.CharField(_("titel"), max_length=250)
    soort = models.CharField(
        _("soort"), max_length=40, choices=Soort.choices, default=Soort.SAMENWERKING
    )
    datum = models.DateField(_("datum ondertekening"), null=True, blank=True)
    bestand = models.FileField(_("bestand (pdf)"), upload_to=overeenkomst_pad)
    grootte = models.PositiveIntegerField(default=0)
    geupload_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    geupload_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("overeenkomst")
        verbose_name_plural = _("overeenkomsten")
        ordering = ["-geupload_op"]

    def __str__(self):
        return self.titel


class Rol(models.Model):
    """A person's role on an object, with a validity period. The source of truth for
    access; django-guardian permissions are derived from it by services.rollen_synchroniseer."""

    class Soort(models.TextChoices):
        PROGRAMMALEIDER = "programmaleider", _("programmaleider")
        KWARTIERMAKER = "kwartiermaker", _("kwartiermaker")
        BESTUURDER = "bestuurder", _("bestuurder")
        PEER_REVIEWER = "peer_reviewer", _("peer reviewer")
        BEHEERDER = "beheerder", _("beheerder")

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rollen"
    )
    soort = models.CharField(_("rol"), max_length=20, choices=Soort.choices)
    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, null=True, blank=True)
    partnerschap = models.ForeignKey(Partnerschap, on_delete=models.CASCADE, null=True, blank=True)
    bestuur = models.ForeignKey(Bestuur, on_delete=models.CASCADE, null=True, blank=True)
    geldig_van = models.DateField(_("geldig vanaf"))
    geldig_tot = models.DateField(_("geldig tot en met"), null=True, blank=True)
    toegekend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = RolQuerySet.as_manager()

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        ordering = ["gebruiker", "soort"]
        constraints = [
            models.CheckConstraint(
                name="rol_object_past_bij_soort",
                violation_error_message=_(
                    "Een programmaleider hoort bij een partnerschap, een kwartiermaker bij "
                    "een regio, een bestuurder bij een bestuur; beheerder en peer reviewer "
                    "bij geen van drieën."
                ),
                condition=(
                    Q(soort="programmaleider", partnerschap__isnull=False)
                    & Q(regio__isnull=True, bestuur__isnull=True)
                )
                | (
                    Q(soort="kwartiermaker", regio__isnull=False)
                    & Q(partnerschap__isnull=True, bestuur__isnull=True)
                )
                | (
                    Q(soort="bestuurder", bestuur__isnull=False)
                    & Q(regio__isnull=True, partnerschap__isnull=True)
                )
                | (
                    Q(soort__in=["beheerder", "peer_reviewer"])
                    & Q(regio__isnull=True, partnerschap__isnull=True, bestuur__isnull=True)
                ),
            ),
            models.CheckConstraint(
                name="rol_einde_na_start",
                violation_error_message=_("De einddatum ligt voor de begindatum."),
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=models.F("geldig_van")),
            ),
        ]

    @property
    def object(self):
        return self.partnerschap or self.regio or self.bestuur

    def __str__(self):
        obj = self.object
        return f"{self.get_soort_display()} {obj}" if obj else self.get_soort_display()


# django-guardian object permissions as direct foreign keys (fast joins, real FKs),
# only on the three objects roles are granted on.
class PartnerschapGebruikersrecht(UserObjectPermissionBase):
    content_object = models.ForeignKey(Partnerschap, on_delete=models.CASCADE)


class RegioGebruikersrecht(UserObjectPermissionBase):
    content_object = models.ForeignKey(Regio, on_delete=models.CASCADE)


class BestuurGebruikersrecht(UserObjectPermissionBase):
    content_object = models.ForeignKey(Bestuur, on_delete=models.CASCADE)
