from celery.schedules import crontab
from django.apps import AppConfig

from regio_portal.core.werk import periodiek


class PartnerschappenConfig(AppConfig):
    name = "partnerschappen"
    verbose_name = "Partnerschappen en organisaties"

    def ready(self):
        from auditlog.registry import auditlog  # noqa: PLC0415 (app registry)

        from . import imports, models, receivers  # noqa: PLC0415 (app registry)

        for model in (
            models.Regio,
            models.Gemeente,
            models.Bestuur,
            models.Vestiging,
            models.Instituut,
            models.Partnerschap,
            models.Lidmaatschap,
            models.Contactpersoon,
            models.Overeenkomst,
            models.Rol,
        ):
            auditlog.register(model)
        imports.registreer_soorten()
        receivers.verbind()
        # Roles carry validity dates; permissions follow them without anyone pressing a
        # button.
        periodiek(
            "rollen-synchroniseren",
            taak="partnerschappen.tasks.rollen_synchroniseren",
            schema=crontab(minute="*/15"),
        )
