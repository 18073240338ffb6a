from django.apps import AppConfig


class PeerReviewConfig(AppConfig):
    name = "peer_review"
    verbose_name = "Peer review"

    def ready(self):
        from auditlog.registry import auditlog

        from celery.schedules import crontab

        from regio_portal.core.werk import periodiek

        from . import models, tasks  # noqa: F401  (tasks: waiting work)

        auditlog.register(models.Cyclus)
        auditlog.register(models.Paarregel)
        auditlog.register(models.Voorstel, exclude_fields=["probleem", "uitkomst"])
        auditlog.register(models.Review, m2m_fields={"bezoekers"})
        periodiek(
            "peer-review-herinneringen",
            taak="peer_review.tasks.herinneringen",
            schema=crontab(hour=7, minute=0),
        )
