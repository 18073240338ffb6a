"""Writes of the subsidie module: the telling snapshot, marking it stale, regelingen."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from partnerschappen.models import Partnerschap
from regio_portal.core.services import echte_gebruiker
from regio_portal.core.wachtrij import na_commit

from . import selectors, telregels
from .models import Regeling, TellingBesluit, TellingSnapshot
from .schooljaar import schooljaar_label


def regeling_parameters(regeling: Regeling, schooljaar: int) -> telregels.RegelingParameters:
    return telregels.RegelingParameters(
        code=regeling.code,
        peildatum=regeling.peildatum(schooljaar),
        getelde_typen=frozenset(regeling.getelde_typen),
        minimum_dagen=regeling.minimum_dagen,
        vaste_voet=regeling.vaste_voet,
        bedrag_per_student=regeling.bedrag_per_student,
        bedrag_per_zij_instromer=regeling.bedrag_per_zij_instromer,
        minimum_per_partnerschap=regeling.minimum_per_partnerschap,
        minimum_per_regio=regeling.minimum_per_regio,
        budgetplafond=regeling.budgetplafond,
        voorlopig=regeling.voorlopig,
    )


def _parameters_json(p: telregels.RegelingParameters) -> dict:
    return {
        "code": p.code,
        "peildatum": p.peildatum.isoformat(),
        "getelde_typen": sorted(p.getelde_typen),
        "minimum_dagen": p.minimum_dagen,
        "vaste_voet": str(p.vaste_voet),
        "bedrag_per_student": str(p.bedrag_per_student),
        "bedrag_per_zij_instromer": str(p.bedrag_per_zij_instromer),
        "minimum_per_partnerschap": p.minimum_per_partnerschap,
        "minimum_per_regio": p.minimum_per_regio,
        "budgetplafond": str(p.budgetplafond) if p.budgetplafond is not None else None,
        "voorlopig": p.voorlopig,
    }


def vingerafdruk(invoer: dict, parameters: dict) -> str:
    """SHA-256 over the placements and memberships used and the Regeling's parameters."""
    h = hashlib.sha256()
    h.update(json.dumps(parameters, sort_keys=True).encode())
    for p in sorted(invoer["plaatsingen"], key=lambda p: p.id):
        h.update(
            f"P|{p.id}|{p.partnerschap}|{p.vestiging}|{p.instituut}|{p.student_sleutel}|"
            f"{p.persoon_sleutel}|{p.opleidingstype}|{p.startdatum}|{p.einddatum}\n".encode()
        )
    for lid in sorted(
        invoer["lidmaatschappen"], key=lambda x: (x.partnerschap, x.vestiging, x.startdatum)
    ):
        h.update(
            f"L|{lid.partnerschap}|{lid.vestiging}|{lid.startdatum}|{lid.einddatum}\n".encode()
        )
    for code, regio in sorted(invoer["regio_van_vestiging"].items()):
        h.update(f"V|{code}|{regio}\n".encode())
    return h.hexdigest()


def _geld(bedrag: Decimal) -> str:
    return f"{bedrag:.2f}"


def resultaat_json(schooljaar: int, parameters: dict, telling: telregels.Telling) -> dict:
    """The exact shape of formats.md (`telling --format json`)."""

    def rij(r, met_waarschuwingen=False):
        uit = {
            "code": r["code"],
            "studenten": r["studenten"],
            "zij_instromers": r["zij_instromers"],
            "bedrag": _geld(r["bedrag"]),
        }
        if met_waarschuwingen:
            uit["waarschuwingen"] = r.get("waarschuwingen", [])
        return uit

    return {
        "schooljaar": schooljaar_label(schooljaar),
        "regeling": {
            "code": parameters["code"],
            "voorlopig": parameters["voorlopig"],
            "peildatum": parameters["peildatum"],
        },
        "partnerschappen": [rij(r, True) for r in telling.partnerschappen.values()],
        "regios": [rij(r) for r in telling.regios.values()],
        "totaal": {
            "studenten": telling.totaal["studenten"],
            "zij_instromers": telling.totaal["zij_instromers"],
            "bedrag": _geld(telling.totaal["bedrag"]),
        },
    }


