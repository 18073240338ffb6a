"""The decisions' id sequence hands each connection 1,000 values at a time (issue 17).

A full count COPYs 150,000 decisions whose ids come from the column's default. With the
default CACHE 1 every row took the sequence's lock and every 32nd wrote WAL: 30-100 ms of
the server's share of the COPY, which the count waits for (bench/README.md, fifth pass).
With CACHE 1000 a connection draws from its own block; values a connection did not use
are skipped (gaps), which a surrogate key allows. Nothing on SQLite (`make run`)."""

from django.db import migrations

SEQUENTIE = "subsidie_tellingbesluit_id_seq"


def _cache(waarde: int):
    def zetten(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER SEQUENCE {SEQUENTIE} CACHE {int(waarde)}")

    return zetten


class Migration(migrations.Migration):
    dependencies = [("subsidie", "0010_besluiten_per_telling")]

    operations = [migrations.RunPython(_cache(1000), _cache(1))]
