"""Seeds the three regelingen of formats.md with their stable codes."""

from decimal import Decimal

from django.db import migrations

TYPEN_2019 = ["pabo", "tweedegraads", "eerstegraads", "alo", "ulo"]
TYPEN_2025 = [*TYPEN_2019, "zij_instroom"]

REGELINGEN = [
    {
        "code": "opleidingsscholen-2019",
        "naam": "Regeling tegemoetkoming kosten opleidingsscholen 2019",
        "eerste_schooljaar": 2019, "laatste_schooljaar": 2023,
        "vaste_voet": Decimal("100000.00"), "bedrag_per_student": Decimal("955.00"),
        "bedrag_per_zij_instromer": Decimal("0.00"), "getelde_typen": TYPEN_2019,
        "minimum_per_partnerschap": 60, "minimum_per_regio": None, "status": "definitief",
    },
    {
        "code": "onderwijsregios-2025",
        "naam": "Subsidieregeling landelijk dekkend netwerk onderwijsregio's 2025",
        "eerste_schooljaar": 2024, "laatste_schooljaar": 2025,
        "vaste_voet": Decimal("0.00"), "bedrag_per_student": Decimal("1250.00"),
        "bedrag_per_zij_instromer": Decimal("1250.00"), "getelde_typen": TYPEN_2025,
        "minimum_per_partnerschap": None, "minimum_per_regio": 150, "status": "definitief",
    },
    {
        "code": "onderwijsregios-2026-2029",
        "naam": "Subsidieregeling onderwijsregio's 2026-2029 (bedragen voorlopig)",
        "eerste_schooljaar": 2026, "laatste_schooljaar": 2028,
        "vaste_voet": Decimal("0.00"), "bedrag_per_student": Decimal("1250.00"),
        "bedrag_per_zij_instromer": Decimal("1250.00"), "getelde_typen": TYPEN_2025,
        "minimum_per_partnerschap": None, "minimum_per_regio": 150, "status": "voorlopig",
    },
]


def zaai(apps, schema_editor):
    Regeling = apps.get_model("subsidie", "Regeling")
    for gegevens in REGELINGEN:
        Regeling.objects.update_or_create(
            code=gegevens["code"],
            defaults={**gegevens, "peildatum_maand": 10, "peildatum_dag": 1, "minimum_dagen": 1},
        )


class Migration(migrations.Migration):
    dependencies = [("subsidie", "0001_initial")]
    operations = [migrations.RunPython(zaai, migrations.RunPython.noop)]
