"""Settings shared by every environment. Everything that differs comes from the environment.

Variables: DATABASE_URL (default: a SQLite file), REDIS_URL (absent: Celery runs eagerly
and the cache lives in memory), SECRET_KEY, ALLOWED_HOSTS (comma-separated), DEBUG,
PSEUDONIEM_SLEUTEL (HMAC key for person keys, later modules).
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from regio_portal.core.werk import PERIODIEK

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "ja", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "guardian",
    "import_export",
    "auditlog",
    "django_htmx",
    "csp",
    "regio_portal.core",
    "partnerschappen",
    "subsidie",
    "kwaliteit",
    "peer_review",
    "koppelingen",
    "regio_portal.samenwerking",
    # Above every app: composes their demo parts (make run).
    "regio_portal.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "regio_portal.core.kopregels.KopregelsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "regio_portal.core.wachtrij.HuidigVerzoekMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "koppelingen.middleware.ApiGebruikMiddleware",
    "regio_portal.core.sessies.SessieTijdslimietMiddleware",
    "partnerschappen.middleware.MfaVerplichtMiddleware",
]

# Content-Security-Policy (django-csp): only our own scripts and styles, no inline script
# or style, no plugins, no framing, forms post only to us. data: images for the TOTP QR
# code. Checked in a real browser by tests/e2e (no CSP violation on any page visited).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Session limits (ASVS 3.3): enforced server-side by SessieTijdslimietMiddleware; the
# cookie lives as long as the absolute limit.
SESSIE_INACTIEF_MAX = int(os.environ.get("SESSIE_INACTIEF_MAX", 30 * 60))
SESSIE_ABSOLUUT_MAX = int(os.environ.get("SESSIE_ABSOLUUT_MAX", 12 * 60 * 60))
SESSION_COOKIE_AGE = SESSIE_ABSOLUUT_MAX

ROOT_URLCONF = "regio_portal.urls"
WSGI_APPLICATION = "regio_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partnerschappen.context_processors.navigatie",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.Gebruiker"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "start"

# allauth: e-mail login, no open sign-up (accounts are invited), MFA by TOTP.
ACCOUNT_ADAPTER = "regio_portal.core.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# Password or TOTP again (within 5 minutes) before changing the e-mail address; a password
# change asks for the current password; MFA changes always reauthenticate (allauth's
# default); role changes: regio_portal.core.toegang.vereist_herauthenticatie.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# Failed logins: at most 5 per account per 5 minutes (and 10 per minute per client IP),
# counted in the shared cache (Redis when REDIS_URL is set), so every gunicorn worker
# and every node sees the same count. Behind a reverse proxy the client IP is taken
# from X-Forwarded-For, trusting exactly TRUSTED_PROXY_COUNT proxies (docs/operations.md).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
MFA_ADAPTER = "regio_portal.core.mfa.MfaAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Keys that encrypt TOTP secrets and recovery-code seeds at rest (comma-separated; the
# first encrypts, all decrypt: rotation, see docs/operations.md).
MFA_SLEUTELS = env_list("MFA_SLEUTEL", "")
MFA_TOTP_ISSUER = "Regio Portal"
# Roles for which MFA is required before any page but MFA set-up can be reached.
MFA_VERPLICHT_VOOR_ROLLEN = ["beheerder", "kwartiermaker", "bestuurder"]

GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Uploaded files (agreements, import files) are private: never served by URL, only
# streamed by views that check access first.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
# Upload limits checked by our forms (bytes).
MAX_IMPORTBESTAND = 20 * 1024 * 1024
# `manage.py demo_data` creates accounts with a published password: allowed in make run and
# the tests, refused by the production settings unless DEMO_TOEGESTAAN=true (a demo stack).
DEMO_TOEGESTAAN = env_bool("DEMO_TOEGESTAAN", True)
# `manage.py importeer` streams its file; above this it asks for --max-mb (a typo in a
# path can point at a dump of gigabytes).
IMPORT_MAX_MB_OPDRACHTREGEL = int(os.environ.get("IMPORT_MAX_MB_OPDRACHTREGEL", 500))
MAX_OVEREENKOMST = 10 * 1024 * 1024

# Rendered pages kept while the tables they read are unchanged (regio_portal/core/
# paginacache.py): in the process's own memory, as every hit is checked against the
# database. A regional dashboard of 150 partnerships is about 225 kB.
PAGINACACHE = env_bool("PAGINACACHE", True)
PAGINAS_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "paginas",
    "TIMEOUT": 3600,
    "OPTIONS": {"MAX_ENTRIES": 300},
}
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, but a Redis outage degrades (logged) instead of failing
            # every request that touches the cache: regio_portal/core/cache.py.
            "BACKEND": "regio_portal.core.cache.VerdraagzameRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
        "paginas": PAGINAS_CACHE,
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "paginas": PAGINAS_CACHE,
    }
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True

# Nothing lost under faults (regio_portal/core/taken.py): late acks, redelivery when a
# worker dies, and a visibility timeout well above the task time limit.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", 30 * 60))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", 2 * 60 * 60))
}
# Publishing never hangs a request when Redis is away (regio_portal/core/wachtrij.py).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Periodic work is registered by each app from its AppConfig.ready()
# (regio_portal/core/werk.py); beat reads this same dict once Django has started.
CELERY_BEAT_SCHEDULE = PERIODIEK
# Beat keeps its last-run times here; the image points it at a folder its user may write
# (the working directory /app belongs to root there).
CELERY_BEAT_SCHEDULE_FILENAME = os.environ.get(
    "CELERY_BEAT_SCHEDULE_FILENAME", "celerybeat-schedule"
)
# Beat sends a heartbeat this often; a worker stores it and /gezondheid reports "beat"
# (regio_portal/core/gezondheid.py). The stack test sets a few seconds.
BEAT_HARTSLAG_SECONDEN = int(os.environ.get("BEAT_HARTSLAG_SECONDEN", 60))

# Retention (subsidie/bewaren.py, docs/privacy.md): placements are kept this many full
# school years after their school year ended (the fiscal retention term); import files
# that were never imported this many days.
BEWAARTERMIJN_SCHOOLJAREN = int(os.environ.get("BEWAARTERMIJN_SCHOOLJAREN", 7))
# The school years pages accept (?schooljaar=): from this one (the 2019 regeling's first
# year, with room for history) up to this many years after the current one.
# The institutes' API (koppelingen/api.py): requests per key, and the largest request.
# Regional meetings: registrants' names and addresses are emptied this many days after a
# meeting (docs/privacy.md); mails link to the portal at this address.
BIJEENKOMST_BEWAARDAGEN = int(os.environ.get("BIJEENKOMST_BEWAARDAGEN", 90))
PORTAL_BASIS_URL = os.environ.get("PORTAL_BASIS_URL", "http://127.0.0.1:8000/")

# Open figures (docs/open_cijfers.md): cells under this many persons are not published.
OPEN_CIJFERS_DREMPEL = int(os.environ.get("OPEN_CIJFERS_DREMPEL", 10))
API_LIMIET = os.environ.get("API_LIMIET", "120/m")
API_MAX_BYTES = int(os.environ.get("API_MAX_BYTES", 10 * 1024 * 1024))
# How long the API keeps an answer for a retried Idempotency-Key, and the record of uses.
API_IDEMPOTENTIE_DAGEN = int(os.environ.get("API_IDEMPOTENTIE_DAGEN", 30))
API_GEBRUIK_BEWAARDAGEN = int(os.environ.get("API_GEBRUIK_BEWAARDAGEN", 2 * 365))

SCHOOLJAAR_EERSTE = int(os.environ.get("SCHOOLJAAR_EERSTE", 2015))
SCHOOLJAAR_VOORUIT = int(os.environ.get("SCHOOLJAAR_VOORUIT", 5))
IMPORTBESTAND_BEWAARDAGEN = int(os.environ.get("IMPORTBESTAND_BEWAARDAGEN", 30))
INZAGELOG_BEWAARDAGEN = int(os.environ.get("INZAGELOG_BEWAARDAGEN", 2 * 365))

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@regioportal.example")
# Who runs the portal, as the privacy statement, the toegankelijkheidsverklaring and the
# contact page name it.
PORTAL_ORGANISATIE = os.environ.get(
    "PORTAL_ORGANISATIE", "de beheerorganisatie van de Regio Portal"
)
PORTAL_CONTACT_EMAIL = os.environ.get("PORTAL_CONTACT_EMAIL", "servicedesk@regioportal.example")

IMPORT_EXPORT_SKIP_ADMIN_LOG = True

AUDITLOG_INCLUDE_ALL_MODELS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Task results may name ids only, but keep Celery's chatter out of command output.
        # The compose stack's worker and beat say INFO: which task ran where, and when
        # (not CELERY_LOG_LEVEL: Celery sets that variable itself, to a number).
        "celery": {"level": os.environ.get("LOG_LEVEL_CELERY", "WARNING")},
        "weasyprint": {"level": "WARNING"},
        # The in-memory broker of `make run` makes kombu warn about a missing hostname.
        "kombu": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}

# Key for the pseudonymous person keys (HMAC-SHA256 of persoonsnummer and of instituut +
# studentnummer). Changing it changes every key: only with a full re-import.
PSEUDONIEM_SLEUTEL = os.environ.get("PSEUDONIEM_SLEUTEL", "")
MAX_BEWIJSSTUK = 10 * 1024 * 1024
