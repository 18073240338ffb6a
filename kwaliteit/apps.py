from django.apps import AppConfig


class KwaliteitConfig(AppConfig):
    name = "kwaliteit"
    verbose_name = "Kwaliteit"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

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
