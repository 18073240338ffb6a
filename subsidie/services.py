"""Writes of the subsidie module: the telling snapshot, marking it stale, regelingen."""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack, contextmanager, suppress
from decimal import Decimal
from operator import attrgetter

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerschappen.models import Partnerschap
from regio_portal.core import paginacache
from regio_portal.core.geheugen import zonder_gc
from regio_portal.core.schooljaar import schooljaar_label
from regio_portal.core.services import (
    audit_actor,
    echte_gebruiker,
    object_opslaan,
    object_verwijderen,
    samenvatting_vastleggen,
)
from regio_portal.core.signalen import Bereik, telinvoer_melden
from regio_portal.core.toegang import vereist_beheerder
from regio_portal.core.wachtrij import na_commit

# The module, not its names: the tasks module imports this one too.
from . import hertellen, selectors, tasks, telregels
from . import verantwoording as rapport
from .models import (
    InstituutOpgave,
    OpenCijfersVrijgave,
    Plaatsing,
    Regeling,
    TellingBesluit,
    TellingSnapshot,
    TellingWijziging,
    Verantwoording,
)
from .pseudoniem import persoon_sleutel, student_sleutel
from .vingerafdruk import (
    basis_afdruk,
    parameters_json,
    plaatsingen_afdruk,
    regeling_parameters,
    samengesteld,
)


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


@zonder_gc()  # 150,000 inputs and decisions that live until the end (core/geheugen.py)
def telling_bereken(
    *, schooljaar: int, regeling: Regeling | None = None, door=None
) -> TellingSnapshot:
    """Count a school year (the telregels) and store it as the current snapshot.

    A stale snapshot whose changes are all noted placements (TellingWijziging) is brought
    up to date incrementally: only the persons those placements belong to, before and
    after, are recounted (subsidie/hertellen.py; the result equals a full count decision
    for decision). Otherwise the year is counted in full.

    Side effects: the snapshot updated in place (incremental, when no report points at
    it), or a new TellingSnapshot with its TellingBesluit rows, unless the current snapshot
    has the same input fingerprint (then that one is returned, no longer stale); the
    previous snapshot stops being current (it is kept: reports point at it). The noted
    changes that were counted are removed."""
    regeling = regeling or selectors.regeling_voor(schooljaar)
    parameters = regeling_parameters(regeling, schooljaar)
    parameters_json_ = parameters_json(parameters)
    with transaction.atomic():
        _telling_vergrendelen(schooljaar, regeling)
        huidig = (
            TellingSnapshot.objects.select_for_update()
            .filter(schooljaar=schooljaar, regeling=regeling, actueel=True)
            .first()
        )
        if huidig is not None:
            bijgewerkt = hertellen.bijwerken(
                huidig, parameters=parameters, parameters_json=parameters_json_, door=door
            )
            if bijgewerkt is not None:
                return bijgewerkt
        # What was noted before the input is read is in it; what comes later stays noted.
        gezien = (
            list(TellingWijziging.objects.filter(telling=huidig).values_list("pk", flat=True))
            if huidig
            else []
        )
        invoer, sector = selectors.telling_invoer_en_sectoren(schooljaar)
        basis = basis_afdruk(schooljaar=schooljaar, invoer=invoer, parameters=parameters_json_)
        xor = plaatsingen_afdruk(invoer["plaatsingen"])
        afdruk = samengesteld(basis, xor)
        if huidig and huidig.vingerafdruk == afdruk:
            TellingWijziging.objects.filter(pk__in=gezien).delete()
            nog = TellingWijziging.objects.filter(telling=huidig).exists()
            if (huidig.verouderd or huidig.wijzigingen) and not nog:
                # What changed cancelled out (an edit undone): the count stands.
                huidig.verouderd = False
                huidig.wijzigingen = {}
                huidig.save(update_fields=["verouderd", "wijzigingen"])
            return huidig
        snapshot = TellingSnapshot(
            schooljaar=schooljaar,
            regeling=regeling,
            parameters=parameters_json_,
            vingerafdruk=afdruk,
            basis_afdruk=basis,
            plaatsingen_afdruk=xor,
            berekend_door=echte_gebruiker(door),
        )
        per_id = {p.id: p for p in invoer["plaatsingen"]}
        if connection.vendor == "postgresql":
            # The decisions go to the database while the rules still run: the server
            # stores one block on the other core while this one works out the next.
            # The partition is attached on the server while this process finishes the
            # rules' totals and the snapshot's content (besluiten_stromen).
            snapshot.pk = _snapshot_id_reserveren()
            with besluiten_stromen(snapshot, per_id) as uitvoer:
                telling = telregels.bereken_telling(
                    schooljaar=schooljaar, regeling=parameters, uitvoer=uitvoer, **invoer
                )
                _snapshot_inhoud(snapshot, invoer, per_id, sector, telling)
                # Some 300,000 tuples of input and decisions are freed while the server
                # still builds the partition's indexes, rather than after (0.04 s).
                del invoer, per_id, telling
            snapshot_vervangen(huidig, snapshot, gezien)
        else:
            telling = telregels.bereken_telling(
                schooljaar=schooljaar, regeling=parameters, **invoer
            )
            _snapshot_inhoud(snapshot, invoer, per_id, sector, telling)
            snapshot_vervangen(huidig, snapshot, gezien)
            _besluiten_opslaan(snapshot, besluit_rijen(snapshot, invoer["plaatsingen"], telling))
    return snapshot