def telling_bereken(
    *, schooljaar: int, regeling: Regeling | None = None, door=None
) -> TellingSnapshot:
    """Count a school year (the telregels) and store it as the current snapshot.

    Side effects: a new TellingSnapshot with its TellingBesluit rows, unless the current
    snapshot has the same input fingerprint (then that one is returned, no longer stale);
    the previous snapshot stops being current (it is kept: adopted reports point at it).
    """
    regeling = regeling or selectors.regeling_voor(schooljaar)
    invoer = selectors.telling_invoer(schooljaar)
    parameters = regeling_parameters(regeling, schooljaar)
    parameters_json = _parameters_json(parameters)
    afdruk = vingerafdruk(invoer, parameters_json)
    with transaction.atomic():
        huidig = (
            TellingSnapshot.objects.select_for_update()
            .filter(schooljaar=schooljaar, regeling=regeling, actueel=True)
            .first()
        )
        if huidig and huidig.vingerafdruk == afdruk:
            if huidig.verouderd:
                huidig.verouderd = False
                huidig.save(update_fields=["verouderd"])
            return huidig
        telling = telregels.bereken_telling(schooljaar=schooljaar, regeling=parameters, **invoer)
        if huidig:
            huidig.actueel = False
            huidig.save(update_fields=["actueel"])
        snapshot = TellingSnapshot.objects.create(
            samenvatting=_samenvatting(invoer, telling),
            schooljaar=schooljaar,
            regeling=regeling,
            parameters=parameters_json,
            vingerafdruk=afdruk,
            resultaat=resultaat_json(schooljaar, parameters_json, telling),
            waarschuwingen=telling.waarschuwingen,
            berekend_door=echte_gebruiker(door),
        )
        partnerschap_ids = dict(Partnerschap.objects.values_list("code", "pk"))
        per_plaatsing = {p.id: p.partnerschap for p in invoer["plaatsingen"]}
        _besluiten_opslaan(
            snapshot,
            (
                (
                    snapshot.pk,
                    b.plaatsing_id,
                    partnerschap_ids[per_plaatsing[b.plaatsing_id]],
                    b.status,
                    b.geteld_bij,
                    b.persoon,
                )
                for b in telling.besluiten
            ),
        )
    return snapshot


def _samenvatting(invoer: dict, telling: telregels.Telling) -> dict:
    """Coverage per region and sector and 'counted elsewhere' per partnership, computed
    once at count time from the decisions (a single pass)."""
    from partnerschappen.models import Vestiging

    sector = dict(Vestiging.objects.order_by().values_list("code", "sector"))
    regio = invoer["regio_van_vestiging"]
    per_id = {p.id: p for p in invoer["plaatsingen"]}
    dekking: dict = {}
    elders: dict = {}
    for b in telling.besluiten:
        p = per_id[b.plaatsing_id]
        r = regio.get(p.vestiging)
        if r:
            cel = dekking.setdefault(r, {}).setdefault(sector.get(p.vestiging, ""), [0, 0])
            cel[0] += 1
            if b.status != telregels.GEEN_LID:
                cel[1] += 1
        if b.status == telregels.ELDERS_GETELD and b.geteld_bij != p.partnerschap:
            elders[p.partnerschap] = elders.get(p.partnerschap, 0) + 1
    return {"dekking": dekking, "elders": elders}


BESLUIT_KOLOMMEN = (
    "telling_id",
    "plaatsing_id",
    "partnerschap_id",
    "status",
    "geteld_bij",
    "persoon",
)


