"""Writes of samenwerking (regional meetings, contact notes, agreements, ontwerpprincipes
and routes): every one here, in a transaction, audited where it concerns more than a
registration. Registrations hold personal data: they are not in the audit
log (only counts and statuses matter there) and are emptied after the retention term."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from regio_portal.core.agenda import ics_inhoud
from regio_portal.core.services import (
    audit_actor,
    echte_gebruiker,
    object_opslaan,
    object_verwijderen,
)
from regio_portal.core.uploads import TOEGESTAAN, document_lezen

from . import realiteit
from .models import (
    Aanmelding,
    Actie,
    AfspraakOnderwerp,
    Ambitie,
    Analyse,
    Bijeenkomst,
    Contactnotitie,
    Focuspunt,
    Ontwerpprincipe,
    Optie,
    Praktijk,
    Principeversie,
    RegionaleAfspraak,
    Route,
    RouteOpmerking,
)
from .selectors import huidige_principes, toegestane_bronnen

logger = logging.getLogger(__name__)

BEVESTIG_ZOUT = "samenwerking.bevestigen"
ANNULEER_ZOUT = "samenwerking.annuleren"
BEVESTIG_GELDIG = dt.timedelta(hours=48)


def bijeenkomst_opslaan(*, bijeenkomst: Bijeenkomst, door) -> Bijeenkomst:
    """Create or change a meeting. Side effects: the row; an audit entry. A smaller
    capacity never removes anyone already registered."""
    if bijeenkomst.aangemaakt_door_id is None and bijeenkomst.pk is None:
        bijeenkomst.aangemaakt_door = echte_gebruiker(door)
    return object_opslaan(obj=bijeenkomst, door=door)


def teken(aanmelding: Aanmelding, zout: str) -> str:
    return signing.TimestampSigner(salt=zout).sign(str(aanmelding.pk))


def aanmelding_bij_teken(teken_: str, zout: str, max_age: dt.timedelta | None = None):
    """The registration a link names, or None for a link that is altered, expired or of
    a registration that no longer exists (all read the same to the visitor)."""
    try:
        pk = signing.TimestampSigner(salt=zout).unsign(teken_, max_age=max_age)
    except signing.BadSignature:
        return None
    return (
        Aanmelding.objects.select_related("bijeenkomst", "bijeenkomst__regio")
        .filter(pk=pk, opgeschoond=False)
        .first()
    )


def ics(bijeenkomst: Bijeenkomst) -> str:
    return ics_inhoud(
        uid=f"bijeenkomst-{bijeenkomst.sleutel}@regioportal",
        titel=bijeenkomst.titel,
        omschrijving=bijeenkomst.omschrijving
        + (f"\nOnline: {bijeenkomst.online_link}" if bijeenkomst.online_link else ""),
        begin=bijeenkomst.begin,
        eind=bijeenkomst.eind,
        locatie=bijeenkomst.locatie or bijeenkomst.online_link,
        product="Bijeenkomsten",
        geannuleerd=bijeenkomst.gaat_niet_door,
    )


def _moment(b: Bijeenkomst) -> str:
    begin = timezone.localtime(b.begin)
    return f"{begin:%d-%m-%Y} {begin:%H:%M}-{timezone.localtime(b.eind):%H:%M}"


def _mail(aanmelding: Aanmelding, onderwerp: str, tekst: str, *, met_agenda=False) -> None:
    bericht = EmailMessage(onderwerp, tekst, settings.DEFAULT_FROM_EMAIL, [aanmelding.email])
    if met_agenda:
        bericht.attach("bijeenkomst.ics", ics(aanmelding.bijeenkomst), "text/calendar")
    bericht.send()
    # Never the address or the name in a log line: the registration's id only.
    logger.info("bijeenkomst-mail '%s' voor aanmelding %s", onderwerp[:40], aanmelding.pk)


def _annuleer_link(aanmelding: Aanmelding, basis_url: str) -> str:
    return basis_url.rstrip("/") + reverse(
        "samenwerking:annuleren", args=[teken(aanmelding, ANNULEER_ZOUT)]
    )


def _bevestigd_mail(aanmelding: Aanmelding, basis_url: str, *, van_wachtlijst=False) -> None:
    b = aanmelding.bijeenkomst
    kop = "Er is een plaats vrijgekomen: u bent aangemeld" if van_wachtlijst else "U bent aangemeld"
    _mail(
        aanmelding,
        f"{kop}: {b.titel}",
        f"Beste {aanmelding.naam},\n\n{kop} voor {b.titel} op {_moment(b)}"
        f"{', ' + b.locatie if b.locatie else ''}.\nDe uitnodiging voor uw agenda zit in de "
        f"bijlage.\n\nKunt u toch niet? Meld u af via {_annuleer_link(aanmelding, basis_url)}\n",
        met_agenda=True,
    )


def _bevestigde(bijeenkomst: Bijeenkomst) -> int:
    return bijeenkomst.aanmeldingen.filter(status=Aanmelding.Status.BEVESTIGD).count()


def _open_voor_aanmelden(bijeenkomst: Bijeenkomst) -> None:
    if bijeenkomst.gaat_niet_door:
        raise ValidationError("Deze bijeenkomst gaat niet door.")


def publiek_aanmelden(
    *, bijeenkomst: Bijeenkomst, naam: str, email: str, vestiging, rol: str, basis_url: str
) -> None:
    """Someone without an account registers through the public link: a registration that
    waits for its confirmation link (double opt-in, valid 48 hours). An address already
    registered gets a mail saying so; the page answers the same in both cases, so it
    reveals nothing about who else registered.

    Side effects: an Aanmelding (onbevestigd) and one e-mail."""
    _open_voor_aanmelden(bijeenkomst)
    if bijeenkomst.begin <= timezone.now():
        raise ValidationError("Deze bijeenkomst is al begonnen of voorbij.")
    email = email.strip().lower()
    try:
        with transaction.atomic():
            aanmelding = Aanmelding.objects.create(
                bijeenkomst=bijeenkomst,
                naam=naam.strip(),
                email=email,
                vestiging=vestiging,
                rol=rol.strip(),
                status=Aanmelding.Status.ONBEVESTIGD,
            )
    except IntegrityError:
        bestaande = (
            bijeenkomst.aanmeldingen.filter(email=email, opgeschoond=False)
            .exclude(status=Aanmelding.Status.GEANNULEERD)
            .first()
        )
        if bestaande is not None and bestaande.status == Aanmelding.Status.ONBEVESTIGD:
            # The confirmation mail got lost: a new link for the same registration.
            _bevestig_mail(bestaande, basis_url)
        elif bestaande is not None:
            _mail(
                bestaande,
                f"U had zich al aangemeld: {bijeenkomst.titel}",
                f"Beste {bestaande.naam},\n\nVoor {bijeenkomst.titel} op {_moment(bijeenkomst)} "
                f"staat dit adres al ingeschreven ({bestaande.get_status_display()}).\n"
                f"Afmelden: {_annuleer_link(bestaande, basis_url)}\n",
            )
        return
    _bevestig_mail(aanmelding, basis_url)


def _bevestig_mail(aanmelding: Aanmelding, basis_url: str) -> None:
    b = aanmelding.bijeenkomst
    link = basis_url.rstrip("/") + reverse(
        "samenwerking:bevestigen", args=[teken(aanmelding, BEVESTIG_ZOUT)]
    )
    _mail(
        aanmelding,
        f"Bevestig uw aanmelding: {b.titel}",
        f"Beste {aanmelding.naam},\n\nBevestig uw aanmelding voor {b.titel} op "
        f"{_moment(b)} binnen 48 uur via {link}\n\nHeeft u zich niet aangemeld? "
        "Dan kunt u dit bericht negeren; uw gegevens worden dan niet gebruikt.\n",
    )


def aanmelding_bevestigen(*, aanmelding: Aanmelding, basis_url: str) -> Aanmelding:
    """The confirmation link used: registered while places are left, else on the waiting
    list. Confirming twice changes nothing; after the meeting began nothing is confirmed.
    Side effects: the status; one e-mail (with the .ics when registered)."""
    with transaction.atomic():
        Bijeenkomst.objects.select_for_update().get(pk=aanmelding.bijeenkomst_id)
        aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
        if (
            aanmelding.status != Aanmelding.Status.ONBEVESTIGD
            or aanmelding.bijeenkomst.begin <= timezone.now()
            or aanmelding.bijeenkomst.gaat_niet_door
        ):
            return aanmelding
        vol = _bevestigde(aanmelding.bijeenkomst) >= aanmelding.bijeenkomst.capaciteit
        aanmelding.status = Aanmelding.Status.WACHTLIJST if vol else Aanmelding.Status.BEVESTIGD
        aanmelding.bevestigd_op = timezone.now()
        aanmelding.save(update_fields=["status", "bevestigd_op"])
    if vol:
        b = aanmelding.bijeenkomst
        _mail(
            aanmelding,
            f"Op de wachtlijst: {b.titel}",
            f"Beste {aanmelding.naam},\n\n{b.titel} is vol; u staat op de wachtlijst. Komt er "
            "een plaats vrij, dan krijgt u bericht en bent u aangemeld.\n"
            f"Afmelden van de wachtlijst: {_annuleer_link(aanmelding, basis_url)}\n",
        )
    else:
        _bevestigd_mail(aanmelding, basis_url)
    return aanmelding


def gebruiker_aanmelden(*, bijeenkomst: Bijeenkomst, gebruiker, rol: str, basis_url: str):
    """Someone with an account registers (their address is known: no opt-in). Side
    effects: an Aanmelding (registered or on the waiting list); one e-mail."""
    _open_voor_aanmelden(bijeenkomst)
    naam = gebruiker.get_full_name() if hasattr(gebruiker, "get_full_name") else ""
    try:
        with transaction.atomic():
            aanmelding = Aanmelding.objects.create(
                bijeenkomst=bijeenkomst,
                gebruiker=gebruiker,
                naam=naam or gebruiker.email,
                email=gebruiker.email.lower(),
                rol=rol,
                status=Aanmelding.Status.ONBEVESTIGD,
            )
    except IntegrityError:
        raise ValidationError("U bent al aangemeld voor deze bijeenkomst.") from None
    return aanmelding_bevestigen(aanmelding=aanmelding, basis_url=basis_url)


def aanmelding_annuleren(*, aanmelding: Aanmelding, basis_url: str) -> Aanmelding:
    """Cancel (by the link in every mail, or the organiser). A place that comes free goes
    to the first on the waiting list, who is told by e-mail. Side effects: statuses."""
    opgeschoven = None
    with transaction.atomic():
        Bijeenkomst.objects.select_for_update().get(pk=aanmelding.bijeenkomst_id)
        aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
        if aanmelding.status == Aanmelding.Status.GEANNULEERD:
            return aanmelding
        had_plaats = aanmelding.status == Aanmelding.Status.BEVESTIGD
        aanmelding.status = Aanmelding.Status.GEANNULEERD
        aanmelding.geannuleerd_op = timezone.now()
        aanmelding.save(update_fields=["status", "geannuleerd_op"])
        if had_plaats:
            opgeschoven = (
                aanmelding.bijeenkomst.aanmeldingen.filter(status=Aanmelding.Status.WACHTLIJST)
                .order_by("bevestigd_op", "pk")
                .first()
            )
            if opgeschoven is not None:
                opgeschoven.status = Aanmelding.Status.BEVESTIGD
                opgeschoven.save(update_fields=["status"])
    if opgeschoven is not None:
        _bevestigd_mail(opgeschoven, basis_url, van_wachtlijst=True)
    return aanmelding


def bijeenkomst_afzeggen(*, bijeenkomst: Bijeenkomst, reden: str, door, basis_url: str) -> int:
    """The organiser calls a meeting off before it begins: registration closes, and
    everyone registered or on the waiting list gets an e-mail with the reason (the
    registered ones with a cancellation for their calendar). Unconfirmed registrations get
    nothing (they never opted in). Returns the number of mails. Side effects: the
    meeting's cancellation fields (audited); e-mails."""
    if not reden.strip():
        raise ValidationError({"reden": "Geef een reden; die staat in de e-mail."})
    with transaction.atomic():
        b = Bijeenkomst.objects.select_for_update().get(pk=bijeenkomst.pk)
        if b.gaat_niet_door:
            raise ValidationError("Deze bijeenkomst is al afgezegd.")
        if b.begin <= timezone.now():
            raise ValidationError("Een bijeenkomst die al begonnen is kan niet worden afgezegd.")
        b.geannuleerd_op = timezone.now()
        b.annuleringsreden = reden.strip()
        object_opslaan(obj=b, door=door)
        ontvangers = list(
            b.aanmeldingen.filter(
                status__in=[Aanmelding.Status.BEVESTIGD, Aanmelding.Status.WACHTLIJST],
                opgeschoond=False,
            ).select_related("bijeenkomst")
        )
    for a in ontvangers:
        _mail(
            a,
            f"Gaat niet door: {b.titel}",
            f"Beste {a.naam},\n\n{b.titel} op {_moment(b)} gaat niet door.\n"
            f"Reden: {b.annuleringsreden}\n\nU hoeft niets te doen"
            + (
                "; de bijlage haalt de afspraak uit uw agenda.\n"
                if a.status == Aanmelding.Status.BEVESTIGD
                else ".\n"
            ),
            met_agenda=a.status == Aanmelding.Status.BEVESTIGD,
        )
    bijeenkomst.refresh_from_db()
    return len(ontvangers)


