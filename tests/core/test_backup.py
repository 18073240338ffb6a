"""make backup / make restore: into a fresh database, the same count and the same report
checksums come back; a damaged backup is refused before anything changes."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from tests.conftest import database_url

ROOT = Path(__file__).resolve().parents[2]


def _make(doel: str, **omgeving) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", doel],
        cwd=ROOT,
        env={**os.environ, **omgeving},
        capture_output=True,
        text=True,
        timeout=300,
    )


def _telling(url: str, media: str) -> dict:
    uit = subprocess.run(
        [sys.executable, "manage.py", "telling", "--schooljaar", "2025-2026", "--format", "json"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "TEST_MEDIA_ROOT": media},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(uit.stdout)


def _verantwoordingen(url: str) -> list[tuple]:
    with psycopg.connect(url.replace("postgres://", "postgresql://")) as c:
        return c.execute(
            "SELECT uuid::text, status, pdf, pdf_sha256, inhoud_sha256 "
            "FROM subsidie_verantwoording ORDER BY versie"
        ).fetchall()


@pytest.fixture
def lege_database():
    naam = f"herstel_{secrets.token_hex(4)}"
    beheer = database_url("postgres").replace("postgres://", "postgresql://")
    with psycopg.connect(beheer, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{naam}"')
    yield database_url(naam)
    with psycopg.connect(beheer, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_a_fresh_database_with_the_same_count_and_checksums(
    wereld, lege_database, tmp_path
):
    from subsidie.services import (
        telling_bereken,
        verantwoording_aanvragen,
        verantwoording_maak,
        verantwoording_vaststellen,
    )

    telling_bereken(schooljaar=2025)
    v = verantwoording_aanvragen(schooljaar=2025, door=None, partnerschap=wereld.partnerschap_a)
    verantwoording_maak(verantwoording=v)
    v.refresh_from_db()
    verantwoording_vaststellen(verantwoording=v, door=wereld.gebruikers["bestuurder"])
    media = str(settings.MEDIA_ROOT)
    bron_url = database_url()
    telling_voor = _telling(bron_url, media)
    verantwoordingen_voor = _verantwoordingen(bron_url)
    assert [r[1] for r in verantwoordingen_voor] == ["vastgesteld"]

    backup = _make("backup", DATABASE_URL=bron_url, MEDIA_ROOT=media, BACKUP_DIR=str(tmp_path))
    assert backup.returncode == 0, backup.stderr
    map_ = Path(backup.stdout.strip().splitlines()[-1])
    assert sorted(p.name for p in map_.iterdir()) == ["SHA256SUMS", "database.dump", "media.tar.gz"]

    hersteld_media = tmp_path / "media-hersteld"

    def herstellen():
        herstel = _make(
            "restore",
            BACKUP=str(map_),
            BEVESTIG="ja",
            DATABASE_URL=lege_database,
            MEDIA_ROOT=str(hersteld_media),
        )
        assert (herstel.returncode, herstel.stderr) == (0, "")

    herstellen()
    assert _telling(lege_database, str(hersteld_media)) == telling_voor
    na = _verantwoordingen(lege_database)
    assert na == verantwoordingen_voor
    # Again, now over a database that has everything, a partition of the count's
    # decisions included (`pg_restore --clean` alone refused to drop its primary key).
    with psycopg.connect(lege_database.replace("postgres://", "postgresql://")) as c:
        # The current count's decisions came back in its own, attached partition.
        (telling_id,) = c.execute(
            "SELECT id FROM subsidie_tellingsnapshot WHERE actueel AND schooljaar = 2025"
        ).fetchone()
        deel = f"subsidie_tellingbesluit_p{telling_id}"
        assert c.execute(
            "SELECT i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = %s::regclass",
            [deel],
        ).fetchone() == ("subsidie_tellingbesluit",)
        besluiten = c.execute(f"SELECT count(*) FROM {deel}").fetchone()[0]  # noqa: S608
        assert besluiten > 0
        assert c.execute(
            "SELECT count(*) FROM subsidie_tellingbesluit WHERE telling_id = %s", [telling_id]
        ).fetchone() == (besluiten,)
        c.execute("UPDATE subsidie_verantwoording SET status = 'kapot'")
    herstellen()
    assert _telling(lege_database, str(hersteld_media)) == telling_voor
    assert _verantwoordingen(lege_database) == verantwoordingen_voor
    for _uuid, _status, pad, pdf_sha256, _inhoud in na:
        inhoud = (hersteld_media / pad).read_bytes()
        assert hashlib.sha256(inhoud).hexdigest() == pdf_sha256
        assert inhoud == (Path(media) / pad).read_bytes()


@pytest.mark.slow
def test_a_damaged_backup_is_refused_and_nothing_changes(tmp_path):
    map_ = tmp_path / "20261122T000000Z"
    map_.mkdir()
    (map_ / "database.dump").write_bytes(b"dump")
    (map_ / "media.tar.gz").write_bytes(b"media")
    subprocess.run(
        "sha256sum database.dump media.tar.gz > SHA256SUMS", shell=True, cwd=map_, check=True
    )
    (map_ / "database.dump").write_bytes(b"dumq")
    media = tmp_path / "media"
    media.mkdir()
    (media / "bestand.pdf").write_bytes(b"%PDF")
    herstel = _make(
        "restore",
        BACKUP=str(map_),
        BEVESTIG="ja",
        DATABASE_URL="postgres://niemand@127.0.0.1:1/niets",
        MEDIA_ROOT=str(media),
    )
    assert herstel.returncode != 0
    assert "beschadigd of onvolledig" in herstel.stderr
    assert [p.name for p in media.iterdir()] == ["bestand.pdf"]


@pytest.mark.slow
def test_restore_asks_before_replacing(tmp_path):
    map_ = tmp_path / "b"
    map_.mkdir()
    for naam in ("database.dump", "media.tar.gz"):
        (map_ / naam).write_bytes(b"x")
    subprocess.run(
        "sha256sum database.dump media.tar.gz > SHA256SUMS", shell=True, cwd=map_, check=True
    )
    herstel = subprocess.run(
        ["scripts/restore.sh"],
        cwd=ROOT,
        env={
            **os.environ,
            "BACKUP": str(map_),
            "DATABASE_URL": "postgres://x@127.0.0.1:1/y",
            "MEDIA_ROOT": str(tmp_path / "m"),
        },
        input="nee\n",
        capture_output=True,
        text=True,
    )
    assert herstel.returncode == 1
    assert "Afgebroken; niets gewijzigd." in herstel.stdout
    assert not (tmp_path / "m").exists()
