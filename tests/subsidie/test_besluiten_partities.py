"""The count's decisions in a partition per snapshot (migration subsidie 0010, issue 17):
where a full count and an incremental recount put them, what the page cache is told,
what is refused, and the migration both ways with data in it."""

from __future__ import annotations

import threading

import pytest
from django.db import DatabaseError, connection, transaction

from regio_portal.core import paginacache
from subsidie import services
from subsidie.models import TellingBesluit, TellingSnapshot, Verantwoording
from tests.subsidie.test_hertellen import JAAR, Wereld, _importeer

pytestmark = pytest.mark.django_db

TABEL = TellingBesluit._meta.db_table
REGELS = [
    "P-H0,00HH00,41PB,1,,,pabo,2030-09-01,2031-06-30",
    "P-H1,01HH01,41PB,2,,,pabo,2030-09-01,",
    "P-H2,02HH02,42PB,1,,,zij_instroom,2030-10-01,2031-03-01",
    "P-H0,00HH00,42PB,3,,,tweedegraads,2030-08-15,2030-09-01",
]

# The parent's indexes (migration 0010 keeps Django's names).
OUDER_INDEXEN = sorted(
    [
        f"{TABEL}_pkey",
        "subsidie_te_telling_532e92_idx",
        "subsidie_te_telling_b9a479_idx",
        "subsidie_tellingbesluit_plaatsing_id_d8ebbbeb",
    ]
)


def _partities() -> dict[str, str]:
    """Partition name -> its bound, of the decisions' table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
            "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass",
            [TABEL],
        )
        return dict(cursor.fetchall())


def _indexen_van(tabel: str) -> list[str]:
    """The index definitions of `tabel` with the table's name taken out, sorted."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND schemaname = "
            "current_schema()",
            [tabel],
        )
        return sorted(
            r[0].split(" USING ", 1)[1] + (" unique" if "UNIQUE" in r[0] else "")
            for r in cursor.fetchall()
        )