def aanwezigheid_vastleggen(*, bijeenkomst: Bijeenkomst, aanwezig: set[int], door) -> int:
    """After the meeting: who came (registered ones only). Side effects: `aanwezig` on
    every registered row (True for the ids given, False for the others)."""
    if bijeenkomst.begin > timezone.now():
        raise ValidationError("Aanwezigheid kan pas vanaf het begin van de bijeenkomst.")
    qs = bijeenkomst.aanmeldingen.filter(status=Aanmelding.Status.BEVESTIGD)
    with transaction.atomic():
        qs.update(aanwezig=False)
        return qs.filter(pk__in=aanwezig).update(aanwezig=True)


def herinneringen_versturen(*, nu=None, basis_url: str = "") -> int:
    """Two days before: a reminder to everyone registered, once (the row records it; a
    task that runs twice sends nothing twice). Side effects: e-mails; herinnerd_op."""
    nu = nu or timezone.now()
    basis_url = basis_url or settings.PORTAL_BASIS_URL
    verstuurd = 0
    kandidaten = Aanmelding.objects.filter(
        status=Aanmelding.Status.BEVESTIGD,
        herinnerd_op__isnull=True,
        bijeenkomst__begin__gt=nu,
        bijeenkomst__begin__lte=nu + dt.timedelta(days=2),
        bijeenkomst__geannuleerd_op__isnull=True,
    ).select_related("bijeenkomst")
    for aanmelding in kandidaten:
        # Claim the row first: a second run at the same time finds nothing to claim.
        if not Aanmelding.objects.filter(pk=aanmelding.pk, herinnerd_op__isnull=True).update(
            herinnerd_op=nu
        ):
            continue
        b = aanmelding.bijeenkomst
        _mail(
            aanmelding,
            f"Herinnering: {b.titel}",
            f"Beste {aanmelding.naam},\n\nTot {_moment(b)}"
            f"{', ' + b.locatie if b.locatie else ''}"
            f"{', online: ' + b.online_link if b.online_link else ''}.\n"
            f"Kunt u niet? Meld u af via {_annuleer_link(aanmelding, basis_url)}\n",
            met_agenda=True,
        )
        verstuurd += 1
    return verstuurd


