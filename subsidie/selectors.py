"""Reads for the subsidie module that know who asks, and the set-based input of the
telling."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, F, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerschappen.models import (
    BestuurGebruikersrecht,
    Instituut,
    Lidmaatschap,
    Partnerschap,
    Regio,
    Vestiging,
)
from partnerschappen.selectors import (
    partnerschappen_bewerkbaar_voor,
    partnerschappen_zichtbaar_voor,
    regios_zichtbaar_voor,
)
from regio_portal.core.lezen import gestroomd
from regio_portal.core.schooljaar import huidig_schooljaar, schooljaar_label
from regio_portal.core.signalen import SOORTEN
from regio_portal.core.toegang import is_beheerder

from . import aandachtspunten, telregels
from .models import Plaatsing, Regeling, TellingBesluit, TellingSnapshot, Verantwoording


def regeling_voor(schooljaar: int) -> Regeling:
    regeling = (
        Regeling.objects.filter(
            eerste_schooljaar__lte=schooljaar, laatste_schooljaar__gte=schooljaar
        )
        .order_by("-eerste_schooljaar")
        .first()
    )
    if regeling is None:
        raise Regeling.DoesNotExist(f"Geen regeling voor schooljaar {schooljaar}-{schooljaar + 1}.")
    return regeling


# A placement's input as the count reads it, with its digest: on PostgreSQL the one stored
# with it (models.PlaatsingAfdruk: 64 bits of hashtextextended over its own columns, kept
# by the database on every write); elsewhere made here from the same columns. Its part of
# the fingerprint is the XOR of these (subsidie/vingerafdruk.py), updated per placement by
# an incremental recount. The codes behind its keys, a vestiging's region and sector are
# in the fingerprint's basis (codes_afdruk).
_PLAATSING_KOLOMMEN = """
    p.id, ps.code, v.code, i.code, p.student_sleutel, p.persoon_sleutel, p.opleidingstype,
    p.startdatum, p.einddatum, {afdruk}, p.vestiging_id