def _snapshot_inhoud(snapshot, invoer, per_id, sector, telling: telregels.Telling) -> None:
    """A new snapshot's content from its count: the result, warnings and aggregates."""
    snapshot.samenvatting = samenvatting_volledig(
        invoer["plaatsingen"],
        per_id,
        telling.besluiten,
        regio=invoer["regio_van_vestiging"],
        sector=sector,
    )
    snapshot.resultaat = resultaat_json(snapshot.schooljaar, snapshot.parameters, telling)
    snapshot.waarschuwingen = telling.waarschuwingen


def _snapshot_id_reserveren() -> int:
    """The id the next snapshot gets, taken from its identity sequence: its decisions
    refer to it before the row is inserted (their foreign key has no database
    constraint, and both are written in the same transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id'))",
            [TellingSnapshot._meta.db_table],
        )
        return cursor.fetchone()[0]


def snapshot_vervangen(huidig, snapshot, gezien) -> None:
    """Make `snapshot` (unsaved) the current one in `huidig`'s place: `huidig` kept but no
    longer current; its noted changes in `gezien` done, the others (written meanwhile)
    moved to the new one, which then stays stale."""
    if huidig:
        huidig.actueel = False
        huidig.save(update_fields=["actueel"])
        TellingWijziging.objects.filter(pk__in=gezien).delete()
        snapshot.verouderd = TellingWijziging.objects.filter(telling=huidig).exists()
    # An insert, also when the id was reserved beforehand (a plain save would first try
    # an UPDATE of that id).
    snapshot.save(force_insert=True)
    if huidig and snapshot.verouderd:
        TellingWijziging.objects.filter(telling=huidig).update(telling=snapshot)


def besluit_rijen(snapshot, plaatsingen, telling: telregels.Telling | telregels.Deeltelling):
    """The count's decisions as rows of BESLUIT_KOLOMMEN for `snapshot`."""
    rij = besluit_rij(snapshot, {p.id: p for p in plaatsingen})
    return (rij(b) for b in telling.besluiten)


def besluit_rij(snapshot, per_id: dict[int, telregels.PlaatsingInvoer]):
    """A function from a decision to its row of BESLUIT_KOLOMMEN for `snapshot`, its
    placement looked up in `per_id`. The partnerships' ids are read here, before any row
    is written: not while a COPY holds the connection."""
    partnerschap_ids = dict(Partnerschap.objects.values_list("code", "pk"))
    zij = telregels.ZIJ_INSTROOM
    telling_id = snapshot.pk

    def rij(b):
        p = per_id[b.plaatsing_id]
        return (
            telling_id,
            b.plaatsing_id,
            b.status,
            b.geteld_bij,
            b.persoon,
            partnerschap_ids[p.partnerschap],
            p.vestiging_id,
            p.opleidingstype == zij,
            p.afdruk,
        )

    return rij


