"""Rapport settings: one module, every value read from the environment.

Each variable is listed in README.md with its default. The defaults make `make run` work on one
machine with nothing else installed (SQLite under var/, an embedded Celery broker, emails written
to var/mail/); production sets DATABASE_URL, REDIS_URL, EMAIL_URL, SECRET_KEY and DEBUG=false.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("RAPPORT_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# Insecure conveniences only while DEBUG is on: without DEBUG a missing key fails loudly.
if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-do-not-deploy")
else:
    SECRET_KEY = env.str("SECRET_KEY")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Absolute links in emails (password reset today, digests later) start with this.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "config.apps.RapportAdminConfig",  # django.contrib.admin, its site scoped per owner
    "config.apps.RapportConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "csp",
    "import_export",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "contacts",
    "interactions",
    "reminders",
    "dashboard",
    "api",
    "portability",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    "accounts.middleware.NoStoreForAuthenticatedMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during authentication into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'rapport.sqlite3'}")}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; the timeout waits out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and authentication ------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out username + address pair never reaches the password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Failed logins are counted per username *and* address together: an attacker elsewhere cannot
# lock the real owner out, and one address cannot guess one account's password forever.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
AXES_VERBOSE = False

# --- Internationalization -------------------------------------------------------------------
LANGUAGE_CODE = "en"
# The database stores UTC; each user's own zone is activated per request from their profile.
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
# Rapport is in English only. Translation machinery left on costs every page without changing a
# word: each date, number and address asks which language is active (a request-local read that
# fails, as no middleware activates one), and each month or day name goes through the catalogs.
# Off, Django's own texts are their English sources, as the English catalogs say anyway; dates
# and numbers are still formatted the English way (formats are localization, not translation).
USE_I18N = False
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
# Third-party front-end code comes from npm (`npm ci` fills node_modules/ at install time); only
# the built files of each package are served, under static/vendor/<package>/.
_NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", _NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", _NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", _NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chart.js", _NODE_MODULES / "chart.js" / "dist"),
    ("vendor/tom-select", _NODE_MODULES / "tom-select" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded photos are private: they are never served from MEDIA_ROOT directly, only through an
# owner-scoped view.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# A contact photo larger than this is refused before Pillow ever decodes it.
PHOTO_MAX_BYTES = env.int("PHOTO_MAX_BYTES", default=5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Email ----------------------------------------------------------------------------------
# Default: each message is written as a file under var/mail/ so `make run` users can read it.
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Rapport <rapport@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-free meta tag; harmless
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline script or style anywhere: every script is a static file, so the policy stays strict.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# --- Celery ---------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
else:
    # One machine, nothing installed: kombu's filesystem transport keeps the queue under var/.
    _queue_dir = VAR_DIR / "celery" / "queue"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "store_processed": False,
        # Broadcast exchanges (worker remote control); kombu's default is ./control.
        "control_folder": str(VAR_DIR / "celery" / "control"),
    }
    # The embedded broker needs its folders before the first message.
    for _folder in (
        _queue_dir,
        VAR_DIR / "celery" / "processed",
        VAR_DIR / "celery" / "control",
    ):
        _folder.mkdir(parents=True, exist_ok=True)
# The queue web and beat send to and workers read. Two installations (or test runs) sharing one
# Redis database keep apart with different names.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")

# The whole beat schedule, in one place. Each entry expires just under its interval so that a
# backlog (a worker that was down) never piles up duplicates of the same tick.
CELERY_BEAT_SCHEDULE = {
    "record that beat is alive": {
        "task": "reminders.tasks.record_beat_heartbeat",
        "schedule": crontab(minute="*"),  # every minute
        "options": {"expires": 50},
    },
    "send the digests that are due": {
        "task": "reminders.digests.tasks.dispatch_due_digests",
        "schedule": crontab(minute="*"),  # every minute
        "options": {"expires": 50},
    },
    "forget digests older than sixty days": {
        "task": "reminders.digests.tasks.forget_old_digests",
        "schedule": crontab(hour=4, minute=40),  # every day at 04:40 UTC
        "options": {"expires": 23 * 60 * 60 + 30 * 60},
    },
    "materialize reminders that came due": {
        "task": "reminders.tasks.materialize_due_reminders",
        "schedule": crontab(minute="*/5"),  # every five minutes
        "options": {"expires": 4 * 60 + 30},
    },
    "repair reminders the rules should have made": {
        "task": "reminders.tasks.repair_reminders",
        "schedule": crontab(hour=3, minute=45),  # every day at 03:45 UTC
        "options": {"expires": 23 * 60 * 60 + 30 * 60},
    },
    "delete expired data exports": {
        "task": "portability.tasks.sweep_exports",
        "schedule": crontab(minute=40),  # every hour at :40
        "options": {"expires": 55 * 60},
    },
    "delete old contact imports": {
        "task": "portability.tasks.sweep_imports",
        "schedule": crontab(hour=4, minute=10),  # every day at 04:10 UTC
        "options": {"expires": 23 * 60 * 60 + 30 * 60},
    },
    "recompute every contact's health": {
        "task": "interactions.tasks.recompute_all_health",
        "schedule": crontab(hour=3, minute=15),  # every day at 03:15 UTC
        "options": {"expires": 23 * 60 * 60 + 30 * 60},
    },
    "count the activity charts' days again": {
        "task": "interactions.tasks.rebuild_activity_days",
        "schedule": crontab(hour=3, minute=30),  # every day at 03:30 UTC
        "options": {"expires": 23 * 60 * 60 + 30 * 60},
    },
}

# The health endpoint (/operations/health/) answers monitors that send this as a bearer token;
# empty: only signed-in staff.
OPERATIONS_TOKEN = env.str("OPERATIONS_TOKEN", default="")

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- REST API (docs/api.md) -------------------------------------------------------------------
REST_FRAMEWORK = {
    # A key in `Authorization: Bearer <key>` for scripts; the session for the browsable API and
    # the docs page, where DRF asks for the CSRF token as a form would.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": env.int("API_PAGE_SIZE", default=50),
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # JSON in and out: nested lists (emails, participants) have no form encoding worth keeping.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Rapport API",
    "DESCRIPTION": "Your contacts, organizations, interactions, events and reminders. "
    "Every request acts as the owner of its key and sees only their rows.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's files come from the drf-spectacular-sidecar package, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.empty_filters_mean_no_filter",
    ],
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# How many rows a list page shows.
PAGE_SIZE = 25

# --- Export, restore and account deletion (README: "Your data") ------------------------------
# A finished export's zip is kept this long for its download, then deleted by the sweep.
EXPORT_KEEP_HOURS = env.int("EXPORT_KEEP_HOURS", default=24)
# The largest export file a restore accepts.
RESTORE_MAX_BYTES = env.int("RESTORE_MAX_BYTES", default=50 * 1024 * 1024)

# --- Contact imports (README: "Importing contacts") -----------------------------------------
# The largest file a contact import accepts (LinkedIn, Google, Outlook, vCard or CSV).
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
# The most rows (contacts or messages) one import reads; a longer file is refused with a message.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=50_000)
# An import (its preview rows, and its file if it was never confirmed) is kept this many days
# after the upload, then deleted by a daily task; the contacts it made stay.
IMPORT_KEEP_DAYS = env.int("IMPORT_KEEP_DAYS", default=30)
