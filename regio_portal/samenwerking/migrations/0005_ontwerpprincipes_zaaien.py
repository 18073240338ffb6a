"""Seed the current ontwerpprincipes (data/ontwerpprincipes.json) as published version 1,
so a route can be started on any installation. Later versions come through the import
on /beheer/ontwerpprincipes/ and never rewrite this one. Reads the file with the
historical models (the service may change; this step must not)."""

import json
from pathlib import Path

from django.db import migrations
from django.utils import timezone

BESTAND = Path(__file__).resolve().parent.parent / "data" / "ontwerpprincipes.json"


def zaaien(apps, schema_editor):
    Principeversie = apps.get_model("samenwerking", "Principeversie")
    Ontwerpprincipe = apps.get_model("samenwerking", "Ontwerpprincipe")
    Focuspunt = apps.get_model("samenwerking", "Focuspunt")
    gegevens = json.loads(BESTAND.read_text(encoding="utf-8"))
    if Principeversie.objects.filter(naam=gegevens["naam"]).exists():
        return
    versie = Principeversie.objects.create(
        naam=gegevens["naam"],
        versie=1,
        jaar=gegevens["jaar"],
        bron=gegevens["bron"],
        status="gepubliceerd",
        gepubliceerd_op=timezone.now(),
    )
    for p in gegevens["principes"]:
        principe = Ontwerpprincipe.objects.create(
            versie=versie, nummer=p["nummer"], titel=p["titel"], toelichting=p["toelichting"]
        )
        for j, f in enumerate(p["focuspunten"]):
            Focuspunt.objects.create(
                principe=principe, code=f["code"], tekst=f["tekst"], volgorde=j
            )


class Migration(migrations.Migration):
    dependencies = [("samenwerking", "0004_routes")]

    operations = [migrations.RunPython(zaaien, migrations.RunPython.noop)]
