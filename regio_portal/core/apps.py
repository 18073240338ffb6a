import datetime as dt

from celery.schedules import crontab
from django.apps import AppConfig
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate

from regio_portal.core.werk import periodiek


class CoreConfig(AppConfig):
    name = "regio_portal.core"
    label = "core"
    verbose_name = "Kern"

    def ready(self):
        from . import tasks  # noqa: F401, PLC0415 (app registry; waiting imports)
        from .paginacache import na_migreren  # noqa: PLC0415 (app registry)
        from .sessies import stempel_bij_aanmelden  # noqa: PLC0415 (app registry)

        user_logged_in.connect(stempel_bij_aanmelden, dispatch_uid="sessie_stempel")
        # Every table gets the write trigger the page cache reads (paginacache.py).
        post_migrate.connect(na_migreren, sender=self, dispatch_uid="paginacache_triggers")
        periodiek(
            "wijzigingen-samenvoegen",
            taak="regio_portal.core.tasks.wijzigingen_samenvoegen",
            schema=crontab(minute="*/10"),
        )
        # Work that waits (queued while Redis was away, lost messages) is queued again.
        periodiek(
            "achterstallig-werk",
            taak="regio_portal.core.tasks.achterstallig_werk",
            schema=crontab(minute="*/5"),
        )
        # Beat's heartbeat for /gezondheid (regio_portal/core/gezondheid.py).
        periodiek(
            "hartslag",
            taak="regio_portal.core.tasks.hartslag",
            schema=dt.timedelta(seconds=settings.BEAT_HARTSLAG_SECONDEN),
        )
