from django.apps import AppConfig


class KoppelingenConfig(AppConfig):
    name = "koppelingen"
    verbose_name = "Koppelingen (API voor instituten)"

    def ready(self):
        from auditlog.registry import auditlog  # noqa: PLC0415 (app registry)

        from . import models  # noqa: PLC0415 (app registry)

        # Issuing and revoking a key is audited (never the key itself: only its hash
        # is stored, and that stays out of the log too).
        auditlog.register(models.ApiSleutel, exclude_fields=["sleutel_hash"])