"""


def _plaatsingen_sql(waar: str) -> str:
    tabellen = {
        "p": Plaatsing._meta.db_table,
        "ps": Partnerschap._meta.db_table,
        "v": Vestiging._meta.db_table,
        "i": Instituut._meta.db_table,
    }
    pg = connection.vendor == "postgresql"
    kolommen = _PLAATSING_KOLOMMEN.format(
        afdruk="p.afdruk" if pg else "p.partnerschap_id, p.instituut_id"
    )
    return (
        f"SELECT {kolommen} FROM {tabellen['p']} p "  # noqa: S608 (table names only)
        f"JOIN {tabellen['ps']} ps ON ps.id = p.partnerschap_id "
        f"JOIN {tabellen['v']} v ON v.id = p.vestiging_id "
        f"JOIN {tabellen['i']} i ON i.id = p.instituut_id "
        f"WHERE p.schooljaar = %s{waar}"
    )


def _afdruk_python(pk, s, persoon, t, start, einde, partnerschap_id, vestiging_id, instituut_id):
    """The digest where the database has no hashtextextended (SQLite in `make run`), over
    the same columns as models.PlaatsingAfdruk: another function, but the same over a
    whole database, which is all it must be."""
    basis = dt.date(2000, 1, 1)
    tekst = "|".join(
        str(x)
        for x in (
            pk,
            partnerschap_id,
            vestiging_id,
            instituut_id,
            s,
            persoon,
            t,
            (start - basis).days,
            (einde - basis).days if einde else -1,
        )
    )
    return int.from_bytes(
        hashlib.blake2b(tekst.encode(), digest_size=8).digest(), "big", signed=True
    )


def plaatsingen_invoer(
    schooljaar: int,
    *,
    ids: Iterable[int] = (),
    student_sleutels: Iterable[str] = (),
    persoon_sleutels: Iterable[str] = (),
    alle: bool = False,
    codes: tuple[dict[int, str], dict[int, str]] | None = None,
) -> list[telregels.PlaatsingInvoer]:
    """The placements of a school year as the telregels read them, with their digests:
    all of them, or those with one of `ids` or of the keys (an incremental recount's
    persons). One plain query (no model instances): 150,000 rows in a fraction of a
    second. `codes`: the codes of the partnerships and vestigingen by id, when the caller
    has them (telling_invoer_en_sectoren), saves a full read those queries."""
    params: list = [schooljaar]
    if alle:
        waar = ""
    else:
        delen = []
        for kolom, waarden in (
            ("p.id", ids),
            ("p.student_sleutel", student_sleutels),
            ("p.persoon_sleutel", persoon_sleutels),
        ):
            waarden = sorted(set(waarden))
            if not waarden:
                continue
            if connection.vendor == "postgresql":
                delen.append(f"{kolom} = ANY(%s)")
                params.append(waarden)
            else:
                delen.append(f"{kolom} IN ({', '.join(['%s'] * len(waarden))})")
                params.extend(waarden)
        if not delen:
            return []
        waar = " AND (" + " OR ".join(delen) + ")"
    maak = telregels.PlaatsingInvoer
    if connection.vendor == "postgresql":
        if alle:
            return _alle_plaatsingen_pg(schooljaar, *(codes or (None, None)))
        # Decoded while the server still joins (core/lezen.py).
        return gestroomd(_plaatsingen_sql(waar), params, lambda rijen: [maak(*r) for r in rijen])
    with connection.cursor() as cursor:
        cursor.execute(_plaatsingen_sql(waar), params)
        rijen = cursor.fetchall()
    return [
        maak(
            *rij[:9],
            afdruk=_afdruk_python(rij[0], *rij[4:9], rij[9], rij[11], rij[10]),
            vestiging_id=rij[11],
        )
        for rij in rijen
    ]


def _alle_plaatsingen_pg(
    schooljaar: int,
    partnerschappen: dict[int, str] | None = None,
    vestigingen: dict[int, str] | None = None,
) -> list[telregels.PlaatsingInvoer]:
    """All placements of a school year (PostgreSQL), as plaatsingen_invoer gives them, read
    without a join on partnerships and vestigingen: the rows carry their keys, and their
    codes come from maps read beforehand (10,000 vestigingen: a few ms). So every
    placement of a partnership shares one str object for its code, and one for its type,
    with its hash computed once: the rules' sets, dicts and counters hash and compare
    codes 150,000 times per pass (issue 17: the rules and the COPY text 0.05 s faster, the
    aggregates 0.01 s; the read itself 0.01 s slower, the server no longer joins). The
    server also makes each placement's part of its decision's COPY row (the rules and the
    COPY text another 0.1 s faster, the read 0.025 s slower). Each tuple is made by
    tuple.__new__, without the NamedTuple's Python-level __new__."""
    if partnerschappen is None:
        partnerschappen = dict(Partnerschap.objects.order_by().values_list("pk", "code"))
    if vestigingen is None:
        vestigingen = dict(Vestiging.objects.order_by().values_list("pk", "code"))
    typen: dict[str, str] = {}
    nieuw, maak = tuple.__new__, telregels.PlaatsingInvoer
    # The placement's own part of its decision's COPY row (services.besluit_tekst), made
    # by the server while this process decodes: partnership, vestiging, zij-instroom,
    # digest, as the text COPY reads.
    # The institute's code comes with the row (60 institutes: the join costs the server
    # next to nothing, and the rules hash no institute code; a map would be one query more).
    sql = (
        "SELECT p.id, p.partnerschap_id, p.vestiging_id, i.code, p.student_sleutel, "  # noqa: S608
        "p.persoon_sleutel, p.opleidingstype, p.startdatum, p.einddatum, p.afdruk, "
        "p.partnerschap_id || E'\\t' || p.vestiging_id || E'\\t' || "
        "CASE WHEN p.opleidingstype = %s THEN 't' ELSE 'f' END || E'\\t' || p.afdruk "
        f"FROM {Plaatsing._meta.db_table} p "
        f"JOIN {Instituut._meta.db_table} i ON i.id = p.instituut_id WHERE p.schooljaar = %s"
    )

    def invoer(rijen):
        return [
            nieuw(
                maak,
                (
                    pk,
                    partnerschappen[ps],
                    vestigingen[v],
                    instituut,
                    student,
                    persoon,
                    typen.get(soort) or typen.setdefault(soort, soort),
                    start,
                    einde,
                    afdruk,
                    v,
                    staart,
                ),
            )
            for pk, ps, v, instituut, student, persoon, soort, start, einde, afdruk, staart in rijen
        ]

    return gestroomd(sql, [telregels.ZIJ_INSTROOM, schooljaar], invoer)


