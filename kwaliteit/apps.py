from django.apps import AppConfig


class KwaliteitConfig(AppConfig):
    name = "kwaliteit"
    verbose_name = "Kwaliteit"

    def ready(self):
        from auditlog.registry import auditlog  # noqa: PLC0415 (app registry)

        from . import models  # noqa: PLC0415 (app registry)

        for model in (
            models.Kader,
            models.Waarborg,
            models.Kenmerk,
            models.Zelfevaluatie,
            models.Score,
            models.Bewijsstuk,
            models.Ontwikkelpunt,
        ):
            auditlog.register(model)
