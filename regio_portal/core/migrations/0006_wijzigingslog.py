"""The write log behind the page cache (regio_portal/core/paginacache.py): a table, and
the trigger function every table's statement-level trigger calls. The triggers
themselves are made by `paginacache.zorg_voor_triggers` after every migrate, so tables of
later migrations get theirs too. PostgreSQL only (elsewhere the page cache is off)."""

from django.db import migrations

MAKEN = """
CREATE TABLE core_wijziging (
    id bigserial PRIMARY KEY,
    tabel text NOT NULL,
    gewicht bigint NOT NULL DEFAULT 1
);
CREATE OR REPLACE FUNCTION core_wijziging_melden() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO core_wijziging (tabel) VALUES (TG_TABLE_NAME);
    RETURN NULL;
END
$$;
"""

WEG = """
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
             WHERE t.tgname = 'core_wijziging' LOOP
        EXECUTE format('DROP TRIGGER core_wijziging ON %I', r.relname);
    END LOOP;
END
$$;
DROP FUNCTION IF EXISTS core_wijziging_melden();
DROP TABLE IF EXISTS core_wijziging;
"""


def maken(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(MAKEN)


def weg(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(WEG)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_importbestand_effect")]

    operations = [migrations.RunPython(maken, weg)]
