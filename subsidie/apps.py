from celery.schedules import crontab
from django.apps import AppConfig

from regio_portal.core.werk import periodiek


class SubsidieConfig(AppConfig):
    name = "subsidie"
    verbose_name = "Subsidie en telling"

    def ready(self):
        from auditlog.registry import auditlog  # noqa: PLC0415 (app registry)

        from regio_portal.core.info import HulpOnderwerp, registreer_hulp  # noqa: PLC0415

        from . import selectors  # noqa: PLC0415 (app registry)

        registreer_hulp(
            HulpOnderwerp(
                "telling", "Hoe er geteld wordt", "info/hulp_telling.html", selectors.hulp_gegevens
            )
        )

        from . import imports, models, receivers, tasks  # noqa: F401, PLC0415 (app registry; tasks: waiting work)

        auditlog.register(models.Regeling)
        auditlog.register(
            models.Verantwoording, include_fields=["status", "vastgesteld_door", "vastgesteld_op"]
        )
        # Placements: the audit log records who changed a placement, never the student's
        # name or number (personal data stays out of logs).
        auditlog.register(
            models.Plaatsing,
            exclude_fields=["naam", "studentnummer", "student_sleutel", "persoon_sleutel"],
        )
        # An institute's own figures and a release of the open figures: who, when, what.
        auditlog.register(models.InstituutOpgave)
        auditlog.register(models.OpenCijfersVrijgave)
        imports.registreer_soorten()
        receivers.verbind()
        periodiek(
            "bewaartermijn", taak="subsidie.tasks.bewaartermijn", schema=crontab(hour=3, minute=30)
        )