def lidmaatschappen_invoer(vestigingen: Iterable[str] | None = None):
    """Memberships of vestigingen (by code; None: all) as the telregels read them."""
    qs = Lidmaatschap.objects.filter(vestiging__isnull=False).order_by()
    if vestigingen is not None:
        qs = qs.filter(vestiging__code__in=set(vestigingen))
    return [
        telregels.LidmaatschapInvoer(p, v, start, einde)
        for p, v, start, einde in qs.values_list(
            "partnerschap__code", "vestiging__code", "startdatum", "einddatum"
        )
    ]


def codes_afdruk() -> str:
    """A digest of what a count reads behind the keys of a placement (its stored digest
    covers the keys only): the code of every partnership and instituut, and the code,
    region code and sector of every vestiging. All of them, not only those with a
    placement in the year: an incremental recount keeps the basis of the fingerprint, and
    a placement that moves would otherwise change it. A change of any of these is
    announced for every school year. Made by the database in one query on PostgreSQL
    (10,000 vestigingen: 7 ms, nothing to decode); elsewhere here."""
    ps, v, r, i = (m._meta.db_table for m in (Partnerschap, Vestiging, Regio, Instituut))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT md5(concat_ws('#', "  # noqa: S608 (table names only)
                f"(SELECT string_agg(id || '|' || code, ',' ORDER BY id) FROM {ps}), "
                f"(SELECT string_agg(id || '|' || code, ',' ORDER BY id) FROM {i}), "
                f"(SELECT string_agg(concat_ws('|', v.id, v.code, r.code, v.sector), ',' "
                f"ORDER BY v.id) FROM {v} v LEFT JOIN {r} r ON r.id = v.regio_id)))"
            )
            return cursor.fetchone()[0]
    h = hashlib.sha256()
    for rijen in (
        Partnerschap.objects.order_by("pk").values_list("pk", "code"),
        Instituut.objects.order_by("pk").values_list("pk", "code"),
        Vestiging.objects.order_by("pk").values_list("pk", "code", "regio__code", "sector"),
    ):
        for rij in rijen:
            h.update(("|".join("" if x is None else str(x) for x in rij) + "\n").encode())
        h.update(b"#")
    return h.hexdigest()


def telling_invoer(schooljaar: int) -> dict:
    """Everything the pure telregels need, in a handful of set-based queries."""
    return telling_invoer_en_sectoren(schooljaar)[0]


def telling_invoer_en_sectoren(schooljaar: int) -> tuple[dict, dict[str, str]]:
    """telling_invoer, and the sector of every vestiging by code (sector_van_vestiging)
    from the same read of the vestigingen: one query of 10,000 rows where the code of a
    placement's vestiging, its region and its sector took three (0.008 s against 0.020 s,
    issue 17). The partnerships, likewise, are read once for their codes by id and the
    list of codes."""
    vestigingen = list(
        Vestiging.objects.order_by().values_list("pk", "code", "regio__code", "sector")
    )
    partnerschappen = dict(Partnerschap.objects.order_by("code").values_list("pk", "code"))
    codes = (partnerschappen, {pk: code for pk, code, _, _ in vestigingen})
    invoer = {
        "plaatsingen": plaatsingen_invoer(schooljaar, alle=True, codes=codes),
        "lidmaatschappen": lidmaatschappen_invoer(),
        "regio_van_vestiging": {code: regio for _, code, regio, _ in vestigingen},
        "partnerschap_codes": list(partnerschappen.values()),
        "regio_codes": list(Regio.objects.order_by("code").values_list("code", flat=True)),
    }
    return invoer, {code: sector for _, code, _, sector in vestigingen}


def sector_van_vestiging() -> dict[str, str]:
    """The sector of every vestiging by code: the dashboards' coverage per sector (and so
    the count's fingerprint) reads it."""
    return dict(Vestiging.objects.order_by().values_list("code", "sector"))


# The large JSON of current snapshots (a national count's result, ~1,500 warnings and the
# dashboard aggregates), parsed once per process: (pk, fingerprint, berekend_op) -> content.
# Exact: a snapshot's content changes only with a new count, which sets berekend_op (and,
# unless nothing changed, the fingerprint); a new snapshot has a new pk. Read-only: every
# reader copies what it changes. Small (a dashboard shows five years), oldest out first.
_INHOUD: OrderedDict[tuple, dict] = OrderedDict()
_INHOUD_MAXIMUM = 12
_INHOUD_SLOT = threading.Lock()
_INHOUD_VELDEN = ("resultaat", "waarschuwingen", "samenvatting")


def tellingen_met_inhoud(qs: QuerySet[TellingSnapshot]) -> list[TellingSnapshot]:
    """The snapshots of `qs` with resultaat, waarschuwingen and samenvatting from the
    per-process cache above: one light query, plus one for those not parsed yet in this
    process. For the pages that read them on every request (dashboards, start pages);
    `afgeleid(snapshot)` keeps what a page derives from the content alongside it."""
    snapshots = list(qs.defer(*_INHOUD_VELDEN))
    sleutels = {s.pk: (s.pk, s.vingerafdruk, s.berekend_op) for s in snapshots}
    with _INHOUD_SLOT:
        inhoud = {pk: _INHOUD.get(sleutel) for pk, sleutel in sleutels.items()}
    ontbreekt = [pk for pk, gevonden in inhoud.items() if gevonden is None]
    if ontbreekt:
        for pk, *velden in TellingSnapshot.objects.filter(pk__in=ontbreekt).values_list(
            "pk", *_INHOUD_VELDEN
        ):
            inhoud[pk] = {**dict(zip(_INHOUD_VELDEN, velden, strict=True)), "": {}}
    with _INHOUD_SLOT:
        for pk, sleutel in sleutels.items():
            _INHOUD[sleutel] = inhoud[pk]
            _INHOUD.move_to_end(sleutel)
        while len(_INHOUD) > _INHOUD_MAXIMUM:
            _INHOUD.popitem(last=False)
    for s in snapshots:
        for veld in _INHOUD_VELDEN:
            setattr(s, veld, inhoud[s.pk][veld])
        s._afgeleid = inhoud[s.pk][""]
    return snapshots


def afgeleid(snapshot: TellingSnapshot) -> dict:
    """A place to keep what is derived from a snapshot's content (same lifetime as the
    cached content; a fresh dict for a snapshot not read by tellingen_met_inhoud)."""
    return getattr(snapshot, "_afgeleid", {})


def _actueel(schooljaar: int, regeling: Regeling | None = None) -> QuerySet[TellingSnapshot]:
    """The current snapshot of a school year under its Regeling (at most one row)."""
    regeling = regeling or regeling_voor(schooljaar)
    return TellingSnapshot.objects.filter(schooljaar=schooljaar, regeling=regeling, actueel=True)


def actuele_telling(schooljaar: int, regeling: Regeling | None = None) -> TellingSnapshot | None:
    return _actueel(schooljaar, regeling).select_related("regeling").first()


def plaatsingen_zichtbaar_voor(*, gebruiker) -> QuerySet[Plaatsing]:
    """Placement rows (with names and numbers) only for the partnership's own people:
    programmaleiders of that partnership and beheerders."""
    return Plaatsing.objects.filter(
        partnerschap__in=partnerschappen_bewerkbaar_voor(gebruiker=gebruiker)
    )


def regios_voor_verantwoording(*, gebruiker):
    """Regions whose report a user may read: kwartiermakers and beheerders (their
    regions), and bestuurders of a board with a vestiging in the region."""
    besturen = (
        BestuurGebruikersrecht.objects.filter(
            user=gebruiker, permission__codename="view_bestuur"
        ).values("content_object_id")
        if gebruiker.is_authenticated
        else []
    )
    return Regio.objects.filter(
        Q(pk__in=regios_zichtbaar_voor(gebruiker=gebruiker).values("pk"))
        | Q(pk__in=Vestiging.objects.filter(bestuur__in=besturen).values("regio"))
    ).distinct()


def mag_vaststellen(gebruiker, verantwoording) -> bool:
    """Bestuurders adopt: of a board with a vestiging in the partnership (as member)
    or in the region; and beheerders."""
    if is_beheerder(gebruiker):
        return True
    besturen = BestuurGebruikersrecht.objects.filter(
        user=gebruiker, permission__codename="view_bestuur"
    ).values("content_object_id")
    if verantwoording.partnerschap_id:
        return Lidmaatschap.objects.filter(
            partnerschap_id=verantwoording.partnerschap_id, vestiging__bestuur__in=besturen
        ).exists()
    return Vestiging.objects.filter(regio_id=verantwoording.regio_id, bestuur__in=besturen).exists()


def verantwoording_voor_gebruiker(gebruiker, uuid):
    verantwoording = (
        Verantwoording.objects.select_related("partnerschap", "regio", "telling__regeling")
        .filter(uuid=uuid)
        .first()
    )
    if verantwoording is None:
        raise Http404("Verantwoording niet gevonden.")
    if verantwoording.partnerschap_id:
        zichtbaar = (
            partnerschappen_zichtbaar_voor(gebruiker=gebruiker)
            .filter(pk=verantwoording.partnerschap_id)
            .exists()
        )
    else:
        zichtbaar = (
            regios_voor_verantwoording(gebruiker=gebruiker)
            .filter(pk=verantwoording.regio_id)
            .exists()
        )
    if not zichtbaar:
        raise Http404("Verantwoording niet gevonden.")
    return verantwoording


def regio_partnerschap_codes(regio) -> set[str]:
    """Partnerships with (ever) a member vestiging in the region."""
    return set(
        Partnerschap.objects.filter(lidmaatschappen__vestiging__regio=regio)
        .order_by()
        .values_list("code", flat=True)
        .distinct()
    )


def _elders_geteld(snapshot, codes, namen) -> list[dict]:
    """Per partnership of the region: placements whose person counted at another
    partnership (a data problem to chase: double registration, or a late switch)."""
    if "elders" in snapshot.samenvatting:  # stored at count time
        rijen = sorted((c, n) for c, n in snapshot.samenvatting["elders"].items() if c in codes)
    else:
        rijen = (
            TellingBesluit.objects.filter(
                telling=snapshot, partnerschap__code__in=codes, status=telregels.ELDERS_GETELD
            )
            .exclude(geteld_bij=F("partnerschap__code"))
            .values_list("partnerschap__code")
            .annotate(n=Count("pk"))
            .order_by("partnerschap__code")
        )
    return [{"soort": "elders_geteld", "partnerschap": code, "aantal": n} for code, n in rijen]


def regio_overzicht(snapshot, regio, codes, namen: dict[str, str] | None = None) -> dict:
    """A region's view of a stored count: its partnerships (their national rows), its own
    row, and the data problems to chase. Reads the snapshot plus one query for the names
    (none when the caller has them: `namen`, code -> name)."""
    if namen is None:
        namen = dict(Partnerschap.objects.filter(code__in=codes).values_list("code", "naam"))
    return {
        "partnerschappen": [
            {**r, "naam": namen.get(r["code"], r["code"])}
            for r in snapshot.resultaat["partnerschappen"]
            if r["code"] in codes
        ],
        "regio_rij": next(
            (r for r in snapshot.resultaat["regios"] if r["code"] == regio.code), None
        ),
        # Grouped with counts, each linked to the placements concerned.
        "problemen": aandachtspunten.groeperen(
            [
                w
                for w in snapshot.waarschuwingen
                if w.get("regio") == regio.code
                or (w["soort"] != "vestiging_geen_lid" and w.get("partnerschap") in codes)
            ]
            + _elders_geteld(snapshot, codes, namen),
            schooljaar=snapshot.schooljaar,
            namen=namen,
        ),
    }


# How each kind of change reads in the notice on a stale count (n rows).
WIJZIGING_LABELS = {
    "plaatsing": lambda n: ngettext("%(n)d plaatsing gewijzigd", "%(n)d plaatsingen gewijzigd", n),
    "lidmaatschap": lambda n: ngettext(
        "%(n)d lidmaatschap gewijzigd", "%(n)d lidmaatschappen gewijzigd", n
    ),
    "vestiging": lambda n: ngettext("%(n)d vestiging gewijzigd", "%(n)d vestigingen gewijzigd", n),
    "partnerschap": lambda n: ngettext(
        "%(n)d partnerschap gewijzigd", "%(n)d partnerschappen gewijzigd", n
    ),
    "regio": lambda n: ngettext("%(n)d regio gewijzigd", "%(n)d regio's gewijzigd", n),
    "instituut": lambda n: ngettext("%(n)d instituut gewijzigd", "%(n)d instituten gewijzigd", n),
    "regeling": lambda n: ngettext("de regeling gewijzigd", "de regeling gewijzigd", n),
}


def wijzigingen_tekst(snapshot: TellingSnapshot) -> str:
    """'2 lidmaatschappen gewijzigd sinds de telling van 14-11-2026 10:02' (Dutch, in the
    order of SOORTEN)."""
    delen = [
        WIJZIGING_LABELS[soort](n) % {"n": n}
        for soort in SOORTEN
        if (n := snapshot.wijzigingen.get(soort, 0))
    ]
    wanneer = timezone.localtime(snapshot.berekend_op).strftime("%d-%m-%Y %H:%M")
    if not delen:
        # Marked by a beheerder's "opnieuw tellen" or a change of the count itself.
        return _("opnieuw tellen is aangevraagd na de telling van %(wanneer)s") % {
            "wanneer": wanneer
        }
    return _("%(wat)s sinds de telling van %(wanneer)s") % {
        "wat": ", ".join(delen),
        "wanneer": wanneer,
    }


def standaard_schooljaar(*, plaatsingen: QuerySet[Plaatsing] | None = None) -> int:
    """The one rule for the school year a page opens on: the most recent one, not after
    the current school year, that has a count or placements (`plaatsingen`: only
    these count, e.g. one partnership's), else the current one. In December the new
    year has neither yet; a page opening there would show 0 and "nog geen telling"."""
    huidig = huidig_schooljaar()
    geteld = TellingSnapshot.objects.filter(actueel=True, schooljaar__lte=huidig).aggregate(
        j=Max("schooljaar")
    )["j"]
    qs = plaatsingen if plaatsingen is not None else Plaatsing.objects.all()
    geplaatst = qs.filter(schooljaar__lte=huidig).aggregate(j=Max("schooljaar"))["j"]
    return max((j for j in (geteld, geplaatst) if j is not None), default=huidig)


def actuele_telling_met_inhoud(schooljaar: int) -> TellingSnapshot | None:
    """actuele_telling_of_geen, its content from the per-process cache
    (tellingen_met_inhoud): for readers that look at several years' counts."""
    try:
        qs = _actueel(schooljaar).select_related("regeling")
    except Regeling.DoesNotExist:
        return None
    gevonden = tellingen_met_inhoud(qs[:1])
    return gevonden[0] if gevonden else None


def actuele_telling_of_geen(schooljaar: int) -> TellingSnapshot | None:
    """The current count of a school year; None when there is none, also when no
    Regeling covers the year."""
    try:
        return actuele_telling(schooljaar)
    except Regeling.DoesNotExist:
        return None


def plaatsingen_te_doen(partnerschap_ids, jaar: int) -> dict[int, list[tuple]]:
    """For the programmaleider's start page: no placements uploaded for `jaar` yet."""
    met = set(
        Plaatsing.objects.filter(schooljaar=jaar, partnerschap_id__in=partnerschap_ids)
        .order_by()
        .values_list("partnerschap_id", flat=True)
        .distinct()
    )
    tekst = _("Nog geen plaatsingen voor %(jaar)s geüpload.") % {"jaar": schooljaar_label(jaar)}
    return {pk: [("plaatsingen", tekst)] for pk in partnerschap_ids if pk not in met}


def telling_te_doen(jaar: int) -> dict[str, list[tuple]]:
    """Per partnership code: its warnings in the current count of `jaar`."""
    try:
        snapshots = tellingen_met_inhoud(_actueel(jaar))
    except Regeling.DoesNotExist:
        return {}
    if not snapshots:
        return {}
    snapshot = snapshots[0]
    bewaard = afgeleid(snapshot)
    if "aandachtspunten_per_partnerschap" not in bewaard:
        aantal: dict[str, int] = {}
        for g in aandachtspunten.groeperen(snapshot.waarschuwingen, schooljaar=jaar):
            if g["partnerschap"]:
                aantal[g["partnerschap"]] = aantal.get(g["partnerschap"], 0) + 1
        bewaard["aandachtspunten_per_partnerschap"] = aantal
    return {
        code: [("telling", aandachtspunten.aantal_tekst(n))]
        for code, n in bewaard["aandachtspunten_per_partnerschap"].items()
    }


def hulp_gegevens() -> dict:
    """For the help page on counting: the telregels as every report states them, the
    reasons a placement does not count, and the Regelingen with their parameters (data,
    so the page says what the portal really uses)."""
    from . import telregels  # noqa: PLC0415
    from .verantwoording import TELREGELS_TEKST, typen_tekst  # noqa: PLC0415

    return {
        "telregels": TELREGELS_TEKST,
        "redenen": [t for code, t in telregels.REDENEN.items() if code != telregels.GETELD],
        "regelingen": [
            {
                "r": r,
                "typen": typen_tekst(r.getelde_typen),
                "jaren": f"{schooljaar_label(r.eerste_schooljaar)} t/m "
                f"{schooljaar_label(r.laatste_schooljaar)}",
            }
            for r in Regeling.objects.order_by("eerste_schooljaar", "code")
        ],
    }
