"""Encrypt MFA secrets that were stored before MfaAdapter encrypted them."""

from django.db import migrations


def versleutelen(apps, schema_editor):
    from regio_portal.core.mfa import versleutel_data

    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.all():
        data, gewijzigd = versleutel_data(authenticator.data)
        if gewijzigd:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def ontsleutelen(apps, schema_editor):
    from regio_portal.core.mfa import is_versleuteld, ontsleutel

    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.all():
        data = dict(authenticator.data)
        for veld in ("secret", "seed"):
            if is_versleuteld(data.get(veld)):
                data[veld] = ontsleutel(data[veld])
        if isinstance(data.get("migrated_codes"), list):
            data["migrated_codes"] = [
                ontsleutel(c) if is_versleuteld(c) else c for c in data["migrated_codes"]
            ]
        authenticator.data = data
        authenticator.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(versleutelen, ontsleutelen)]