def _besluiten_opslaan(snapshot, rijen) -> None:
    """Write the decisions: COPY on PostgreSQL (150,000 rows in well under a second),
    bulk_create elsewhere (SQLite in `make run`)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        tabel = TellingBesluit._meta.db_table
        with connection.cursor() as cursor:
            with cursor.cursor.copy(
                f"COPY {tabel} ({', '.join(BESLUIT_KOLOMMEN)}) FROM STDIN"  # noqa: S608
            ) as copy:
                for rij in rijen:
                    copy.write_row(rij)
        return
    TellingBesluit.objects.bulk_create(
        (TellingBesluit(**dict(zip(BESLUIT_KOLOMMEN, rij, strict=True))) for rij in rijen),
        batch_size=5000,
    )


def tellingen_markeer_verouderd(*, schooljaren=None) -> int:
    """Mark current snapshots stale (of some school years, or all) and schedule a recount
    after commit. A named school year that has no count yet gets its first one (with the
    Regeling of that year, if there is one), so whoever uploaded sees a count without
    waiting for a beheerder. Side effects: `verouderd` on snapshots; Celery tasks (ids
    only)."""
    from .tasks import telling_herberekenen

    qs = TellingSnapshot.objects.filter(actueel=True)
    if schooljaren is not None:
        qs = qs.filter(schooljaar__in=list(schooljaren))
    paren = list(qs.values_list("schooljaar", "regeling_id").distinct())
    aantal = qs.update(verouderd=True)
    for schooljaar in set(schooljaren or ()) - {s for s, _ in paren}:
        try:
            paren.append((schooljaar, selectors.regeling_voor(schooljaar).pk))
        except Regeling.DoesNotExist:
            continue
    for schooljaar, regeling_id in paren:
        na_commit(telling_herberekenen, schooljaar, regeling_id)
    return aantal


def plaatsing_opslaan(*, plaatsing, persoonsnummer: str | None, door):
    """Save one placement from the form. `persoonsnummer` None keeps the stored key,
    "" clears it. Side effects: the row (audited without personal data), keys derived,
    the school year's count marked stale and recounted after commit."""
    from regio_portal.core.services import object_opslaan

    from .pseudoniem import persoon_sleutel, student_sleutel

    plaatsing.student_sleutel = student_sleutel(plaatsing.instituut.code, plaatsing.studentnummer)
    if persoonsnummer is not None:
        plaatsing.persoon_sleutel = persoon_sleutel(persoonsnummer)
    with transaction.atomic():
        object_opslaan(obj=plaatsing, door=door)
        tellingen_markeer_verouderd(schooljaren=[plaatsing.schooljaar])
    return plaatsing


def plaatsing_verwijderen(*, plaatsing, door) -> None:
    """Delete one placement. Side effects: the delete (audited), count marked stale."""
    from regio_portal.core.services import object_verwijderen

    schooljaar = plaatsing.schooljaar
    with transaction.atomic():
        object_verwijderen(obj=plaatsing, door=door)
        tellingen_markeer_verouderd(schooljaren=[schooljaar])


def telling_aanvragen(*, schooljaar: int, regeling: Regeling, door) -> None:
    """Ask for a recount in the background (the page shows progress by polling the
    snapshot). Side effects: current snapshot marked stale; a Celery task (ids only)."""
    from .tasks import telling_herberekenen

    TellingSnapshot.objects.filter(schooljaar=schooljaar, regeling=regeling, actueel=True).update(
        verouderd=True
    )
    na_commit(telling_herberekenen, schooljaar, regeling.pk)


