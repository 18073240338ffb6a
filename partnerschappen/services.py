"""Every write of organisations, partnerships, memberships and roles.

Services are keyword-only, run in a transaction, validate with full_clean() and are
audited (django-auditlog, with the acting user as actor). Views, imports, commands and
the Django admin all call these; nothing else writes these models.

A write that can change the input of the telling (a membership of a vestiging, the
region, sector or code of a vestiging, the set of partnerships, regions or institutes)
announces it with `telinvoer_melden` (regio_portal/core/signalen.py) and the school
years it touches; subsidie marks those counts stale and recounts them. A change of roles
sends `rollen_gewijzigd`; the object permissions follow (receivers.py).
"""

from __future__ import annotations

import datetime as dt

from allauth.account import app_settings as allauth_settings
from allauth.account.utils import user_pk_to_url_str
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
from regio_portal.core.signalen import Bereik, rollen_gewijzigd, telinvoer_melden

from .models import (
    Bestuur,
    BestuurGebruikersrecht,
    Contactpersoon,
    Gemeente,
    Instituut,
    Lidmaatschap,
    Overeenkomst,
    Partnerschap,
    PartnerschapGebruikersrecht,
    Regio,
    RegioGebruikersrecht,
    Rol,
    Vestiging,
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
    actief = list(gebruiker.rollen.actief_op(vandaag))
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
    return rol_opslaan(rol=rol, door=door)


def rol_opslaan(*, rol: Rol, door) -> Rol:
    """Save a new or changed role (also the admin's). Side effects: the Rol row (audited);
    `rollen_gewijzigd`, so the permissions are derived again (for the previous holder
    too, when the admin moved the role to someone else)."""
    vorige = (
        Rol.objects.filter(pk=rol.pk).values_list("gebruiker_id", flat=True).first()
        if rol.pk
        else None
    )
    with transaction.atomic():
        object_opslaan(obj=rol, door=door)
        rollen_gewijzigd.send(sender=Rol, gebruiker=rol.gebruiker)
        if vorige is not None and vorige != rol.gebruiker_id:
            rollen_gewijzigd.send(sender=Rol, gebruiker=get_user_model().objects.get(pk=vorige))
    return rol


def rol_intrekken(*, rol: Rol, door) -> None:
    """Remove a role. Side effects: Rol deleted (audited); `rollen_gewijzigd`."""
    gebruiker = rol.gebruiker
    with transaction.atomic():
        object_verwijderen(obj=rol, door=door)
        rollen_gewijzigd.send(sender=Rol, gebruiker=gebruiker)


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
        ).niet_beeindigd_op(timezone.localdate())
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


def partnerschap_aanmaken(*, door, **velden) -> Partnerschap:
    """A new partnership. Side effects: the row (audited); every count gains its (empty)
    row, so all counts are announced changed."""
    return partnerschap_opslaan(partnerschap=Partnerschap(**velden), door=door)


def partnerschap_wijzigen(*, partnerschap: Partnerschap, door, **velden) -> Partnerschap:
    """Change a partnership's own fields. Side effects: the row (audited); a new code
    changes every count (they name partnerships by code)."""
    for naam, waarde in velden.items():
        setattr(partnerschap, naam, waarde)
    return partnerschap_opslaan(partnerschap=partnerschap, door=door)


def partnerschap_opslaan(*, partnerschap: Partnerschap, door, gecontroleerd=False):
    """Save a new or changed partnership (import, admin). `gecontroleerd`: the caller ran
    full_clean already (an import). Side effects: the row (audited); new or renamed:
    `telinvoer_gewijzigd` for every school year."""
    return _opslaan_met_code(
        partnerschap, door=door, gecontroleerd=gecontroleerd, soort="partnerschap"
    )


def partnerschap_verwijderen(*, partnerschap: Partnerschap, door) -> None:
    """Delete a partnership (admin; its placements protect it). Side effects: the delete
    with its memberships, contacts and roles (audited); every count changes."""
    with transaction.atomic():
        object_verwijderen(obj=partnerschap, door=door)
        telinvoer_melden(soort="partnerschap", bereik=Bereik.overal())


def _oude_waarden(model, pk, *velden) -> dict:
    """The stored values of a row before a write (empty for a new row)."""
    if pk is None:
        return {}
    return model.objects.filter(pk=pk).values(*velden).first() or {}


