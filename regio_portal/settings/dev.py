"""`make run`: SQLite and eager Celery unless DATABASE_URL / REDIS_URL say otherwise."""

import os

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-niet-geheim-" + "x" * 40)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
PSEUDONIEM_SLEUTEL = os.environ.get("PSEUDONIEM_SLEUTEL", "dev-pseudoniem-sleutel")
MFA_SLEUTELS = env_list("MFA_SLEUTEL", "dev-mfa-sleutel-niet-geheim")