def aanmeldingen_opschonen(*, nu=None) -> int:
    """Retention (docs/privacy.md): BIJEENKOMST_BEWAARDAGEN after a meeting, its
    registrations keep status, school and attendance but lose name, e-mail and function;
    unconfirmed ones older than the confirmation term go at once. Returns how many."""
    nu = nu or timezone.now()
    weg, _ = Aanmelding.objects.filter(
        status=Aanmelding.Status.ONBEVESTIGD, aangemeld_op__lt=nu - BEVESTIG_GELDIG
    ).delete()
    leeg = Aanmelding.objects.filter(
        opgeschoond=False,
        bijeenkomst__eind__lt=nu - dt.timedelta(days=settings.BIJEENKOMST_BEWAARDAGEN),
    ).update(naam="", email="", rol="", gebruiker=None, opgeschoond=True)
    return weg + leeg


def contactnotitie_toevoegen(*, regio, bestuur, datum, contact: str, volgende_stap: str, door):
    """A kwartiermaker's note on a board not yet in a partnership. Side effects: the row;
    an audit entry."""
    return object_opslaan(
        obj=Contactnotitie(
            regio=regio,
            bestuur=bestuur,
            datum=datum,
            contact=contact,
            volgende_stap=volgende_stap,
            door=echte_gebruiker(door),
        ),
        door=door,
    )


