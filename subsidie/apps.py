from django.apps import AppConfig


class SubsidieConfig(AppConfig):
    name = "subsidie"