def besluit_tekst(snapshot, per_id: dict[int, telregels.PlaatsingInvoer]):
    """A function from a block of decisions to their rows of BESLUIT_KOLOMMEN as COPY text
    for `snapshot` (what `besluit_rij` gives, formatted here in one f-string per row:
    0.13 s for 150,000 rows against 0.24 s through psycopg's row writer, issue 17). The
    placement's part of the row (partnership, vestiging, zij-instroom, digest) comes as
    text with a full count's placements (PlaatsingInvoer.besluit_staart, made by the
    server while the placements are read: the rules with this text 0.1 s faster, the read
    0.025 s slower); otherwise it is made here.
    The only text that is not a fixed code is a partnership code: escaped once per code."""
    partnerschap_ids = dict(Partnerschap.objects.values_list("code", "pk"))
    bij = {c: _copy_tekst(c) for c in (*partnerschap_ids, "")}
    zij = {telregels.ZIJ_INSTROOM: "t"}
    leeg = "\\N"
    kop = f"{snapshot.pk}\t"

    def staart(p) -> str:
        return (
            f"{partnerschap_ids[p.partnerschap]}\t"
            f"{leeg if p.vestiging_id is None else p.vestiging_id}\t"
            f"{zij.get(p.opleidingstype, 'f')}\t{leeg if p.afdruk is None else p.afdruk}"
        )

    def tekst(blok) -> str:
        return "".join(
            [
                f"{kop}{i}\t{s}\t{bij[g]}\t{n}\t{p.besluit_staart or staart(p)}\n"
                for i, s, n, g in blok
                for p in (per_id[i],)
            ]
        )

    return tekst


def _copy_tekst(waarde: str) -> str:
    """`waarde` as a field of COPY's text format."""
    for teken, vervanging in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
        waarde = waarde.replace(teken, vervanging)
    return waarde