def afspraakonderwerp_opslaan(*, onderwerp: AfspraakOnderwerp, door) -> AfspraakOnderwerp:
    """A topic the region compares (kwartiermaker). Side effects: the row; audit."""
    return object_opslaan(obj=onderwerp, door=door)


def _waarde_controleren(onderwerp: AfspraakOnderwerp, bedrag, tekst: str, document=False):
    if onderwerp.soort == AfspraakOnderwerp.Soort.BEDRAG and bedrag is None:
        raise ValidationError({"bedrag": "Vul een bedrag in (dit onderwerp is een bedrag)."})
    if onderwerp.soort == AfspraakOnderwerp.Soort.TEKST and not tekst.strip() and not document:
        raise ValidationError(
            {"tekst": "Beschrijf de afspraak of voeg een document toe (dit onderwerp is tekst)."}
        )


def praktijk_opslaan(
    *, onderwerp, partnerschap, bedrag, tekst: str, door, document=None, document_weg=False
) -> Praktijk:
    """A partnership's current practice on a topic (its programmaleider), replacing the
    previous one: an amount, or a text and/or a document (pdf, docx, xlsx, png or jpg,
    checked by content, at most MAX_BEWIJSSTUK; a new one replaces the old file,
    `document_weg` removes it). Side effects: the row and the private file; an audit
    entry."""
    praktijk = Praktijk.objects.filter(onderwerp=onderwerp, partnerschap=partnerschap).first()
    praktijk = praktijk or Praktijk(onderwerp=onderwerp, partnerschap=partnerschap)
    tekstsoort = onderwerp.soort == AfspraakOnderwerp.Soort.TEKST
    oud = praktijk.document.name if praktijk.document else ""
    inhoud = soort = None
    if document is not None and tekstsoort:
        inhoud, soort = document_lezen(document, maximum=settings.MAX_BEWIJSSTUK, veld="document")
    heeft_document = inhoud is not None or (bool(oud) and not document_weg)
    _waarde_controleren(onderwerp, bedrag, tekst, document=heeft_document)
    praktijk.bedrag = bedrag if not tekstsoort else None
    praktijk.tekst = tekst.strip()
    if inhoud is not None:
        praktijk.document_naam = (
            f"{slugify(onderwerp.titel)[:60] or 'afspraak'}-{partnerschap.code}.{TOEGESTAAN[soort]}"
        )
        praktijk.document_type = soort
        praktijk.document_sha256 = hashlib.sha256(inhoud).hexdigest()
        praktijk.document.save("document", ContentFile(inhoud), save=False)
    elif document_weg or not tekstsoort:
        praktijk.document = ""
        praktijk.document_naam = praktijk.document_type = praktijk.document_sha256 = ""
    try:
        object_opslaan(obj=praktijk, door=door)
    except ValidationError:
        if inhoud is not None:
            praktijk.document.delete(save=False)
        raise
    if oud and oud != (praktijk.document.name if praktijk.document else ""):
        praktijk.document.storage.delete(oud)
    return praktijk


