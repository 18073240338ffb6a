from celery.schedules import crontab
from django.apps import AppConfig

from regio_portal.core.werk import periodiek


class SamenwerkingConfig(AppConfig):
    name = "regio_portal.samenwerking"
    label = "samenwerking"
    verbose_name = "Samenwerking in de regio"

    def ready(self):
        from auditlog.registry import auditlog  # noqa: PLC0415 (app registry)

        from . import models, tasks  # noqa: F401, PLC0415 (app registry)

        auditlog.register(models.Bijeenkomst)
        auditlog.register(models.Contactnotitie)
        # Agreements: who recorded which practice or regional agreement, and when.
        auditlog.register(models.AfspraakOnderwerp)
        auditlog.register(models.Praktijk)
        auditlog.register(models.RegionaleAfspraak)
        # Ontwerpprincipes and routes: every version, route part and comment. The frozen
        # Reality is a large derived document; the status change that froze it is logged.
        auditlog.register(models.Principeversie)
        auditlog.register(models.Route, exclude_fields=["realiteit"])
        auditlog.register(models.Ambitie, m2m_fields={"principes", "waarborgen", "bronnen"})
        auditlog.register(models.Analyse)
        auditlog.register(models.Optie)
        auditlog.register(models.Actie)
        auditlog.register(models.RouteOpmerking)
        periodiek(
            "bijeenkomsten",
            taak="regio_portal.samenwerking.tasks.bijeenkomsten_dagelijks",
            schema=crontab(hour=7, minute=15),
        )
