from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "regio_portal.core"
    label = "core"
    verbose_name = "Kern"