def regionale_afspraak_vastleggen(*, onderwerp, bedrag, tekst: str, ingangsdatum, door):
    """What the region agreed, from `ingangsdatum` (a later agreement replaces it from its
    own date; earlier ones stay as history). Side effects: a row; an audit entry."""
    _waarde_controleren(onderwerp, bedrag, tekst)
    return object_opslaan(
        obj=RegionaleAfspraak(
            onderwerp=onderwerp,
            bedrag=bedrag if onderwerp.soort == AfspraakOnderwerp.Soort.BEDRAG else None,
            tekst=tekst.strip(),
            ingangsdatum=ingangsdatum,
            vastgelegd_door=echte_gebruiker(door),
        ),
        door=door,
    )


# Ontwerpprincipes: versioned data, like the Kwaliteitskader ----------------------


def principes_exporteer(versie: Principeversie) -> dict:
    """The version as a file (the format principes_importeer reads; docs/routes.md)."""
    return {
        "naam": versie.naam,
        "versie": versie.versie,
        "jaar": versie.jaar,
        "bron": versie.bron,
        "principes": [
            {
                "nummer": p.nummer,
                "titel": p.titel,
                "toelichting": p.toelichting,
                "focuspunten": [{"code": f.code, "tekst": f.tekst} for f in p.focuspunten.all()],
            }
            for p in versie.principes.prefetch_related("focuspunten")
        ],
    }