def _opslaan_met_code(obj, *, door, gecontroleerd: bool, soort: str):
    """Save a row whose code the counts name: a new row or a changed code is announced for
    every year (every count lists every partnership and region, and its fingerprint covers
    the code of every partnership and institute)."""
    oude_code = _oude_waarden(type(obj), obj.pk, "code").get("code")
    with transaction.atomic():
        _schrijf(obj, door, gecontroleerd)
        if oude_code != obj.code:
            telinvoer_melden(soort=soort, bereik=Bereik.overal())
    return obj


def _schrijf(obj, door, gecontroleerd: bool):
    if gecontroleerd:
        with audit_actor(door), transaction.atomic():
            obj.save()
        return obj
    return object_opslaan(obj=obj, door=door)


def _lid_periode(waarden: dict) -> tuple | None:
    """The period a membership row makes a vestiging a member (None for an institute's
    membership: the telling reads vestigingen only)."""
    if not waarden or not waarden.get("vestiging_id"):
        return None
    return (waarden["startdatum"], waarden["einddatum"])


LID_VELDEN = ("partnerschap_id", "vestiging_id", "instituut_id", "startdatum", "einddatum")


def _lid_bereik(oud: dict, nieuw: dict) -> Bereik:
    zelfde_lid = oud and all(oud[v] == nieuw[v] for v in LID_VELDEN[:3])
    if zelfde_lid:
        return Bereik.periode_verschil(_lid_periode(oud), _lid_periode(nieuw))
    return Bereik.periode_verschil(_lid_periode(oud), None) | Bereik.periode_verschil(
        None, _lid_periode(nieuw)
    )


def lidmaatschap_opslaan(*, lidmaatschap: Lidmaatschap, door, gecontroleerd=False):
    """Save a new or changed membership (form, import, admin). Side effects: the row
    (audited); the school years whose membership days changed are announced
    (`telinvoer_gewijzigd`, soort 'lidmaatschap')."""
    oud = _oude_waarden(Lidmaatschap, lidmaatschap.pk, *LID_VELDEN)
    with transaction.atomic():
        _schrijf(lidmaatschap, door, gecontroleerd)
        nieuw = {v: getattr(lidmaatschap, v) for v in LID_VELDEN}
        telinvoer_melden(soort="lidmaatschap", bereik=_lid_bereik(oud, nieuw))
    return lidmaatschap


def lidmaatschap_toevoegen(
    *, partnerschap: Partnerschap, lid, startdatum: dt.date, einddatum=None, door
) -> Lidmaatschap:
    """Make a vestiging or an instituut (`lid`) a member from `startdatum`. Side effects
    as lidmaatschap_opslaan."""
    is_vestiging = isinstance(lid, Vestiging)
    return lidmaatschap_opslaan(
        lidmaatschap=Lidmaatschap(
            partnerschap=partnerschap,
            vestiging=lid if is_vestiging else None,
            instituut=None if is_vestiging else lid,
            startdatum=startdatum,
            einddatum=einddatum,
        ),
        door=door,
    )


def lidmaatschap_wijzigen(
    *, lidmaatschap: Lidmaatschap, startdatum: dt.date, einddatum, door
) -> Lidmaatschap:
    """New dates for a membership. Side effects as lidmaatschap_opslaan."""
    lidmaatschap.startdatum = startdatum
    lidmaatschap.einddatum = einddatum
    return lidmaatschap_opslaan(lidmaatschap=lidmaatschap, door=door)


def lidmaatschap_beeindigen(*, lidmaatschap: Lidmaatschap, einddatum: dt.date, door):
    """The member stops after `einddatum`. Side effects as lidmaatschap_opslaan."""
    return lidmaatschap_wijzigen(
        lidmaatschap=lidmaatschap,
        startdatum=lidmaatschap.startdatum,
        einddatum=einddatum,
        door=door,
    )


def lidmaatschap_verwijderen(*, lidmaatschap: Lidmaatschap, door) -> None:
    """Delete a membership entered by mistake. Side effects: the delete (audited); its
    whole period is announced changed."""
    # The stored period, not the object's: a form may have changed it in memory (the
    # admin's inline row marked for deletion carries the dates typed into it).
    oud = _oude_waarden(Lidmaatschap, lidmaatschap.pk, *LID_VELDEN)
    with transaction.atomic():
        object_verwijderen(obj=lidmaatschap, door=door)
        telinvoer_melden(
            soort="lidmaatschap", bereik=Bereik.periode_verschil(_lid_periode(oud), None)
        )


