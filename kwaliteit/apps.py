from django.apps import AppConfig


class KwaliteitConfig(AppConfig):
    name = "kwaliteit"
    verbose_name = "Kwaliteit"

    def ready(self):
        from auditlog.registry import auditlog  # noqa: PLC0415 (app registry)

        from regio_portal.core.info import HulpOnderwerp, registreer_hulp  # noqa: PLC0415

        from . import selectors  # noqa: PLC0415 (app registry)

        registreer_hulp(
            HulpOnderwerp(
                "kwaliteit",
                "Het kwaliteitskader en de zelfevaluatie",
                "info/hulp_kwaliteit.html",
                selectors.hulp_gegevens,
            )
        )

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
