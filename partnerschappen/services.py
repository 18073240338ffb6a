"""Every write that matters for organisations, partnerships and roles.

Services are keyword-only, run in a transaction, validate with full_clean() and are
audited (django-auditlog, with the acting user as actor).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from regio_portal.core.services import (
    audit_actor,
    echte_gebruiker,
    object_opslaan,
    object_verwijderen,
)

from .models import (
    Bestuur,
    BestuurGebruikersrecht,
    Overeenkomst,
    Partnerschap,
    PartnerschapGebruikersrecht,
    Regio,
    RegioGebruikersrecht,
    Rol,
)

# Which guardian permissions each role gives on its object.
RECHTEN_PER_ROL = {
    Rol.Soort.PROGRAMMALEIDER: ("partnerschap", ("view_partnerschap", "change_partnerschap")),
    Rol.Soort.KWARTIERMAKER: ("regio", ("view_regio",)),
    Rol.Soort.BESTUURDER: ("bestuur", ("view_bestuur",)),
}
RECHT_MODELLEN = {
    "partnerschap": PartnerschapGebruikersrecht,
    "regio": RegioGebruikersrecht,
    "bestuur": BestuurGebruikersrecht,
}


def rollen_synchroniseer(*, gebruiker, vandaag: dt.date | None = None) -> None:
    """Make the user's guardian permissions and beheerder flags match the roles active
    on `vandaag`.

    Side effects: adds/removes PartnerschapGebruikersrecht, RegioGebruikersrecht and
    BestuurGebruikersrecht rows; sets is_staff/is_superuser to "has an active beheerder
    role".
    """
    vandaag = vandaag or timezone.localdate()
    actief = [r for r in gebruiker.rollen.all() if r.is_actief_op(vandaag)]
    gewenst: set[tuple[str, int, str]] = set()
    for rol in actief:
        if rol.soort in RECHTEN_PER_ROL:
            attr, codenames = RECHTEN_PER_ROL[rol.soort]
            obj_id = getattr(rol, f"{attr}_id")
            gewenst.update((attr, obj_id, c) for c in codenames)
    model_per_attr = {"partnerschap": Partnerschap, "regio": Regio, "bestuur": Bestuur}
    with transaction.atomic():
        for attr, recht_model in RECHT_MODELLEN.items():
            gewenst_hier = {(obj_id, c) for a, obj_id, c in gewenst if a == attr}
            bestaand = set(
                recht_model.objects.filter(user=gebruiker).values_list(
                    "content_object_id", "permission__codename"
                )
            )
            model = model_per_attr[attr]
            for obj_id, codename in sorted(gewenst_hier - bestaand):
                assign_perm(codename, gebruiker, model(pk=obj_id))
            for obj_id, codename in sorted(bestaand - gewenst_hier):
                remove_perm(codename, gebruiker, model(pk=obj_id))
        beheerder = any(r.soort == Rol.Soort.BEHEERDER for r in actief)
        if gebruiker.is_superuser != beheerder or gebruiker.is_staff != beheerder:
            gebruiker.is_superuser = beheerder
            gebruiker.is_staff = beheerder
            gebruiker.save(update_fields=["is_superuser", "is_staff"])
    for cache in ("_actieve_rolsoorten", "_bewerkbare_partnerschappen"):
        gebruiker.__dict__.pop(cache, None)


def rollen_synchroniseer_allen(*, vandaag: dt.date | None = None) -> int:
    """Sync every user that has or had a role (run by Celery beat). Returns the count."""
    aantal = 0
    for gebruiker in (
        get_user_model().objects.filter(Q(rollen__isnull=False) | Q(is_superuser=True)).distinct()
    ):
        if gebruiker.is_superuser and not gebruiker.rollen.exists():
            # A superuser made with createsuperuser (no role rows) is left alone.
            continue
        rollen_synchroniseer(gebruiker=gebruiker, vandaag=vandaag)
        aantal += 1
    return aantal


def rol_toekennen(
    *,
    gebruiker,
    soort: str,
    door,
    regio: Regio | None = None,
    partnerschap: Partnerschap | None = None,
    bestuur: Bestuur | None = None,
    geldig_van: dt.date | None = None,
    geldig_tot: dt.date | None = None,
) -> Rol:
    """Grant a role. Side effects: a Rol row (audited) and the derived permissions."""
    rol = Rol(
        gebruiker=gebruiker,
        soort=soort,
        regio=regio,
        partnerschap=partnerschap,
        bestuur=bestuur,
        geldig_van=geldig_van or timezone.localdate(),
        geldig_tot=geldig_tot,
        toegekend_door=echte_gebruiker(door),
    )
    with transaction.atomic():
        object_opslaan(obj=rol, door=door)
        rollen_synchroniseer(gebruiker=gebruiker)
    return rol


def rol_intrekken(*, rol: Rol, door) -> None:
    """Remove a role. Side effects: Rol deleted (audited), permissions re-derived."""
    gebruiker = rol.gebruiker
    with transaction.atomic():
        object_verwijderen(obj=rol, door=door)
        rollen_synchroniseer(gebruiker=gebruiker)


def gebruiker_uitnodigen(
    *,
    email: str,
    naam: str,
    soort: str,
    door,
    basis_url: str,
    regio: Regio | None = None,
    partnerschap: Partnerschap | None = None,
    bestuur: Bestuur | None = None,
    geldig_tot: dt.date | None = None,
):
    """Invite a person: create the account if needed (no usable password), grant the role,
    and e-mail a link to choose a password.

    Side effects: possibly a new Gebruiker; a Rol and permissions; one e-mail.
    """
    User = get_user_model()
    email = User.objects.normalize_email(email).lower()
    with transaction.atomic(), audit_actor(door):
        gebruiker = User.objects.filter(email=email).first()
        nieuw = gebruiker is None
        if nieuw:
            gebruiker = User(email=email, naam=naam)
            gebruiker.set_unusable_password()
            gebruiker.full_clean(exclude=["password"])
            gebruiker.save()
        bestaand = Rol.objects.filter(
            gebruiker=gebruiker,
            soort=soort,
            regio=regio,
            partnerschap=partnerschap,
            bestuur=bestuur,
        ).filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=timezone.localdate()))
        if bestaand.exists():
            raise ValidationError({"email": _("Deze persoon heeft deze rol al.")})
        rol = rol_toekennen(
            gebruiker=gebruiker,
            soort=soort,
            door=door,
            regio=regio,
            partnerschap=partnerschap,
            bestuur=bestuur,
            geldig_tot=geldig_tot,
        )
        transaction.on_commit(
            lambda: _stuur_uitnodiging(
                gebruiker=gebruiker, rol=rol, nieuw=nieuw, basis_url=basis_url
            )
        )
    return gebruiker


def _stuur_uitnodiging(*, gebruiker, rol: Rol, nieuw: bool, basis_url: str) -> None:
    from allauth.account import app_settings as allauth_settings
    from allauth.account.utils import user_pk_to_url_str

    if nieuw:
        # The same token allauth's "wachtwoord vergeten" flow checks.
        token = allauth_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(gebruiker)
        pad = reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": user_pk_to_url_str(gebruiker), "key": token},
        )
        actie = _("Kies uw wachtwoord via deze link (eenmalig te gebruiken):")
    else:
        pad = reverse("account_login")
        actie = _("U kunt inloggen met uw bestaande account:")
    tekst = "\n\n".join(
        [
            _("Beste %(naam)s,") % {"naam": gebruiker.naam or gebruiker.email},
            _("U bent uitgenodigd voor het Regio Portal als %(rol)s.") % {"rol": rol},
            f"{actie}\n{basis_url.rstrip('/')}{pad}",
            _("Met vriendelijke groet,\nRegio Portal"),
        ]
    )
    send_mail(
        _("Uitnodiging voor het Regio Portal"),
        tekst,
        settings.DEFAULT_FROM_EMAIL,
        [gebruiker.email],
    )


def partnerschap_wijzigen(*, partnerschap: Partnerschap, door, **velden) -> Partnerschap:
    """Change a partnership's own fields. Side effects: the row (audited)."""
    for naam, waarde in velden.items():
        setattr(partnerschap, naam, waarde)
    return object_opslaan(obj=partnerschap, door=door)


def overeenkomst_toevoegen(
    *, partnerschap: Partnerschap, titel: str, soort: str, datum, bestand, door
) -> Overeenkomst:
    """Store an uploaded agreement (checked PDF) privately.

    Side effects: an Overeenkomst row (audited) and a file under MEDIA_ROOT.
    """
    if not bestand.read(5).startswith(b"%PDF-"):
        raise ValidationError({"bestand": _("Het bestand is geen PDF.")})
    bestand.seek(0)
    overeenkomst = Overeenkomst(
        partnerschap=partnerschap,
        titel=titel,
        soort=soort,
        datum=datum,
        grootte=bestand.size,
        geupload_door=echte_gebruiker(door),
    )
    overeenkomst.bestand.save("overeenkomst.pdf", bestand, save=False)
    try:
        return object_opslaan(obj=overeenkomst, door=door)
    except Exception:
        overeenkomst.bestand.delete(save=False)
        raise


def overeenkomst_verwijderen(*, overeenkomst: Overeenkomst, door) -> None:
    """Delete an agreement and its file. Side effects: row (audited) and file removed."""
    bestand = overeenkomst.bestand
    object_verwijderen(obj=overeenkomst, door=door)
    transaction.on_commit(lambda: bestand.delete(save=False))
