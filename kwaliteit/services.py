"""Writes of the kwaliteit module: frameworks (import, publish, new version) and the
zelfevaluatie (start, save with conflict detection, submit, reopen), evidence and
ontwikkelpunten. Every write runs in a transaction and is audited."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from regio_portal.core.services import (
    audit_actor,
    echte_gebruiker,
    object_opslaan,
    object_verwijderen,
)
from regio_portal.core.uploads import (  # noqa: F401 (herken_bestand: kwaliteit's API too)
    TOEGESTAAN,
    document_lezen,
    herken_bestand,
)

from .models import Bewijsstuk, Kader, Kenmerk, Ontwikkelpunt, Score, Waarborg, Zelfevaluatie


class Conflict(Exception):
    """Someone else saved the zelfevaluatie after this form was opened."""


# Framework files ---------------------------------------------------------------


def kader_exporteer(kader: Kader) -> dict:
    return {
        "naam": kader.naam,
        "versie": kader.versie,
        "jaar": kader.jaar,
        "voorbeeldtekst": kader.voorbeeldtekst,
        "schaal": kader.schaal,
        "waarborgen": [
            {
                "code": w.code,
                "titel": w.titel,
                "omschrijving": w.omschrijving,
                "kenmerken": [{"code": k.code, "tekst": k.tekst} for k in w.kenmerken.all()],
            }
            for w in kader.waarborgen.prefetch_related("kenmerken")
        ],
    }


def _tekst(gegevens: dict, sleutel: str, pad: str, fouten: list[str], verplicht=True) -> str:
    waarde = gegevens.get(sleutel, "")
    if not isinstance(waarde, str | int) or (verplicht and not str(waarde).strip()):
        fouten.append(f"{pad}.{sleutel}: ontbreekt of is geen tekst")
        return ""
    return str(waarde).strip()


def kader_importeer(*, inhoud: bytes, door) -> Kader:
    """Read a framework file (JSON, docs/kwaliteitskader.md) into a new concept version.

    Side effects: a Kader (concept, next version number for its name) with its
    waarborgen and kenmerken. Raises ValidationError naming every bad place; then nothing
    is written."""
    try:
        gegevens = json.loads(inhoud.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(f"Het bestand is geen geldige JSON ({exc}).") from None
    if not isinstance(gegevens, dict):
        raise ValidationError(_("Het bestand moet één object met een kader bevatten."))
    fouten: list[str] = []
    naam = _tekst(gegevens, "naam", "kader", fouten)
    jaar = gegevens.get("jaar")
    if not isinstance(jaar, int) or not 2000 <= jaar <= 2100:
        fouten.append("kader.jaar: moet een jaartal zijn, zoals 2025")
    schaal = gegevens.get("schaal") or None
    if schaal is not None and (
        not isinstance(schaal, list)
        or not all(isinstance(s, dict) and s.get("waarde") and s.get("label") for s in schaal)
    ):
        fouten.append("kader.schaal: een lijst met {waarde, label}")
    waarborgen = gegevens.get("waarborgen")
    if not isinstance(waarborgen, list) or not waarborgen:
        fouten.append("kader.waarborgen: ten minste één waarborg")
        waarborgen = []
    gezien_w: set[str] = set()
    for i, w in enumerate(waarborgen):
        pad = f"waarborgen[{i}]"
        if not isinstance(w, dict):
            fouten.append(f"{pad}: geen object")
            continue
        code = _tekst(w, "code", pad, fouten)
        _tekst(w, "titel", pad, fouten)
        if code in gezien_w:
            fouten.append(f"{pad}.code: {code} komt twee keer voor")
        gezien_w.add(code)
        kenmerken = w.get("kenmerken")
        if not isinstance(kenmerken, list) or not kenmerken:
            fouten.append(f"{pad}.kenmerken: ten minste één kenmerk")
            continue
        gezien_k: set[str] = set()
        for j, k in enumerate(kenmerken):
            kpad = f"{pad}.kenmerken[{j}]"
            if not isinstance(k, dict):
                fouten.append(f"{kpad}: geen object")
                continue
            kcode = _tekst(k, "code", kpad, fouten)
            _tekst(k, "tekst", kpad, fouten)
            if kcode in gezien_k:
                fouten.append(f"{kpad}.code: {kcode} komt twee keer voor")
            gezien_k.add(kcode)
    if fouten:
        raise ValidationError(fouten)
    with transaction.atomic(), audit_actor(door):
        versie = (Kader.objects.filter(naam=naam).aggregate(m=Max("versie"))["m"] or 0) + 1
        kader = Kader.objects.create(
            naam=naam,
            versie=versie,
            jaar=jaar,
            voorbeeldtekst=bool(gegevens.get("voorbeeldtekst")),
            **({"schaal": schaal} if schaal else {}),
        )
        for i, w in enumerate(waarborgen):
            waarborg = Waarborg.objects.create(
                kader=kader,
                code=str(w["code"]).strip(),
                titel=str(w["titel"]).strip(),
                omschrijving=str(w.get("omschrijving", "")).strip(),
                volgorde=i,
            )
            Kenmerk.objects.bulk_create(
                Kenmerk(
                    waarborg=waarborg,
                    code=str(k["code"]).strip(),
                    tekst=str(k["tekst"]).strip(),
                    volgorde=j,
                )
                for j, k in enumerate(w["kenmerken"])
            )
    return kader


def kader_publiceer(*, kader: Kader, door) -> Kader:
    """Publish a concept version; from then on it is never edited in place."""
    if kader.gepubliceerd:
        raise ValidationError(_("Deze versie is al gepubliceerd."))
    if not Kenmerk.objects.filter(waarborg__kader=kader).exists():
        raise ValidationError(_("Een kader zonder kenmerken kan niet worden gepubliceerd."))
    kader.status = Kader.Status.GEPUBLICEERD
    kader.gepubliceerd_op = timezone.now()
    return object_opslaan(obj=kader, door=door)


def kader_nieuwe_versie(*, kader: Kader, door) -> Kader:
    """A concept copy of a version, to change (changes never touch a published one)."""
    inhoud = json.dumps(kader_exporteer(kader)).encode()
    return kader_importeer(inhoud=inhoud, door=door)


def huidig_kader() -> Kader | None:
    return (
        Kader.objects.filter(status=Kader.Status.GEPUBLICEERD).order_by("-gepubliceerd_op").first()
    )


# Zelfevaluatie -------------------------------------------------------------------


def zelfevaluatie_start(*, partnerschap, jaar: int, door) -> Zelfevaluatie:
    """Start the year's zelfevaluatie on the current published framework, with an empty
    score per kenmerk."""
    kader = huidig_kader()
    if kader is None:
        raise ValidationError(_("Er is nog geen gepubliceerd kwaliteitskader."))
    if Zelfevaluatie.objects.filter(partnerschap=partnerschap, jaar=jaar).exists():
        raise ValidationError(f"Er is al een zelfevaluatie voor {jaar}.")
    with transaction.atomic(), audit_actor(door):
        zelfevaluatie = Zelfevaluatie.objects.create(
            partnerschap=partnerschap, jaar=jaar, kader=kader, bijgewerkt_door=echte_gebruiker(door)
        )
        Score.objects.bulk_create(
            Score(zelfevaluatie=zelfevaluatie, kenmerk=k)
            for k in Kenmerk.objects.filter(waarborg__kader=kader)
        )
    return zelfevaluatie


def zelfevaluatie_opslaan(
    *, zelfevaluatie: Zelfevaluatie, revisie: int, antwoorden: dict, door
) -> Zelfevaluatie:
    """Save a draft. `antwoorden` maps kenmerk id to (score, onderbouwing, gewenste
    situatie). Drafts may be incomplete. If someone else saved after `revisie` was read,
    raise Conflict and write nothing (the caller keeps the user's input on screen)."""
    geldig = {s["waarde"] for s in zelfevaluatie.kader.schaal} | {""}
    for kenmerk_id, (score, _onderbouwing, _gewenst) in antwoorden.items():
        if score not in geldig:
            raise ValidationError(
                {f"score_{kenmerk_id}": _("'%(s)s' staat niet op de schaal") % {"s": score}}
            )
    with transaction.atomic(), audit_actor(door):
        actueel = Zelfevaluatie.objects.select_for_update().get(pk=zelfevaluatie.pk)
        if actueel.status != Zelfevaluatie.Status.CONCEPT:
            raise ValidationError(
                "Deze zelfevaluatie is ingediend en kan niet meer worden gewijzigd."
            )
        if actueel.revisie != revisie:
            raise Conflict(actueel)
        scores = {s.kenmerk_id: s for s in actueel.scores.all()}
        gewijzigd = []
        for kenmerk_id, (score, onderbouwing, gewenst) in antwoorden.items():
            s = scores.get(int(kenmerk_id))
            if s is None:
                continue
            nieuw = (score, onderbouwing.strip(), gewenst.strip())
            if (s.score, s.onderbouwing, s.gewenste_situatie) != nieuw:
                s.score, s.onderbouwing, s.gewenste_situatie = nieuw
                s.save()  # one by one: each change is audited
                gewijzigd.append(s)
        actueel.revisie += 1
        actueel.bijgewerkt_door = echte_gebruiker(door)
        actueel.save()
    return actueel


def ontbrekend_voor_indienen(zelfevaluatie: Zelfevaluatie) -> list[str]:
    fouten = []
    for s in zelfevaluatie.scores.select_related("kenmerk").order_by(
        "kenmerk__waarborg__volgorde", "kenmerk__volgorde"
    ):
        if not s.score:
            fouten.append(f"kenmerk {s.kenmerk.code}: score ontbreekt")
        elif not s.onderbouwing:
            fouten.append(
                f"kenmerk {s.kenmerk.code}: onderbouwing ontbreekt (verplicht bij een score)"
            )
    return fouten


def zelfevaluatie_indienen(*, zelfevaluatie: Zelfevaluatie, door) -> Zelfevaluatie:
    """Submit: every kenmerk scored, every score explained. Then it is locked."""
    if zelfevaluatie.status != Zelfevaluatie.Status.CONCEPT:
        raise ValidationError(_("Deze zelfevaluatie is al ingediend."))
    fouten = ontbrekend_voor_indienen(zelfevaluatie)
    if fouten:
        raise ValidationError(fouten)
    zelfevaluatie.status = Zelfevaluatie.Status.INGEDIEND
    zelfevaluatie.ingediend_op = timezone.now()
    zelfevaluatie.ingediend_door = echte_gebruiker(door)
    zelfevaluatie.heropend_reden = ""
    return object_opslaan(obj=zelfevaluatie, door=door)


def zelfevaluatie_heropenen(*, zelfevaluatie: Zelfevaluatie, reden: str, door) -> Zelfevaluatie:
    """Reopen a submitted zelfevaluatie (kwartiermaker or beheerder), with a reason that
    the audit log keeps."""
    if zelfevaluatie.status != Zelfevaluatie.Status.INGEDIEND:
        raise ValidationError(_("Alleen een ingediende zelfevaluatie kan worden heropend."))
    if not reden.strip():
        raise ValidationError({"reden": _("Geef een reden.")})
    zelfevaluatie.status = Zelfevaluatie.Status.CONCEPT
    zelfevaluatie.heropend_reden = reden.strip()
    zelfevaluatie.revisie += 1
    return object_opslaan(obj=zelfevaluatie, door=door)


# Evidence --------------------------------------------------------------------------


def bewijsstuk_toevoegen(
    *, zelfevaluatie, titel: str, door, bestand=None, url: str = "", kenmerk=None
) -> Bewijsstuk:
    """Add evidence: a checked file (stored privately) or a link."""
    if zelfevaluatie.status != Zelfevaluatie.Status.CONCEPT:
        raise ValidationError(
            _("Deze zelfevaluatie is ingediend en kan niet meer worden gewijzigd.")
        )
    bewijs = Bewijsstuk(
        zelfevaluatie=zelfevaluatie,
        kenmerk=kenmerk,
        titel=titel,
        toegevoegd_door=echte_gebruiker(door),
        url=url,
    )
    if bestand is not None:
        inhoud, soort = document_lezen(bestand, maximum=settings.MAX_BEWIJSSTUK)
        bewijs.content_type = soort
        bewijs.grootte = len(inhoud)
        bewijs.bestandsnaam = f"{titel[:60]}.{TOEGESTAAN[soort]}"

        bewijs.bestand.save("bewijs", ContentFile(inhoud), save=False)
    try:
        return object_opslaan(obj=bewijs, door=door)
    except ValidationError:
        if bewijs.bestand:
            bewijs.bestand.delete(save=False)
        raise


def ontwikkelpunt_opslaan(*, ontwikkelpunt: Ontwikkelpunt, door) -> Ontwikkelpunt:
    if ontwikkelpunt.status == Ontwikkelpunt.Status.AFGEROND and not ontwikkelpunt.afgerond_jaar:
        ontwikkelpunt.afgerond_jaar = timezone.localdate().year
    return object_opslaan(obj=ontwikkelpunt, door=door)


def bewijsstuk_verwijderen(*, bewijsstuk, door) -> None:
    """Remove evidence from a concept self-assessment. Side effects: the row (audited);
    its file, once the delete has committed."""
    bestand = bewijsstuk.bestand
    with transaction.atomic():
        object_verwijderen(obj=bewijsstuk, door=door)
        if bestand:
            transaction.on_commit(lambda: bestand.delete(save=False))
