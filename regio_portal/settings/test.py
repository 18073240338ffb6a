"""`make test`: real PostgreSQL and Redis from DATABASE_URL / REDIS_URL (scripts/test.sh).

Celery runs eagerly here so that views can be tested in one process; one test in
tests/core/test_celery.py runs a real worker against the real Redis broker.
"""

import os
import secrets
import tempfile

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
SECRET_KEY = "test-only-" + "y" * 50
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A real worker started by a test (tests/core/test_storingen.py) runs these settings with
# CELERY_EAGER=0 and the test process's TEST_MEDIA_ROOT.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_EAGER", True)
CELERY_TASK_EAGER_PROPAGATES = True
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="regio-portal-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ACCOUNT_RATE_LIMITS = False
PSEUDONIEM_SLEUTEL = "test-pseudoniem-sleutel"
MFA_SLEUTELS = ["test-mfa-sleutel"]
# Test processes share one Redis (and a developer's Redis outlives a run): keep their
# cache keys (rate limits, used TOTP codes) apart, as their databases are.
if "Redis" in CACHES["default"]["BACKEND"]:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"test-{os.getpid()}-{secrets.token_hex(4)}"  # noqa: F405