def _tekst(gegevens: dict, sleutel: str, pad: str, fouten: list[str]) -> str:
    waarde = gegevens.get(sleutel)
    if not isinstance(waarde, str) or not waarde.strip():
        fouten.append(f"{pad}.{sleutel}: ontbreekt of is geen tekst")
        return ""
    return waarde.strip()


def _principes_controleren(gegevens) -> list[str]:
    if not isinstance(gegevens, dict):
        return ["Het bestand moet één object met de ontwerpprincipes bevatten."]
    fouten: list[str] = []
    _tekst(gegevens, "naam", "bestand", fouten)
    jaar = gegevens.get("jaar")
    if not isinstance(jaar, int) or isinstance(jaar, bool) or not 2000 <= jaar <= 2100:
        fouten.append("bestand.jaar: moet een jaartal zijn, zoals 2025")
    if not isinstance(gegevens.get("bron", ""), str):
        fouten.append("bestand.bron: is geen tekst")
    principes = gegevens.get("principes")
    if not isinstance(principes, list) or not principes:
        return [*fouten, "bestand.principes: ten minste één ontwerpprincipe"]
    nummers: set[int] = set()
    for i, p in enumerate(principes):
        pad = f"principes[{i}]"
        if not isinstance(p, dict):
            fouten.append(f"{pad}: geen object")
            continue
        nummer = p.get("nummer")
        if not isinstance(nummer, int) or isinstance(nummer, bool) or not 1 <= nummer <= 99:
            fouten.append(f"{pad}.nummer: een geheel getal van 1 tot en met 99")
        elif nummer in nummers:
            fouten.append(f"{pad}.nummer: {nummer} komt twee keer voor")
        nummers.add(nummer)
        _tekst(p, "titel", pad, fouten)
        if not isinstance(p.get("toelichting", ""), str):
            fouten.append(f"{pad}.toelichting: is geen tekst")
        focuspunten = p.get("focuspunten", [])
        if not isinstance(focuspunten, list):
            fouten.append(f"{pad}.focuspunten: een lijst")
            continue
        codes: set[str] = set()
        for j, f in enumerate(focuspunten):
            fpad = f"{pad}.focuspunten[{j}]"
            if not isinstance(f, dict):
                fouten.append(f"{fpad}: geen object")
                continue
            code = _tekst(f, "code", fpad, fouten)
            _tekst(f, "tekst", fpad, fouten)
            if code and code in codes:
                fouten.append(f"{fpad}.code: {code} komt twee keer voor")
            codes.add(code)
    return fouten


