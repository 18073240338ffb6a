from celery.schedules import crontab
from django.apps import AppConfig

from regio_portal.core.werk import periodiek


class KoppelingenConfig(AppConfig):
    name = "koppelingen"
    verbose_name = "Koppelingen (API voor instituten)"

    def ready(self):
        from auditlog.registry import auditlog  # noqa: PLC0415 (app registry)

        from . import models  # noqa: PLC0415 (app registry)

        # Issuing and revoking a key is audited (never the key itself: only its hash
        # is stored, and that stays out of the log too).
        auditlog.register(models.ApiSleutel, exclude_fields=["sleutel_hash"])

        from . import tasks  # noqa: F401, PLC0415 (app registry)

        periodiek(
            "api-opruimen", taak="koppelingen.tasks.opruimen", schema=crontab(hour=3, minute=45)
        )
