from django.apps import AppConfig


class PartnerschappenConfig(AppConfig):
    name = "partnerschappen"
    verbose_name = "Partnerschappen en organisaties"

    def ready(self):
        from auditlog.registry import auditlog

        from . import imports, models

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