def _telling_vergrendelen(schooljaar: int, regeling: Regeling) -> None:
    """One count of a year and regeling at a time, until the transaction ends. Without it
    two counts of a year without a snapshot yet (a worker's recount and `demo_data`, or a
    message delivered twice) both found no current snapshot to lock and both inserted one:
    the second failed on een_actuele_telling. The second now waits, then finds the first's
    snapshot with the same fingerprint and returns it. SQLite (make run) writes one
    transaction at a time anyway."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext('subsidie.telling'), %s)",
            [schooljaar * 10_000 + regeling.pk % 10_000],
        )


def samenvatting_volledig(plaatsingen, per_id, besluiten, *, regio, sector) -> dict:
    """The aggregates of a full count (every placement has its one decision): what
    `samenvatting_tellen` makes of them one by one, from counts per vestiging (10,000)
    instead of a step per decision (150,000): 0.05 s against 0.13 s. The tests hold the
    two to each other (tests/subsidie/referentie.py)."""
    dekking: dict = {}
    elders: dict = {}
    alle = Counter(map(attrgetter("vestiging"), plaatsingen))
    geen_lid = Counter(
        per_id[b.plaatsing_id].vestiging for b in besluiten if b.status == telregels.GEEN_LID
    )
    for b in besluiten:
        if b.status == telregels.ELDERS_GETELD:
            partnerschap = per_id[b.plaatsing_id].partnerschap
            if b.geteld_bij != partnerschap:
                elders[partnerschap] = elders.get(partnerschap, 0) + 1
    for vestiging, aantal in alle.items():
        if r := regio.get(vestiging):
            cel = dekking.setdefault(r, {}).setdefault(sector.get(vestiging, ""), [0, 0])
            cel[0] += aantal
            cel[1] += aantal - geen_lid[vestiging]
    return {"dekking": dekking, "elders": elders}


def samenvatting_tellen(samenvatting: dict, rijen, *, regio, sector, teken: int = 1) -> None:
    """Add (teken 1) or take out (-1) decisions, each as (vestiging code, partnership
    code, decision), in the snapshot's aggregates; cells that come to zero go, as a full
    count never makes them."""
    dekking, elders = samenvatting["dekking"], samenvatting["elders"]
    for vestiging, partnerschap, b in rijen:
        if r := regio.get(vestiging):
            per_sector = dekking.setdefault(r, {})
            s = sector.get(vestiging, "")
            cel = per_sector.setdefault(s, [0, 0])
            cel[0] += teken
            if b.status != telregels.GEEN_LID:
                cel[1] += teken
            if cel == [0, 0]:
                del per_sector[s]
                if not per_sector:
                    del dekking[r]
        if b.status == telregels.ELDERS_GETELD and b.geteld_bij != partnerschap:
            n = elders.get(partnerschap, 0) + teken
            if n:
                elders[partnerschap] = n
            else:
                elders.pop(partnerschap, None)


# The decision's own columns first, then those it takes from its placement (a full
# count's read brings those as one text, PlaatsingInvoer.besluit_staart).
BESLUIT_KOLOMMEN = (
    "telling_id",
    "plaatsing_id",
    "status",
    "geteld_bij",
    "persoon",
    "partnerschap_id",
    "vestiging_id",
    "zij_instroom",
    "afdruk",
)


def _partitie_naam(telling_id: int) -> str:
    return f"{TellingBesluit._meta.db_table}_p{int(telling_id)}"


def _copy_sql(tabel: str) -> str:
    return f"COPY {tabel} ({', '.join(BESLUIT_KOLOMMEN)}) FROM STDIN"


def _partitie_aanhangen(cursor, deel: str, telling_id: int) -> None:
    """Attach `deel` as snapshot `telling_id`'s partition. PostgreSQL builds the parent's
    indexes on it here, each in one sorted pass (cheaper than keeping them row by row),
    and takes only a SHARE UPDATE EXCLUSIVE lock on the parent: reads and writes of other
    snapshots go on. Then its statistics: without them the planner guessed and scanned
    all 150,000 rows for each lookup of the next incremental recount (0.03 s a query);
    a sample of 3,000 rows (statistics target 10) costs 0.01 s and is enough for columns
    that are unique or nearly so. DDL fires no trigger, so the page cache is told
    (core/paginacache)."""
    for sql in _aanhang_sql(deel, telling_id):
        cursor.execute(sql)
    paginacache.wijziging_melden(TellingBesluit._meta.db_table)


def _aanhang_sql(deel: str, telling_id: int) -> list[str]:
    tabel = TellingBesluit._meta.db_table
    return [
        f"ALTER TABLE {tabel} ATTACH PARTITION {deel} FOR VALUES IN ({int(telling_id)})",
        "SET LOCAL default_statistics_target = 10",
        f"ANALYZE {deel}",
        "SET LOCAL default_statistics_target TO DEFAULT",
    ]


def _nieuwe_partitie(cursor, deel: str, telling_id: int) -> None:
    """An empty table `deel` for snapshot `telling_id`'s decisions, not yet attached. A
    table of that name can only be left over (snapshot ids are never handed out twice,
    but a flush that restarts the sequences leaves the partitions, empty): it goes."""
    cursor.execute(f"DROP TABLE IF EXISTS {deel}")
    cursor.execute(
        f"CREATE TABLE {deel} (LIKE {TellingBesluit._meta.db_table} "
        "INCLUDING DEFAULTS INCLUDING CONSTRAINTS, "
        f"CHECK (telling_id = {int(telling_id)}))"
    )


@contextmanager
def nieuwe_besluiten_partitie(telling_id: int):
    """A new table for snapshot `telling_id`'s decisions (PostgreSQL), yielded as
    (cursor, table name) to be filled (COPY, INSERT … SELECT); when the block ends it
    becomes the snapshot's partition (migration 0010: 0.3 s for 150,000 decisions,
    against 0.7-1.2 s into the indexed table)."""
    deel = _partitie_naam(telling_id)
    with connection.cursor() as cursor:
        _nieuwe_partitie(cursor, deel, telling_id)
        yield cursor, deel
        _partitie_aanhangen(cursor, deel, telling_id)


@contextmanager
def besluiten_stromen(snapshot, per_id: dict[int, telregels.PlaatsingInvoer]):
    """A full count's decisions into `snapshot`'s new partition (PostgreSQL), yielded as
    a writer `uitvoer(blok)` for telregels.bereken_telling: each block goes out as COPY
    text (besluit_tekst) while the rules work out the next. When the last of the
    placements in `per_id` has its decision (every placement gets exactly one, rule 9),
    the COPY ends and the partition is attached by a thread on this same connection,
    which waits for the server building its indexes (0.2-0.3 s for 150,000 decisions,
    issue 17) while this one finishes the count's totals, warnings and aggregates. The
    block may not use the database after the last decision; the context waits for the
    attach when it ends and raises what it raised. Should fewer decisions come, the COPY
    ends there and the partition is attached then."""
    tekst = besluit_tekst(snapshot, per_id)
    deel = _partitie_naam(snapshot.pk)
    with ExitStack() as stapel:
        cursor = stapel.enter_context(connection.cursor())
        _nieuwe_partitie(cursor, deel, snapshot.pk)
        copy_stapel = stapel.enter_context(ExitStack())
        copy = copy_stapel.enter_context(cursor.cursor.copy(_copy_sql(deel)))
        te_gaan = len(per_id)
        del per_id  # `tekst` holds it until the COPY ends, then lets go (below)
        aanhangen: list[Callable[[], None]] = []  # the wait for the attach, once begun

        def uitvoer(blok):
            nonlocal te_gaan, tekst
            copy.write(tekst(blok))
            te_gaan -= len(blok)
            if te_gaan <= 0 and not aanhangen:
                copy_stapel.close()  # the COPY's end: every row is in
                aanhangen.append(_op_achtergrond(_aanhang_sql(deel, snapshot.pk)))
                tekst = None  # nor does the caller's input stay alive through it

        try:
            yield uitvoer
        except BaseException:
            if aanhangen:  # the attach runs: it ends before the transaction is rolled back
                with suppress(Exception):
                    aanhangen[0]()
            raise
        if not aanhangen:
            copy_stapel.close()
            aanhangen.append(_op_achtergrond(_aanhang_sql(deel, snapshot.pk)))
        aanhangen[0]()
    paginacache.wijziging_melden(TellingBesluit._meta.db_table)


def _op_achtergrond(statements: list[str]) -> Callable[[], None]:
    """Run `statements` on this thread's database connection from another thread, and
    return a function that waits for them and raises what they raised (as Django's
    database errors). The connection is psycopg's own, so Django's execute wrappers and
    query log do not see these statements; its lock keeps them apart from any query of
    this thread meanwhile. The waiting releases the GIL: this thread goes on."""
    verbinding = connection.connection
    fouten: list[BaseException] = []

    def werk():
        try:
            with verbinding.cursor() as cursor:
                cursor.execute("; ".join(statements))  # one round trip, the lock held once
        except BaseException as fout:  # noqa: BLE001 (handed to the waiting thread)
            fouten.append(fout)

    draad = threading.Thread(target=werk, name="telling-aanhangen", daemon=True)
    draad.start()

    def wachten():
        draad.join()
        if fouten:
            with connection.wrap_database_errors:
                raise fouten[0]

    return wachten


def besluiten_partitie(telling_id: int) -> None:
    """Make sure snapshot `telling_id` has its partition before decisions are written to
    it through the parent (an incremental recount updating a snapshot in place; every
    snapshot got one when it was made, or from migration 0010): a row without one is
    refused. Nothing on SQLite (one plain table)."""
    if connection.vendor != "postgresql":
        return
    deel = _partitie_naam(telling_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NULL", [deel])
        if cursor.fetchone()[0]:
            _nieuwe_partitie(cursor, deel, telling_id)
            _partitie_aanhangen(cursor, deel, telling_id)


def besluiten_verwijderen(telling_ids) -> int:
    """Delete every decision of the snapshots `telling_ids` (retention, subsidie/bewaren.py)
    and return how many went. On PostgreSQL each snapshot's partition is dropped: one
    catalog change instead of a deleted row per decision, and no empty table left behind.
    Dropping a partition locks the parent table (ACCESS EXCLUSIVE) until the transaction
    ends, so the caller does it last. DDL fires no trigger: the page cache is told."""
    ids = sorted({int(i) for i in telling_ids})
    if connection.vendor != "postgresql":
        besluiten = TellingBesluit.objects.filter(telling_id__in=ids)
        return besluiten._raw_delete(besluiten.db)
    tabel = TellingBesluit._meta.db_table
    aantal = 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass AND c.relname = ANY(%s)",
            [tabel, [_partitie_naam(i) for i in ids]],
        )
        delen = sorted(r[0] for r in cursor.fetchall())
        for deel in delen:
            cursor.execute(f"SELECT count(*) FROM {deel}")  # noqa: S608 (our own name)
            aantal += cursor.fetchone()[0]
            cursor.execute(f"DROP TABLE {deel}")
    if delen:
        paginacache.wijziging_melden(tabel)
    return aantal


def _besluiten_opslaan(snapshot, rijen) -> None:
    """Write the decisions: COPY on PostgreSQL (150,000 rows in well under a second),
    bulk_create elsewhere (SQLite in `make run`)."""
    if connection.vendor == "postgresql":
        besluiten_partitie(snapshot.pk)
        with connection.cursor() as cursor:
            with cursor.cursor.copy(_copy_sql(TellingBesluit._meta.db_table)) as copy:
                for rij in rijen:
                    copy.write_row(rij)
        return
    TellingBesluit.objects.bulk_create(
        (TellingBesluit(**dict(zip(BESLUIT_KOLOMMEN, rij, strict=True))) for rij in rijen),
        batch_size=5000,
    )


def tellingen_markeer_verouderd(
    *,
    bereik: Bereik,
    soort: str,
    aantal: int = 1,
    plaatsingen: frozenset[int] | None = None,
) -> int:
    """Mark the current counts that `bereik` touches stale, note what changed (`soort`,
    `aantal` rows) and schedule their recount after commit. A school year named in
    `bereik` that has no count yet under its Regeling gets its first one, so whoever
    uploaded sees a count without waiting for a beheerder. With `aantal` 0 (an upload
    that changed nothing) only those first counts are made.

    What changed is noted for the recount as TellingWijziging rows: the ids of the
    placements (`plaatsingen`, when the writer knows them and they are no more than
    hertellen.MAXIMUM), so that only the persons concerned are recounted; for any other
    change one row without a placement, which asks for a full recount.

    Called by subsidie's receiver of `telinvoer_gewijzigd`; the writers announce, they do
    not call this. Side effects: `verouderd` and `wijzigingen` on snapshots,
    TellingWijziging rows; Celery tasks (ids only)."""
    # Only what is needed: the result and aggregates of a national count are large.
    huidig = list(
        TellingSnapshot.objects.filter(actueel=True)
        .only("pk", "schooljaar", "regeling_id", "verouderd", "wijzigingen")
        .order_by("schooljaar", "pk")
    )
    jaren = {s.schooljaar for s in huidig if bereik.raakt(s.schooljaar)}
    paren: set[tuple[int, int]] = set()
    geraakt = [s for s in huidig if s.schooljaar in jaren] if aantal else []
    ids = (
        sorted(plaatsingen)
        if soort == "plaatsing"
        and plaatsingen is not None
        and len(plaatsingen) <= hertellen.MAXIMUM
        else [None]
    )
    TellingWijziging.objects.bulk_create(
        (TellingWijziging(telling=s, plaatsing_id=i) for s in geraakt for i in ids),
        batch_size=5000,
    )
    for snapshot in geraakt:
        snapshot.verouderd = True
        snapshot.wijzigingen = {
            **snapshot.wijzigingen,
            soort: snapshot.wijzigingen.get(soort, 0) + aantal,
        }
        snapshot.save(update_fields=["verouderd", "wijzigingen"])
        paren.add((snapshot.schooljaar, snapshot.regeling_id))
    geteld = {(s.schooljaar, s.regeling_id) for s in huidig}
    for schooljaar in bereik.schooljaren:
        try:
            regeling_id = selectors.regeling_voor(schooljaar).pk
        except Regeling.DoesNotExist:
            continue
        if (schooljaar, regeling_id) not in geteld:
            paren.add((schooljaar, regeling_id))
    for schooljaar, regeling_id in sorted(paren):
        na_commit(tasks.telling_herberekenen, schooljaar, regeling_id)
    return len(geraakt)


def plaatsing_opslaan(*, plaatsing, persoonsnummer: str | None, door):
    """Save one placement from the form. `persoonsnummer` None keeps the stored key,
    "" clears it. Side effects: the row (audited without personal data), keys derived;
    its school year (and the one it left) announced changed (`telinvoer_gewijzigd`)."""
    vorig_jaar = (
        Plaatsing.objects.filter(pk=plaatsing.pk).values_list("schooljaar", flat=True).first()
    )
    plaatsing.student_sleutel = student_sleutel(plaatsing.instituut.code, plaatsing.studentnummer)
    if persoonsnummer is not None:
        plaatsing.persoon_sleutel = persoon_sleutel(persoonsnummer)
    jaren = {plaatsing.schooljaar} | ({vorig_jaar} if vorig_jaar is not None else set())
    with transaction.atomic():
        object_opslaan(obj=plaatsing, door=door)
        telinvoer_melden(
            soort="plaatsing",
            bereik=Bereik(schooljaren=frozenset(jaren)),
            plaatsingen=frozenset({plaatsing.pk}),
        )
    return plaatsing


def plaatsing_verwijderen(*, plaatsing, door) -> None:
    """Delete one placement. Side effects: the delete (audited); its school year
    announced changed."""
    schooljaar, pk = plaatsing.schooljaar, plaatsing.pk
    with transaction.atomic():
        object_verwijderen(obj=plaatsing, door=door)
        telinvoer_melden(
            soort="plaatsing",
            bereik=Bereik(schooljaren=frozenset({schooljaar})),
            plaatsingen=frozenset({pk}),
        )


def plaatsingen_verwijderen(*, partnerschap, schooljaar: int, door) -> int:
    """Delete every placement of a partnership in one school year (a delivery that was
    wrong as a whole). Returns how many. Side effects: plain DELETEs (a Django delete()
    loads every row and writes an audit entry per placement: minutes for 100,000), the
    count's decisions keep their row with the placement emptied, as SET_NULL would; one
    audit entry for the partnership with the number (no personal data), as the import and
    retention write; the school year announced changed with exactly these placements, so
    the recount is incremental."""
    weg = Plaatsing.objects.filter(partnerschap=partnerschap, schooljaar=schooljaar)
    with transaction.atomic(), audit_actor(door):
        ids = frozenset(weg.values_list("pk", flat=True))
        if not ids:
            return 0
        # A decision carries its placement's partnership and belongs to a count of the
        # placement's school year: one index range per count, no join in the UPDATE.
        TellingBesluit.objects.filter(
            telling_id__in=list(
                TellingSnapshot.objects.filter(schooljaar=schooljaar).values_list("pk", flat=True)
            ),
            partnerschap=partnerschap,
            plaatsing__in=weg,
        ).update(plaatsing=None)
        aantal = weg._raw_delete(weg.db)
        samenvatting_vastleggen(
            partnerschap,
            veld="plaatsingen",
            tekst=f"verwijderd: {aantal} plaatsingen van {schooljaar_label(schooljaar)}",
        )
        telinvoer_melden(
            soort="plaatsing",
            bereik=Bereik(schooljaren=frozenset({schooljaar})),
            aantal=aantal,
            plaatsingen=ids if len(ids) <= hertellen.MAXIMUM else None,
        )
    return aantal


def regeling_opslaan(*, regeling: Regeling, door) -> Regeling:
    """Save a Regeling (page or admin). Side effects: the row (audited); every school year
    it covered or covers now announced changed (its parameters are count input)."""
    oud = (
        Regeling.objects.filter(pk=regeling.pk)
        .values_list("eerste_schooljaar", "laatste_schooljaar")
        .first()
    )
    jaren = set(range(regeling.eerste_schooljaar, regeling.laatste_schooljaar + 1))
    if oud:
        jaren |= set(range(oud[0], oud[1] + 1))
    with transaction.atomic():
        object_opslaan(obj=regeling, door=door)
        telinvoer_melden(soort="regeling", bereik=Bereik(schooljaren=frozenset(jaren)))
    return regeling


def telling_aanvragen(*, schooljaar: int, regeling: Regeling, door) -> None:
    """Ask for a recount in the background (the page shows progress by polling the
    snapshot). Side effects: current snapshot marked stale; a Celery task (ids only)."""
    with transaction.atomic():
        huidig = list(
            TellingSnapshot.objects.filter(schooljaar=schooljaar, regeling=regeling, actueel=True)
        )
        TellingSnapshot.objects.filter(pk__in=[s.pk for s in huidig]).update(verouderd=True)
        # Asked for by hand: in full, whatever changed.
        TellingWijziging.objects.bulk_create(
            TellingWijziging(telling=s, plaatsing_id=None) for s in huidig
        )
    na_commit(tasks.telling_herberekenen, schooljaar, regeling.pk)


def verantwoording_aanvragen(*, schooljaar: int, door, partnerschap=None, regio=None):
    """Make a new concept version from the current count (recounting first if the count
    is missing or stale). Side effects: possibly a new snapshot; a Verantwoording row in
    status 'bezig'; after commit a Celery task renders PDF and Excel (id only)."""
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
        na_commit(tasks.verantwoording_maken, verantwoording.pk)
    return verantwoording


def verantwoording_maak(*, verantwoording) -> None:
    """Render a concept's PDF and Excel. Idempotent: a finished one is left alone.
    Side effects: two files under MEDIA_ROOT; checksums and status on the row."""
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
    if verantwoording.status != Verantwoording.Status.CONCEPT:
        raise ValidationError(_("Alleen een concept kan worden vastgesteld."))
    if not verantwoording.telling.actueel:
        raise ValidationError(
            _(
                "Deze versie kan niet worden vastgesteld: er is een nieuwere telling dan dit "
                "concept. Maak eerst een nieuwe conceptversie."
            )
        )
    if verantwoording.telling.verouderd:
        raise ValidationError(
            _(
                "Deze versie kan niet worden vastgesteld: de telling is verouderd (%(wat)s). "
                "De telling wordt opnieuw gemaakt; maak daarna een nieuwe conceptversie."
            )
            % {"wat": selectors.wijzigingen_tekst(verantwoording.telling)}
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


def instituut_opgave_opslaan(*, instituut, partnerschap, schooljaar: int, aantal: int, bron, door):
    """An institute's own figure for a partnership and school year (reconciliation,
    subsidie/afstemming.py), replacing an earlier one. It is not input of the count.

    Side effects: the InstituutOpgave row created or updated; an audit entry."""
    opgave = InstituutOpgave.objects.filter(
        instituut=instituut, partnerschap=partnerschap, schooljaar=schooljaar
    ).first() or InstituutOpgave(
        instituut=instituut, partnerschap=partnerschap, schooljaar=schooljaar
    )
    opgave.aantal = aantal
    opgave.bron = bron
    return object_opslaan(obj=opgave, door=door)


def open_cijfers_vrijgeven(*, regio, schooljaar: int, door):
    """Release a region's current count of `schooljaar` for the open figures (a
    beheerder's decision; adopting every partnership's report releases it too,
    subsidie/open_cijfers.py). A later release replaces an earlier one.

    Side effects: the OpenCijfersVrijgave row created or updated; an audit entry.
    Raises PermissionDenied for anyone but a beheerder, ValidationError without a
    current, up-to-date count."""
    vereist_beheerder(door)
    snapshot = selectors.actuele_telling_of_geen(schooljaar)
    if snapshot is None:
        raise ValidationError(_("Er is nog geen telling van dit schooljaar."))
    if snapshot.verouderd:
        raise ValidationError(_("De telling is verouderd; laat eerst opnieuw tellen."))
    vrijgave = OpenCijfersVrijgave.objects.filter(regio=regio, schooljaar=schooljaar).first()
    vrijgave = vrijgave or OpenCijfersVrijgave(regio=regio, schooljaar=schooljaar)
    vrijgave.telling = snapshot
    vrijgave.vrijgegeven_op = timezone.now()
    vrijgave.vrijgegeven_door = echte_gebruiker(door)
    return object_opslaan(obj=vrijgave, door=door)
