from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "regio_portal.core"
    label = "core"
    verbose_name = "Kern"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .sessies import stempel_bij_aanmelden

        user_logged_in.connect(stempel_bij_aanmelden, dispatch_uid="sessie_stempel")
