"""Production: everything from the environment; refuses to start without a SECRET_KEY."""

import json
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = env_bool("DEBUG", False)
DEMO_TOEGESTAAN = env_bool("DEMO_TOEGESTAAN", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY ontbreekt in de omgeving.")
if not os.environ.get("PSEUDONIEM_SLEUTEL"):
    raise ImproperlyConfigured("PSEUDONIEM_SLEUTEL ontbreekt in de omgeving.")
if not os.environ.get("MFA_SLEUTEL"):
    raise ImproperlyConfigured("MFA_SLEUTEL ontbreekt in de omgeving.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# Static files are served by WhiteNoise from STATIC_ROOT (collectstatic in the image).
MIDDLEWARE = [
    MIDDLEWARE[0],  # noqa: F405
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],  # noqa: F405
]

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# The load balancer probes the health check over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^gezondheid$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# One reverse proxy / load balancer in front of gunicorn unless told otherwise.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Uploads and reports: MEDIA_ROOT on the file system by default. With several nodes that
# folder is shared storage (NFS, CephFS, …) mounted on every web and worker node; or set
# MEDIA_OPSLAG to another Django storage class with its options as JSON in
# MEDIA_OPSLAG_OPTIES (docs/operations.md, "Groter dan één machine").
STORAGES = {
    "default": {
        "BACKEND": os.environ.get("MEDIA_OPSLAG", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": json.loads(os.environ.get("MEDIA_OPSLAG_OPTIES", "{}")),
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# SMTP unless told otherwise (a staging stack may write mail to files:
# EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend, EMAIL_FILE_PATH=…).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
if os.environ.get("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