def principes_importeer(*, inhoud: bytes, door) -> Principeversie:
    """Read an ontwerpprincipes file (JSON, docs/routes.md) into a new concept version:
    the next version number for its name. Raises ValidationError naming every bad place
    (`principes[2].titel: …`); then nothing is written. Side effects: the version with its
    principles and focuspunten; audit entries."""
    try:
        gegevens = json.loads(inhoud.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(f"Het bestand is geen geldige JSON ({exc}).") from None
    fouten = _principes_controleren(gegevens)
    if fouten:
        raise ValidationError(fouten)
    naam = gegevens["naam"].strip()
    with transaction.atomic(), audit_actor(door):
        nummer = (Principeversie.objects.filter(naam=naam).aggregate(m=Max("versie"))["m"] or 0) + 1
        versie = Principeversie.objects.create(
            naam=naam, versie=nummer, jaar=gegevens["jaar"], bron=gegevens.get("bron", "").strip()
        )
        for p in gegevens["principes"]:
            principe = Ontwerpprincipe.objects.create(
                versie=versie,
                nummer=p["nummer"],
                titel=p["titel"].strip(),
                toelichting=p.get("toelichting", "").strip(),
            )
            Focuspunt.objects.bulk_create(
                Focuspunt(
                    principe=principe, code=f["code"].strip(), tekst=f["tekst"].strip(), volgorde=j
                )
                for j, f in enumerate(p.get("focuspunten", []))
            )
    return versie


def principes_publiceer(*, versie: Principeversie, door) -> Principeversie:
    """Publish a concept version: new routes use it; it is never edited in place."""
    if versie.gepubliceerd:
        raise ValidationError("Deze versie is al gepubliceerd.")
    versie.status = Principeversie.Status.GEPUBLICEERD
    versie.gepubliceerd_op = timezone.now()
    return object_opslaan(obj=versie, door=door)


def principes_nieuwe_versie(*, versie: Principeversie, door) -> Principeversie:
    """A concept copy of a version, to revise (a published one is never changed)."""
    return principes_importeer(inhoud=json.dumps(principes_exporteer(versie)).encode(), door=door)


# Routes (GROW) ---------------------------------------------------------------------


def route_aanmaken(*, begin_jaar: int, eind_jaar: int, door, partnerschap=None, regio=None):
    """A new concept route of a partnership or a region for a period, on the current
    published ontwerpprincipes (kept, also when a later version is published). Side
    effects: the row; an audit entry."""
    principes = huidige_principes()
    if principes is None:
        raise ValidationError("Er is nog geen gepubliceerde versie van de ontwerpprincipes.")
    return object_opslaan(
        obj=Route(
            partnerschap=partnerschap,
            regio=regio,
            principes=principes,
            begin_jaar=begin_jaar,
            eind_jaar=eind_jaar,
        ),
        door=door,
    )


def _concept(route: Route) -> None:
    if not route.is_concept:
        raise ValidationError(
            f"De route is {route.get_status_display()}; alleen de acties kunnen nog worden "
            "bijgewerkt. De kwartiermaker kan haar heropenen."
        )


def ambitie_opslaan(*, ambitie: Ambitie, principes, waarborgen=(), bronnen=(), door) -> Ambitie:
    """Goal: an ambition with the ontwerpprincipes (at least one, of the route's version)
    and waarborgen it serves; on a regional route the partnership ambitions it composes.
    Side effects: the row and its links; audit entries."""
    route = ambitie.route
    _concept(route)
    principes, waarborgen, bronnen = list(principes), list(waarborgen), list(bronnen)
    if not principes:
        raise ValidationError({"principes": "Kies ten minste één ontwerpprincipe."})
    if any(p.versie_id != route.principes_id for p in principes):
        raise ValidationError({"principes": "Dat ontwerpprincipe hoort niet bij deze route."})
    if bronnen:
        toegestaan = set(toegestane_bronnen(route).values_list("pk", flat=True))
        if any(b.pk not in toegestaan for b in bronnen):
            raise ValidationError({"bronnen": "Alleen ambities van partnerschappen in deze regio."})
    with transaction.atomic(), audit_actor(door):
        object_opslaan(obj=ambitie, door=door)
        ambitie.principes.set(principes)
        ambitie.waarborgen.set(waarborgen)
        ambitie.bronnen.set(bronnen)
    return ambitie


def analyse_opslaan(*, route: Route, principe: Ontwerpprincipe, tekst: str, door) -> None:
    """Reality: the route's own analysis on one principle (empty text removes it)."""
    _concept(route)
    if principe.versie_id != route.principes_id:
        raise ValidationError("Dat ontwerpprincipe hoort niet bij deze route.")
    bestaand = Analyse.objects.filter(route=route, principe=principe).first()
    if not tekst.strip():
        if bestaand:
            object_verwijderen(obj=bestaand, door=door)
        return
    analyse = bestaand or Analyse(route=route, principe=principe)
    analyse.tekst = tekst.strip()
    object_opslaan(obj=analyse, door=door)


def optie_opslaan(*, optie: Optie, door) -> Optie:
    _concept(optie.route)
    return object_opslaan(obj=optie, door=door)


def optie_kiezen(*, optie: Optie, door) -> Optie:
    """Options: this one is chosen; another chosen before is no longer."""
    _concept(optie.route)
    with transaction.atomic(), audit_actor(door):
        for ander in Optie.objects.filter(route=optie.route, gekozen=True).exclude(pk=optie.pk):
            ander.gekozen = False
            ander.save(update_fields=["gekozen"])
        optie.gekozen = True
        optie.save(update_fields=["gekozen"])
    return optie


def actie_opslaan(*, actie: Actie, door) -> Actie:
    """Way forward: an action (also on a submitted route: its progress is kept up)."""
    if actie.ambitie_id and actie.ambitie.route_id != actie.route_id:
        raise ValidationError({"ambitie": "Die ambitie hoort niet bij deze route."})
    return object_opslaan(obj=actie, door=door)


def route_onderdeel_verwijderen(*, obj, door) -> None:
    """Remove an ambition, option or action (ambitions and options only on a concept)."""
    if not isinstance(obj, Actie):
        _concept(obj.route)
    object_verwijderen(obj=obj, door=door)


def opmerking_plaatsen(*, route: Route, tekst: str, door, principe=None) -> RouteOpmerking:
    """The kwartiermaker's comment, on the route or on one principle."""
    if principe is not None and principe.versie_id != route.principes_id:
        raise ValidationError("Dat ontwerpprincipe hoort niet bij deze route.")
    return object_opslaan(
        obj=RouteOpmerking(
            route=route, principe=principe, tekst=tekst.strip(), door=echte_gebruiker(door)
        ),
        door=door,
    )


def ontbreekt_voor_indienen(*, ambities: bool, analyse: bool, gekozen: bool, acties: bool):
    """What a route still needs before it can be submitted (the route page asks with
    what it already loaded; route_indienen asks the database)."""
    return [
        melding
        for heeft, melding in (
            (ambities, "Goal: ten minste één ambitie."),
            (analyse, "Reality: een analyse bij ten minste één ontwerpprincipe."),
            (gekozen, "Options: kies een optie."),
            (acties, "Way forward: ten minste één actie."),
        )
        if not heeft
    ]


def route_indienen(*, route: Route, door) -> Route:
    """A partnership submits its route (a region adopts its own): Reality is frozen as it
    is now (realiteit.bereken), so later changes to counts or zelfevaluaties do not
    rewrite what was decided. Raises ValidationError with what is missing."""
    _concept(route)
    ontbreekt = ontbreekt_voor_indienen(
        ambities=route.ambities.exists(),
        analyse=route.analyses.exists(),
        gekozen=route.opties.filter(gekozen=True).exists(),
        acties=route.acties.exists(),
    )
    if ontbreekt:
        raise ValidationError(ontbreekt)
    route.realiteit = realiteit.bereken(route)
    route.status = Route.Status.VASTGESTELD if route.is_regionaal else Route.Status.INGEDIEND
    route.ingediend_op = timezone.now()
    route.ingediend_door = echte_gebruiker(door)
    return object_opslaan(obj=route, door=door)


def route_heropenen(*, route: Route, reden: str, door) -> Route:
    """Back to concept (the kwartiermaker, with a reason kept as a comment): Reality is
    read live again until the next submission."""
    if route.is_concept:
        raise ValidationError("De route is al een concept.")
    if not reden.strip():
        raise ValidationError({"reden": "Geef een reden."})
    with transaction.atomic(), audit_actor(door):
        route.status = Route.Status.CONCEPT
        route.realiteit = None
        object_opslaan(obj=route, door=door)
        opmerking_plaatsen(route=route, tekst=f"Heropend: {reden.strip()}", door=door)
    return route
