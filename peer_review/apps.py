from django.apps import AppConfig


class PeerReviewConfig(AppConfig):
    name = "peer_review"
    verbose_name = "Peer review"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Cyclus)
        auditlog.register(models.Paarregel)
        auditlog.register(models.Voorstel, exclude_fields=["probleem", "uitkomst"])
        auditlog.register(models.Review, m2m_fields={"bezoekers"})
