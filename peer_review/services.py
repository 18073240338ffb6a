"""Writes of the peer-review module: cycles, pair rules, proposals and their approval.
Audited; the solver runs in Celery (ids only)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerschappen.models import Partnerschap, Rol
from partnerschappen.services import gebruiker_uitnodigen
from regio_portal.core.services import audit_actor, echte_gebruiker, object_opslaan
from regio_portal.core.wachtrij import na_commit

# The module, not its names: the tasks module imports this one too.
from . import selectors, tasks
from .indeling import lees_probleem, los_op
from .models import Cyclus, Paarregel, PanelLid, Review, Voorstel


def cyclus_aanmaken(*, door, **velden) -> Cyclus:
    cyclus = Cyclus(aangemaakt_door=echte_gebruiker(door), **velden)
    if cyclus.deadline and cyclus.begin and cyclus.deadline < cyclus.begin:
        raise ValidationError({"deadline": _("De deadline ligt voor het begin.")})
    return object_opslaan(obj=cyclus, door=door)


def cyclus_wijzigen(*, cyclus: Cyclus, door) -> Cyclus:
    """Save changed rules of a cycle (audited). Side effects: none beyond the row; the
    next proposal reads the rules, approved panels stay, reminders follow the offsets."""
    if cyclus.deadline and cyclus.begin and cyclus.deadline < cyclus.begin:
        raise ValidationError({"deadline": _("De deadline ligt voor het begin.")})
    if cyclus.bezoekers_per_review < 1:
        raise ValidationError({"bezoekers_per_review": _("Minstens 1 bezoekend partnerschap.")})
    if cyclus.max_bezoeken < 1:
        raise ValidationError({"max_bezoeken": _("Minstens 1 bezoek per partnerschap.")})
    return object_opslaan(obj=cyclus, door=door)


def paarregel_opslaan(*, cyclus, bezoeker, ontvangend, soort, door) -> Paarregel:
    """Fix or exclude a pair for the next run (replaces an earlier rule for that pair)."""
    if bezoeker == ontvangend:
        raise ValidationError(_("Een partnerschap bezoekt zichzelf niet."))
    with transaction.atomic(), audit_actor(door):
        regel, _nieuw = Paarregel.objects.update_or_create(
            cyclus=cyclus, bezoeker=bezoeker, ontvangend=ontvangend, defaults={"soort": soort}
        )
    return regel


def voorstel_aanvragen(*, cyclus, door) -> Voorstel:
    """Store the problem as it is now and compute the proposal in Celery."""
    with transaction.atomic(), audit_actor(door):
        voorstel = Voorstel.objects.create(
            cyclus=cyclus,
            probleem=selectors.probleem_voor(cyclus),
            aangevraagd_door=echte_gebruiker(door),
        )
        na_commit(tasks.voorstel_berekenen, voorstel.pk)
    return voorstel


def voorstel_bereken(*, voorstel: Voorstel) -> Voorstel:
    """Run the solver on the stored problem. Idempotent: a finished proposal is kept."""
    if voorstel.status != Voorstel.Status.BEZIG:
        return voorstel
    try:
        voorstel.uitkomst = los_op(lees_probleem(voorstel.probleem))
        voorstel.status = Voorstel.Status.KLAAR
    except Exception:
        voorstel.status = Voorstel.Status.MISLUKT
        voorstel.save(update_fields=["status"])
        raise
    voorstel.save(update_fields=["uitkomst", "status"])
    return voorstel


def voorstel_goedkeuren(*, voorstel: Voorstel, door) -> list[Review]:
    """Approve a proposal: each receiving partnership gets its review with the proposed
    visitors (panel vastgesteld). Side effects: Review rows (audited), the proposal marked
    approved with who and when."""
    if voorstel.status != Voorstel.Status.KLAAR:
        raise ValidationError(_("Alleen een berekend voorstel kan worden goedgekeurd."))
    laatste = voorstel.cyclus.voorstellen.order_by("-aangemaakt_op").first()
    if laatste.pk != voorstel.pk:
        raise ValidationError(_("Er is een nieuwer voorstel; keur dat goed of vraag opnieuw."))
    per_code = {p.code: p for p in Partnerschap.objects.all()}
    reviews = []
    with transaction.atomic(), audit_actor(door):
        for rij in voorstel.uitkomst.get("toewijzing", []):
            review, _nieuw = Review.objects.get_or_create(
                cyclus=voorstel.cyclus, ontvangend=per_code[rij["ontvangend"]]
            )
            review.bezoekers.set([per_code[c] for c in rij["bezoekers"]])
            if review.status == Review.Status.GEPLAND and rij["bezoekers"]:
                review.status = Review.Status.PANEL_VASTGESTELD
                review.save(update_fields=["status"])
            reviews.append(review)
        voorstel.status = Voorstel.Status.GOEDGEKEURD
        voorstel.goedgekeurd_door = echte_gebruiker(door)
        voorstel.goedgekeurd_op = timezone.now()
        voorstel.save()
    return reviews


def review_voorbereiden(
    *, review: Review, door, bezoekdatum, kritische_reflectie, ontwikkelvragen
) -> Review:
    """The receiving partnership proposes the visit date and links its submitted
    zelfevaluatie as kritische reflectie, with its own ontwikkelvragen."""
    if kritische_reflectie is not None and (
        kritische_reflectie.partnerschap_id != review.ontvangend_id
        or kritische_reflectie.status != "ingediend"
    ):
        raise ValidationError(
            {"kritische_reflectie": "Kies een ingediende zelfevaluatie van dit partnerschap."}
        )
    review.bezoekdatum = bezoekdatum
    review.kritische_reflectie = kritische_reflectie
    review.ontwikkelvragen = ontwikkelvragen
    return object_opslaan(obj=review, door=door)


def panellid_toevoegen(
    *, review: Review, email: str, naam: str, partnerschap, rol: str, door, basis_url: str
):
    """Add a person from a visiting partnership to the panel (inviting them if new).
    Their access follows the review's state; nothing to revoke later."""
    if partnerschap not in review.bezoekers.all():
        raise ValidationError({"partnerschap": _("Dit partnerschap bezoekt deze review niet.")})

    User = get_user_model()
    gebruiker = User.objects.filter(email=email.lower()).first()
    with transaction.atomic(), audit_actor(door):
        if gebruiker is None:
            gebruiker = gebruiker_uitnodigen(
                email=email,
                naam=naam,
                soort=Rol.Soort.PEER_REVIEWER,
                door=door,
                basis_url=basis_url,
                geldig_tot=review.cyclus.deadline,
            )
        lid = PanelLid(review=review, gebruiker=gebruiker, partnerschap=partnerschap, rol=rol)
        return object_opslaan(obj=lid, door=door)