def verantwoording_aanvragen(*, schooljaar: int, door, partnerschap=None, regio=None):
    """Make a new concept version from the current count (recounting first if the count
    is missing or stale). Side effects: possibly a new snapshot; a Verantwoording row in
    status 'bezig'; after commit a Celery task renders PDF and Excel (id only)."""
    from django.db.models import Max

    from .models import Verantwoording
    from .tasks import verantwoording_maken

    telling = selectors.actuele_telling(schooljaar)
    if telling is None or telling.verouderd:
        telling = telling_bereken(schooljaar=schooljaar, door=door)
    soort = Verantwoording.Soort.PARTNERSCHAP if partnerschap else Verantwoording.Soort.REGIO
    with transaction.atomic():
        laatste = (
            Verantwoording.objects.select_for_update()
            .filter(partnerschap=partnerschap, regio=regio, schooljaar=schooljaar)
            .aggregate(m=Max("versie"))["m"]
        )
        verantwoording = Verantwoording.objects.create(
            soort=soort,
            partnerschap=partnerschap,
            regio=regio,
            schooljaar=schooljaar,
            versie=(laatste or 0) + 1,
            telling=telling,
            aangevraagd_door=echte_gebruiker(door),
        )
        na_commit(verantwoording_maken, verantwoording.pk)
    return verantwoording


def verantwoording_maak(*, verantwoording) -> None:
    """Render a concept's PDF and Excel. Idempotent: a finished one is left alone.
    Side effects: two files under MEDIA_ROOT; checksums and status on the row."""
    from django.core.files.base import ContentFile

    from . import verantwoording as rapport
    from .models import Verantwoording

    if verantwoording.status != Verantwoording.Status.BEZIG:
        return
    gegevens = rapport.rapport_gegevens(verantwoording)
    checksum = rapport.inhoud_checksum(gegevens)
    pdf = rapport.maak_pdf(gegevens, checksum, None)
    xlsx = rapport.maak_xlsx(gegevens, checksum)
    verantwoording.pdf.save("rapport.pdf", ContentFile(pdf), save=False)
    verantwoording.xlsx.save("rapport.xlsx", ContentFile(xlsx), save=False)
    verantwoording.inhoud_sha256 = checksum
    verantwoording.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    verantwoording.status = Verantwoording.Status.CONCEPT
    verantwoording.save()


def verantwoording_vaststellen(*, verantwoording, door):
    """Adopt a concept: render the final PDF once (with who adopted it when) and freeze
    it. Refused when a newer count exists. Side effects: new PDF/Excel files, checksums,
    status 'vastgesteld' (audited); an earlier adopted version becomes 'vervangen'."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from regio_portal.core.services import audit_actor

    from . import verantwoording as rapport
    from .models import Verantwoording

    if verantwoording.status != Verantwoording.Status.CONCEPT:
        raise ValidationError("Alleen een concept kan worden vastgesteld.")
    if not verantwoording.telling.actueel or verantwoording.telling.verouderd:
        raise ValidationError(
            "Er is een nieuwere telling dan dit concept. Maak eerst een nieuw concept."
        )
    with transaction.atomic(), audit_actor(door):
        Verantwoording.objects.select_for_update().filter(
            partnerschap=verantwoording.partnerschap,
            regio=verantwoording.regio,
            schooljaar=verantwoording.schooljaar,
            status=Verantwoording.Status.VASTGESTELD,
        ).update(status=Verantwoording.Status.VERVANGEN)
        nu = timezone.now()
        gegevens = rapport.rapport_gegevens(verantwoording)
        vaststelling = {
            "door": getattr(door, "naam", "") or getattr(door, "email", str(door)),
            "op": timezone.localtime(nu).strftime("%d-%m-%Y %H:%M"),
        }
        gegevens["vastgesteld"] = vaststelling
        checksum = rapport.inhoud_checksum(gegevens)
        pdf = rapport.maak_pdf(gegevens, checksum, vaststelling)
        verantwoording.pdf.save("vastgesteld.pdf", ContentFile(pdf), save=False)
        verantwoording.xlsx.save(
            "vastgesteld.xlsx", ContentFile(rapport.maak_xlsx(gegevens, checksum)), save=False
        )
        verantwoording.inhoud_sha256 = checksum
        verantwoording.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        verantwoording.status = Verantwoording.Status.VASTGESTELD
        verantwoording.vastgesteld_door = echte_gebruiker(door)
        verantwoording.vastgesteld_op = nu
        verantwoording.save()
    return verantwoording