def _ouder_index(tabel: str) -> dict[str, str | None]:
    """Each index of partition `tabel` -> the parent's index it is attached to."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, p.relname FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid "
            "LEFT JOIN pg_inherits i ON i.inhrelid = x.indexrelid "
            "LEFT JOIN pg_class p ON p.oid = i.inhparent WHERE x.indrelid = %s::regclass",
            [tabel],
        )
        return dict(cursor.fetchall())


def _rijen_volgens_statistiek(tabel: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [tabel])
        return cursor.fetchone()[0]


def test_a_full_count_writes_its_decisions_into_a_partition_of_its_own():
    w = Wereld()
    _importeer(REGELS)
    versie_voor = paginacache.versies().get(TABEL, (0, 0))[0]
    snapshot = services.telling_bereken(schooljaar=JAAR, regeling=w.regeling)

    deel = f"{TABEL}_p{snapshot.pk}"
    assert _partities() == {deel: f"FOR VALUES IN ('{snapshot.pk}')"}
    # The rows: one per placement, all in the snapshot's partition.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*), min(telling_id), max(telling_id) FROM {deel}")  # noqa: S608
        assert cursor.fetchone() == (4, snapshot.pk, snapshot.pk)
    assert TellingBesluit.objects.filter(telling=snapshot).count() == 4
    # Its indexes are the parent's (attached to them, built when it was attached).
    assert _indexen_van(deel) == _indexen_van(TABEL)
    assert sorted(_ouder_index(deel).values()) == OUDER_INDEXEN
    # Analysed at once: the next incremental recount's lookups are planned on real
    # figures, not on guesses that scanned every row.
    assert _rijen_volgens_statistiek(deel) == 4
    # Attaching is DDL, which fires no trigger: the page cache was told all the same.
    assert paginacache.versies()[TABEL][0] > versie_voor


def test_an_incremental_recount_into_a_new_snapshot_makes_its_partition_first():
    w = Wereld()
    _importeer(REGELS)
    eerste = services.telling_bereken(schooljaar=JAAR, regeling=w.regeling)
    # A report points at the count: a change is recounted into a new snapshot, whose
    # decisions are the old ones copied plus the recounted ones.
    Verantwoording.objects.create(
        soort=Verantwoording.Soort.PARTNERSCHAP,
        partnerschap=w.partnerschappen[0],
        schooljaar=JAAR,
        versie=1,
        telling=eerste,
    )
    _importeer([REGELS[0].replace("2031-06-30", "2030-09-10"), *REGELS[1:]])
    tweede = services.telling_bereken(schooljaar=JAAR, regeling=w.regeling)

    assert tweede.pk != eerste.pk
    assert _partities() == {
        f"{TABEL}_p{eerste.pk}": f"FOR VALUES IN ('{eerste.pk}')",
        f"{TABEL}_p{tweede.pk}": f"FOR VALUES IN ('{tweede.pk}')",
    }
    assert TellingBesluit.objects.filter(telling=eerste).count() == 4
    assert TellingBesluit.objects.filter(telling=tweede).count() == 4
    # The copied decisions went in before the partition was attached and analysed.
    assert _rijen_volgens_statistiek(f"{TABEL}_p{tweede.pk}") == 3
    assert sorted(_ouder_index(f"{TABEL}_p{tweede.pk}").values()) == OUDER_INDEXEN
    # In place again (no report on the new one): its partition is there, nothing new.
    _importeer(REGELS)
    derde = services.telling_bereken(schooljaar=JAAR, regeling=w.regeling)
    assert derde.pk == tweede.pk
    assert len(_partities()) == 2


def test_a_decision_for_a_snapshot_without_a_partition_is_refused():
    w = Wereld()
    _importeer(REGELS)
    snapshot = services.telling_bereken(schooljaar=JAAR, regeling=w.regeling)
    zonder = TellingSnapshot.objects.create(
        schooljaar=JAAR - 1, regeling=w.regeling, parameters={}, resultaat={}, actueel=False
    )
    besluit = TellingBesluit.objects.filter(telling=snapshot).first()
    besluit.pk, besluit.telling = None, zonder
    with pytest.raises(DatabaseError, match="no partition of relation"), transaction.atomic():
        besluit.save()
    # With its partition made first (as every writer does), the same row goes in.
    services.besluiten_partitie(zonder.pk)
    besluit.save()
    assert TellingBesluit.objects.filter(telling=zonder).count() == 1


def test_the_migration_turns_the_table_back_and_forth_keeping_every_row():
    from importlib import import_module  # noqa: PLC0415 (a migration module)

    migratie = import_module("subsidie.migrations.0010_besluiten_per_telling")
    w = Wereld()
    _importeer(REGELS)
    snapshot = services.telling_bereken(schooljaar=JAAR, regeling=w.regeling)
    leeg = TellingSnapshot.objects.create(
        schooljaar=JAAR - 1, regeling=w.regeling, parameters={}, resultaat={}, actueel=False
    )
    voor = sorted(TellingBesluit.objects.values_list("pk", "telling_id", "plaatsing_id", "status"))
    hoogste = max(r[0] for r in voor)

    with connection.schema_editor() as editor:
        migratie.samenvoegen(None, editor)
    assert _partities() == {}
    assert (
        sorted(TellingBesluit.objects.values_list("pk", "telling_id", "plaatsing_id", "status"))
        == voor
    )
    assert "btree (id) unique" in _indexen_van(TABEL)
    # The identity goes on after the highest id.
    besluit = TellingBesluit.objects.get(pk=hoogste)
    besluit.pk = None
    besluit.save()
    assert besluit.pk == hoogste + 1

    with connection.schema_editor() as editor:
        migratie.partitioneren(None, editor)
    # A partition for every snapshot, also the one without decisions.
    assert sorted(_partities()) == sorted([f"{TABEL}_p{snapshot.pk}", f"{TABEL}_p{leeg.pk}"])
    assert sorted(
        TellingBesluit.objects.values_list("pk", "telling_id", "plaatsing_id", "status")
    ) == sorted([*voor, _rij(besluit)])
    # The sequence goes on after the highest id too, and the table is the parent again.
    besluit.pk = None
    besluit.save()
    assert besluit.pk == hoogste + 2
    assert _indexen_van(f"{TABEL}_p{snapshot.pk}") == _indexen_van(TABEL)


def _rij(besluit) -> tuple:
    return (besluit.pk, besluit.telling_id, besluit.plaatsing_id, besluit.status)


def test_a_partition_left_over_under_a_new_snapshots_id_is_replaced():
    """Snapshot ids are never handed out twice, but a flush that restarts the sequences
    leaves the (emptied) partitions: the next count under such an id replaces it."""
    w = Wereld()
    _importeer(REGELS)
    volgende = services._snapshot_id_reserveren() + 1
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {TABEL}_p{volgende} PARTITION OF {TABEL} FOR VALUES IN ({volgende})"
        )
    snapshot = services.telling_bereken(schooljaar=JAAR, regeling=w.regeling)
    assert snapshot.pk == volgende
    assert TellingBesluit.objects.filter(telling=snapshot).count() == 4
    assert _partities() == {f"{TABEL}_p{volgende}": f"FOR VALUES IN ('{volgende}')"}


def test_besluit_tekst_schrijft_wat_de_rijschrijver_schrijft():
    """The full count formats its COPY rows itself (services.besluit_tekst): read back,
    they are exactly what psycopg's row writer stores from besluit_rij, also for a
    partnership code with COPY's special characters, a placement without vestiging or
    digest, and a zij-instromer."""
    from partnerschappen.models import Partnerschap
    from subsidie import telregels

    vreemd = Partnerschap.objects.create(
        code="P\\a\tb\nc\rd", naam="Vreemd", sector="po", status="erkend"
    )
    gewoon = Partnerschap.objects.create(
        code="P-GEWOON", naam="Gewoon", sector="po", status="erkend"
    )

    def plaatsing(pk, code, soort, vestiging_id, afdruk):
        return telregels.PlaatsingInvoer(
            pk, code, "00AA00", "41PB", "s", "", soort, None, None, afdruk, vestiging_id
        )

    per_id = {
        1: plaatsing(1, vreemd.code, "zij_instroom", 7, -(2**63)),
        2: plaatsing(2, gewoon.code, "pabo", None, None),
        3: plaatsing(3, gewoon.code, "pabo", 8, 2**63 - 1),
    }
    blok = [
        telregels.Besluit(1, telregels.GETELD, 1, vreemd.code),
        telregels.Besluit(2, telregels.ELDERS_GETELD, 1, vreemd.code),
        telregels.Besluit(3, telregels.TE_KORT, 3, ""),
    ]
    snapshot = TellingSnapshot(pk=990_001)
    kolommen = ", ".join(services.BESLUIT_KOLOMMEN)

    def terug(schrijf) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMPORARY TABLE t_tekst (LIKE {TABEL} INCLUDING DEFAULTS)")
            try:
                with cursor.cursor.copy(f"COPY t_tekst ({kolommen}) FROM STDIN") as copy:
                    schrijf(copy)
                cursor.execute(f"SELECT {kolommen} FROM t_tekst ORDER BY plaatsing_id")
                return cursor.fetchall()
            finally:
                cursor.execute("DROP TABLE t_tekst")

    rij = services.besluit_rij(snapshot, per_id)
    verwacht = terug(lambda copy: [copy.write_row(rij(b)) for b in blok])
    assert verwacht == [
        (990_001, 1, "geteld", "P\\a\tb\nc\rd", 1, vreemd.pk, 7, True, -(2**63)),
        (990_001, 2, "elders_geteld", "P\\a\tb\nc\rd", 1, gewoon.pk, None, False, None),
        (990_001, 3, "te_kort", "", 3, gewoon.pk, 8, False, 2**63 - 1),
    ]
    # Made before the COPY: it reads the partnerships' ids, which a COPY in progress
    # would not let it (psycopg waits for the COPY to end).
    tekst = services.besluit_tekst(snapshot, per_id)
    assert terug(lambda copy: copy.write(tekst(blok))) == verwacht


def test_besluit_ids_komen_per_verbinding_in_blokken():
    """Migration 0011: each connection draws decision ids 1,000 at a time, so a COPY of
    150,000 decisions does not take the sequence's lock per row."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT seqcache FROM pg_sequence WHERE seqrelid = %s::regclass",
            [f"{TABEL}_id_seq"],
        )
        assert cursor.fetchone() == (1000,)


