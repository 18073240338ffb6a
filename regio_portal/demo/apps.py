from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "regio_portal.demo"
    label = "demo"
    verbose_name = "Demogegevens"
