from django.apps import AppConfig


class KwaliteitConfig(AppConfig):
    name = "kwaliteit"