def test_the_partition_is_attached_while_the_count_finishes_its_content(monkeypatch):
    """services.besluiten_stromen: the COPY ends with the last placement's decision and
    the partition is attached by a thread before the snapshot's content (totals,
    warnings, aggregates) is made, which the server's index builds then overlap; the
    count waits for it before it writes the snapshot."""
    w = Wereld()
    _importeer(REGELS)
    gebeurd = []
    op_achtergrond, inhoud = services._op_achtergrond, services._snapshot_inhoud

    def achtergrond(statements):
        gebeurd.append(("aanhangen", statements[0].split(" PARTITION ")[0]))
        wachten = op_achtergrond(statements)

        def gewacht():
            wachten()
            gebeurd.append(("gewacht", _partities() != {}))

        return gewacht

    def snapshot_inhoud(*args):
        gebeurd.append(("inhoud", None))
        return inhoud(*args)

    monkeypatch.setattr(services, "_op_achtergrond", achtergrond)
    monkeypatch.setattr(services, "_snapshot_inhoud", snapshot_inhoud)
    snapshot = services.telling_bereken(schooljaar=JAAR, regeling=w.regeling)

    assert gebeurd == [
        ("aanhangen", f"ALTER TABLE {TABEL} ATTACH"),
        ("inhoud", None),
        ("gewacht", True),
    ]
    assert _partities() == {f"{TABEL}_p{snapshot.pk}": f"FOR VALUES IN ('{snapshot.pk}')"}
    assert TellingBesluit.objects.filter(telling=snapshot).count() == 4
    assert _rijen_volgens_statistiek(f"{TABEL}_p{snapshot.pk}") == 4


