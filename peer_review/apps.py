from celery.schedules import crontab
from django.apps import AppConfig

from regio_portal.core.werk import periodiek


class PeerReviewConfig(AppConfig):
    name = "peer_review"
    verbose_name = "Peer review"

    def ready(self):
        from auditlog.registry import auditlog  # noqa: PLC0415 (app registry)

        from regio_portal.core.info import HulpOnderwerp, registreer_hulp  # noqa: PLC0415

        from . import selectors  # noqa: PLC0415 (app registry)

        registreer_hulp(
            HulpOnderwerp(
                "peer-review",
                "Peer review: het indelen van panels",
                "info/hulp_peer_review.html",
                selectors.hulp_gegevens,
            )
        )

        from . import models, tasks  # noqa: F401, PLC0415 (app registry; tasks: waiting work)

        auditlog.register(models.Cyclus)
        auditlog.register(models.Paarregel)
        auditlog.register(models.Voorstel, exclude_fields=["probleem", "uitkomst"])
        auditlog.register(models.Review, m2m_fields={"bezoekers"})
        periodiek(
            "peer-review-herinneringen",
            taak="peer_review.tasks.herinneringen",
            schema=crontab(hour=7, minute=0),
        )
