"""The Celery app. Without REDIS_URL, settings make every task run eagerly in-process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regio_portal.settings.dev")

app = Celery("regio_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