def test_a_count_that_fails_while_the_partition_is_attached_leaves_nothing(monkeypatch):
    """An error after the COPY ended (here: making the content) waits for the attach,
    then rolls everything back: no snapshot, no partition, and the connection works."""
    w = Wereld()
    _importeer(REGELS)

    def kapot(*args):
        raise RuntimeError("kapot")

    monkeypatch.setattr(services, "_snapshot_inhoud", kapot)
    with pytest.raises(RuntimeError, match="kapot"):
        services.telling_bereken(schooljaar=JAAR, regeling=w.regeling)
    assert not TellingSnapshot.objects.filter(schooljaar=JAAR).exists()
    assert _partities() == {}
    assert not any(t.name == "telling-aanhangen" for t in threading.enumerate())


def test_a_failing_attach_is_raised_as_a_database_error_and_rolled_back(monkeypatch):
    """What the thread's statements raise comes back in the count as Django's database
    error, and the count's transaction is rolled back."""
    w = Wereld()
    _importeer(REGELS)
    monkeypatch.setattr(services, "_aanhang_sql", lambda deel, telling_id: ["SELECT 1 / 0"])
    with pytest.raises(DatabaseError, match="division by zero"):
        services.telling_bereken(schooljaar=JAAR, regeling=w.regeling)
    assert not TellingSnapshot.objects.filter(schooljaar=JAAR).exists()
    assert _partities() == {}


def test_fewer_decisions_than_placements_still_end_the_copy_and_attach():
    """besluiten_stromen ends the COPY at the last placement's decision; should a writer
    hand over fewer, the COPY ends and the partition is attached when the block ends."""
    from subsidie import selectors, telregels

    Wereld()
    _importeer(REGELS)
    per_id = {p.id: p for p in selectors.plaatsingen_invoer(JAAR, alle=True)}
    eerste = min(per_id)
    with transaction.atomic():
        snapshot = TellingSnapshot(pk=services._snapshot_id_reserveren())
        with services.besluiten_stromen(snapshot, per_id) as uitvoer:
            uitvoer([telregels.Besluit(eerste, telregels.TE_KORT, eerste, "")])
        assert _partities() == {f"{TABEL}_p{snapshot.pk}": f"FOR VALUES IN ('{snapshot.pk}')"}
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT plaatsing_id, status FROM {TABEL}_p{snapshot.pk}")  # noqa: S608
            assert cursor.fetchall() == [(eerste, "te_kort")]
        transaction.set_rollback(True)
