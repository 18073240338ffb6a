"""The Regio Portal project package: settings, URLs, the Celery app and core/."""

from .celery import app as celery_app

__all__ = ["celery_app"]
