from django.db import migrations, models

import subsidie.models


def markeer_verouderd(apps, schema_editor):
    """A placement's digest is now stored with it and covers its own columns; the codes
    behind its keys moved into the fingerprint's basis. Current counts have a fingerprint
    made the old way: they are recounted once, in full (an empty basis keeps the
    incremental recount away; an adopted report keeps its own snapshot)."""
    apps.get_model("subsidie", "TellingSnapshot").objects.filter(actueel=True).update(
        verouderd=True, basis_afdruk=""
    )


class Migration(migrations.Migration):
    dependencies = [
        ("subsidie", "0011_besluit_id_cache"),
    ]

    operations = [
        migrations.AddField(
            model_name="plaatsing",
            name="afdruk",
            field=models.GeneratedField(
                db_persist=True,
                expression=subsidie.models.PlaatsingAfdruk(),
                output_field=models.BigIntegerField(),
            ),
        ),
        migrations.RunPython(markeer_verouderd, migrations.RunPython.noop),
    ]