VESTIGING_TELVELDEN = ("code", "regio_id", "sector")


def vestiging_bijwerken(
    *, vestiging: Vestiging, door, oud: dict | None = None, gecontroleerd=False
):
    """Save a new or changed vestiging (DUO import, admin). `oud`: its stored values of
    VESTIGING_TELVELDEN when the caller has them (an import), else they are read.
    Side effects: the row (audited); a new vestiging, or a new code, region or sector, is
    announced for every school year (each count's fingerprint covers those of every
    vestiging, subsidie/selectors.codes_afdruk)."""
    if oud is None:
        oud = _oude_waarden(Vestiging, vestiging.pk, *VESTIGING_TELVELDEN)
    with transaction.atomic():
        _schrijf(vestiging, door, gecontroleerd)
        if not oud or any(getattr(vestiging, veld) != oud[veld] for veld in VESTIGING_TELVELDEN):
            telinvoer_melden(soort="vestiging", bereik=Bereik.overal())
    return vestiging


def vestiging_verwijderen(*, vestiging: Vestiging, door) -> None:
    """Delete a vestiging (admin; memberships and placements protect it). Side effects:
    the delete (audited), announced for every school year (as a new one is)."""
    with transaction.atomic():
        object_verwijderen(obj=vestiging, door=door)
        telinvoer_melden(soort="vestiging", bereik=Bereik.overal())


def regio_opslaan(*, regio: Regio, door, gecontroleerd=False) -> Regio:
    """Save a new or changed region. Side effects: the row (audited); a new region or
    code changes every count (each lists every region)."""
    return _opslaan_met_code(regio, door=door, gecontroleerd=gecontroleerd, soort="regio")


def regio_verwijderen(*, regio: Regio, door) -> None:
    """Delete a region (admin; its vestigingen and gemeenten protect it)."""
    with transaction.atomic():
        object_verwijderen(obj=regio, door=door)
        telinvoer_melden(soort="regio", bereik=Bereik.overal())


def gemeente_opslaan(*, gemeente: Gemeente, door) -> Gemeente:
    """Save a gemeente and its region. Side effects: the row (audited). Not a count
    input: the count reads the region of the vestiging."""
    return object_opslaan(obj=gemeente, door=door)


def gemeente_verwijderen(*, gemeente: Gemeente, door) -> None:
    object_verwijderen(obj=gemeente, door=door)


def instituut_opslaan(*, instituut: Instituut, door, gecontroleerd=False) -> Instituut:
    """Save an institute. Side effects: the row (audited); a new institute or a new code
    is announced for every school year (placements name institutes by code, and each
    count's fingerprint covers the code of every institute, subsidie/selectors.codes_afdruk)."""
    return _opslaan_met_code(instituut, door=door, gecontroleerd=gecontroleerd, soort="instituut")


def instituut_verwijderen(*, instituut: Instituut, door) -> None:
    """Delete an institute (admin; placements protect it). Side effects: the delete
    (audited), announced for every school year (as a new one is)."""
    with transaction.atomic():
        object_verwijderen(obj=instituut, door=door)
        telinvoer_melden(soort="instituut", bereik=Bereik.overal())


def bestuur_opslaan(*, bestuur: Bestuur, door, gecontroleerd=False) -> Bestuur:
    """Save a school board. Side effects: the row (audited). Not a count input."""
    with transaction.atomic():
        return _schrijf(bestuur, door, gecontroleerd)


def bestuur_verwijderen(*, bestuur: Bestuur, door) -> None:
    object_verwijderen(obj=bestuur, door=door)


def contactpersoon_opslaan(*, contactpersoon: Contactpersoon, door) -> Contactpersoon:
    """Save a new or changed contact of a partnership. Side effects: the row (audited)."""
    return object_opslaan(obj=contactpersoon, door=door)


def contactpersoon_verwijderen(*, contactpersoon: Contactpersoon, door) -> None:
    object_verwijderen(obj=contactpersoon, door=door)


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
