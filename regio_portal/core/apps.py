from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "regio_portal.core"
    label = "core"
    verbose_name = "Kern"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .sessies import stempel_bij_aanmelden

        from celery.schedules import crontab

        from . import tasks  # noqa: F401  (registers the waiting imports)
        from .werk import periodiek

        user_logged_in.connect(stempel_bij_aanmelden, dispatch_uid="sessie_stempel")
        # Work that waits (queued while Redis was away, lost messages) is queued again.
        periodiek(
            "achterstallig-werk",
            taak="regio_portal.core.tasks.achterstallig_werk",
            schema=crontab(minute="*/5"),
        )