def verslag_uploaden(*, review: Review, bestand, door) -> Review:
    """The panel uploads the (concept) verslag; the receiving partnership then checks facts."""
    if review.status not in Review.PANEL_ACTIEF:
        raise ValidationError(_("Een verslag kan alleen worden geüpload terwijl de review loopt."))
    if not bestand.read(5).startswith(b"%PDF-"):
        raise ValidationError({"verslag": _("Het verslag moet een pdf zijn.")})
    bestand.seek(0)
    review.verslag.save("verslag.pdf", bestand, save=False)
    review.status = Review.Status.VERSLAG_CONCEPT
    return object_opslaan(obj=review, door=door)


def review_stap(*, review: Review, stap: str, door, tekst: str = "") -> Review:
    """The workflow after the visit: feitencheck (receiving), definitief (coordinator or
    panel: ends the panel's access), ontwikkelagenda (receiving: afgerond)."""
    if stap == "feitencheck" and review.status == Review.Status.VERSLAG_CONCEPT:
        review.feitencheck = tekst
    elif stap == "definitief" and review.status == Review.Status.VERSLAG_CONCEPT:
        review.status = Review.Status.VERSLAG_DEFINITIEF
    elif stap == "ontwikkelagenda" and review.status == Review.Status.VERSLAG_DEFINITIEF:
        if not tekst.strip():
            raise ValidationError({"tekst": _("Vul de ontwikkelagenda in.")})
        review.ontwikkelagenda = tekst
        review.status = Review.Status.AFGEROND
    else:
        raise ValidationError(_("Deze stap past niet bij de status van de review."))
    return object_opslaan(obj=review, door=door)


def beschikbaarheid_opgeven(*, panellid, tekst: str, door):
    """A panel member says when they can visit (free text, at most 250 characters).
    Side effects: the row (audited)."""
    panellid.beschikbaarheid = tekst[:250]
    return object_opslaan(obj=panellid, door=door)
