"""Writes of API keys: issue and revoke (audited through the model's registration)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from regio_portal.core.services import audit_actor, echte_gebruiker

from . import selectors
from .models import ApiGebruik, ApiSleutel, Idempotentie

MAXIMALE_GELDIGHEID = dt.timedelta(days=366)
PREFIX = "rp_"


def api_sleutel_uitgeven(*, instituut, naam: str, verloopt_op: dt.date, door):
    """Issue a key for `instituut`. Returns (ApiSleutel, the key as text): the text is
    shown once and never stored.

    Side effects: an ApiSleutel row (hash and prefix only) with the partnerships it may
    write in; an audit entry. Raises PermissionDenied when `door` may not issue keys for
    this institute, ValidationError for an invalid validity."""
    if not selectors.instituten_voor_sleutel(gebruiker=door).filter(pk=instituut.pk).exists():
        raise PermissionDenied("U mag geen sleutel uitgeven voor dit instituut.")
    vandaag = timezone.localdate()
    if verloopt_op < vandaag:
        raise ValidationError({"verloopt_op": "De datum ligt in het verleden."})
    if verloopt_op > vandaag + MAXIMALE_GELDIGHEID:
        raise ValidationError(
            {"verloopt_op": "Een sleutel is hoogstens een jaar geldig; geef daarna een nieuwe uit."}
        )
    tekst = PREFIX + secrets.token_urlsafe(32)
    partnerschappen = selectors.partnerschappen_voor_nieuwe_sleutel(
        gebruiker=door, instituut=instituut
    )
    sleutel = ApiSleutel(
        instituut=instituut,
        naam=naam,
        alle_partnerschappen=partnerschappen is None,
        prefix=tekst[:10],
        sleutel_hash=selectors.sleutel_hash(tekst),
        verloopt_op=verloopt_op,
        aangemaakt_door=echte_gebruiker(door),
    )
    sleutel.full_clean()
    with audit_actor(door), transaction.atomic():
        sleutel.save()
        if partnerschappen is not None:
            sleutel.partnerschappen.set(partnerschappen)
    return sleutel, tekst


def api_sleutel_intrekken(*, sleutel: ApiSleutel, door) -> ApiSleutel:
    """Revoke a key at once (the next request with it answers 401).

    Side effects: ingetrokken_op/door set; an audit entry. Revoking twice keeps the first."""
    if sleutel.ingetrokken_op is not None:
        return sleutel
    sleutel.ingetrokken_op = timezone.now()
    sleutel.ingetrokken_door = echte_gebruiker(door)
    with audit_actor(door), transaction.atomic():
        sleutel.save(update_fields=["ingetrokken_op", "ingetrokken_door"])
    return sleutel


def api_gebruik_vastleggen(*, sleutel: ApiSleutel, methode: str, pad: str, status: int, ip):
    """Record one request made with `sleutel` (every use, also refused ones).

    Side effects: an ApiGebruik row; the key's laatst_gebruikt."""
    nu = timezone.now()
    ApiGebruik.objects.create(
        sleutel=sleutel, moment=nu, methode=methode[:10], pad=pad[:300], status=status, ip=ip
    )
    ApiSleutel.objects.filter(pk=sleutel.pk).update(laatst_gebruikt=nu)


def api_opruimen(*, nu=None) -> dict:
    """Remove what the API keeps only for a while: idempotency records after
    API_IDEMPOTENTIE_DAGEN (a retry comes within minutes, not weeks) and the record of
    uses after API_GEBRUIK_BEWAARDAGEN (as the access log). Keys stay (revoked ones too).

    Side effects: the rows deleted. Returns how many of each."""
    nu = nu or timezone.now()
    idempotentie, _ = Idempotentie.objects.filter(
        aangemaakt__lt=nu - dt.timedelta(days=settings.API_IDEMPOTENTIE_DAGEN)
    ).delete()
    gebruik, _ = ApiGebruik.objects.filter(
        moment__lt=nu - dt.timedelta(days=settings.API_GEBRUIK_BEWAARDAGEN)
    ).delete()
    return {"idempotentie": idempotentie, "gebruik": gebruik}
