"""Settings for Wegweiser, read from the environment.

Development (`make run`) sets DEBUG=1 and WEGWEISER_DEMO=1; everything else is production, which refuses to
start without SECRET_KEY. DATABASE_URL selects PostgreSQL; without it an embedded SQLite file under var/ is
used.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from wegweiser.core.logging import JSON_FORMATTER

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("WEGWEISER_VAR_DIR", BASE_DIR / "var"))


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DEBUG")
DEMO_MODE = env_flag("WEGWEISER_DEMO")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production mode (DEBUG off) refuses to start without a secret key: "
            "set the environment variable SECRET_KEY to a long random value, for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    # Development only: a key kept under var/ so sessions survive a restart.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "dev-secret-key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "wegweiser.core",
    "wegweiser.territory",
    "wegweiser.network",
    "wegweiser.accounts",
    "wegweiser.audit",
    "wegweiser.jobs",
    "wegweiser.casework",
    "wegweiser.language",
    "wegweiser.lagebild",
    "wegweiser.portal",
    "wegweiser.integrationskonzept",
    "wegweiser.lokin",
    "wegweiser.meetings",
    "wegweiser.participation",
    "wegweiser.api",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "ninja",
]

MIDDLEWARE = [
    # Before everything else: an anonymous visitor's kept portal page costs one cache read (portal/page_cache.py).
    "wegweiser.portal.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "wegweiser.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "wegweiser.core.middleware.NoStoreForSignedInMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "wegweiser.accounts.middleware.SecondFactorMiddleware",
    "wegweiser.accounts.middleware.UserLanguageMiddleware",
    "wegweiser.core.page_language.StaffPagesInCompleteLanguagesMiddleware",
    "wegweiser.core.middleware.RefuseBadCharactersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wegweiser.urls"
WSGI_APPLICATION = "wegweiser.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wegweiser.core.context_processors.navigation",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# Database: PostgreSQL via DATABASE_URL in production, an embedded SQLite file by default.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'wegweiser.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; IMMEDIATE takes the write lock at the start of a
    # transaction so two writers queue instead of failing half-way.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Short queries: PostgreSQL's JIT compiler costs some 70 ms before a query whose estimate looks large (the
    # correlated look-ups of the waiting list) and pays off only for long analytical scans.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock-out after repeated failed logins (django-axes), counted per user name and address.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Second factor: roles that see personal data must use TOTP unless this is switched off (demo, tests).
WEGWEISER_REQUIRE_SECOND_FACTOR = env_flag("WEGWEISER_REQUIRE_SECOND_FACTOR", default=not DEBUG)
OTP_TOTP_ISSUER = "Wegweiser"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD")
    if env_flag("BEHIND_TLS_PROXY", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^health$"]

# Languages: German is the default; English complete; Ukrainian, Russian and Arabic for public pages.
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("ar", "العربية"),
]
# Languages every user-visible string must be translated into (enforced by a test).
WEGWEISER_COMPLETE_LANGUAGES = ["de", "en"]
USE_I18N = True
# Our own date formats where Django's do not suit isolated left-to-right dates (Arabic).
FORMAT_MODULE_PATH = ["wegweiser.core.formats"]
USE_TZ = True
TIME_ZONE = "Europe/Berlin"
LANGUAGE_COOKIE_NAME = "wegweiser_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Uploads stay in the request's memory up to this size; files are stored in the database, never on one
# app server's disk, so several app servers can share the work.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "ENQUEUE_ON_COMMIT": True,
    }
}
# A job whose worker has not been seen for this long is marked failed.
WEGWEISER_WORKER_STALE_AFTER = timedelta(seconds=int(os.environ.get("WORKER_STALE_SECONDS", "60")))
WEGWEISER_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("WORKER_HEARTBEAT_SECONDS", "5"))

NINJA_PAGINATION_PER_PAGE = 50

# Structured JSON logs on stdout; LOG_LEVEL tunes the amount.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": JSON_FORMATTER},
    "filters": {"refusals_without_traceback": {"()": "wegweiser.core.logging.RefusalsWithoutTraceback"}},
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["refusals_without_traceback"]}
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's default adds a plain-text console handler to "django" when DEBUG is on (make run): the
        # same line twice, once not as JSON.
        "django": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
    },
}

# Operations (added with the operations tests, core/tests/test_operations.py):
# - HSTS preloading binds the domain and all its subdomains into browsers for months and is slow to undo, so it
#   stays the domain owner's choice (SECURE_HSTS_PRELOAD=1); `check --deploy` need not warn while it is off.
# - The JSON log goes to stdout, as said above (logging.StreamHandler writes to stderr unless told otherwise).
SILENCED_SYSTEM_CHECKS = ["security.W021"]
LOGGING["handlers"]["stdout"]["stream"] = "ext://sys.stdout"

# Migrationszentrum (casework): a closed case is flagged for the data protection officer's retention review
# this many days after closing (default three years); documents larger than the limit are refused.
WEGWEISER_CASE_RETENTION_DAYS = int(os.environ.get("WEGWEISER_CASE_RETENTION_DAYS", str(3 * 365)))
# Who answers for the data (named in the person's export, GDPR Art. 15) and the supervisory authority the
# person may complain to (Art. 77): Lower Saxony's; a district in another Land sets its own.
WEGWEISER_DATA_CONTROLLER = os.environ.get(
    "WEGWEISER_DATA_CONTROLLER", "Landkreis Osnabrück, Migrationszentrum, Am Schölerberg 1, 49082 Osnabrück"
)
WEGWEISER_SUPERVISORY_AUTHORITY = {
    "name": os.environ.get(
        "WEGWEISER_SUPERVISORY_AUTHORITY_NAME", "Die Landesbeauftragte für den Datenschutz Niedersachsen"
    ),
    "address": os.environ.get("WEGWEISER_SUPERVISORY_AUTHORITY_ADDRESS", "Prinzenstraße 5, 30159 Hannover"),
}
WEGWEISER_DOCUMENT_MAX_BYTES = int(os.environ.get("WEGWEISER_DOCUMENT_MAX_BYTES", str(10 * 1024 * 1024)))

# Periodic chores the worker runs with each heartbeat (jobs.services.jobs_housekeeping): dotted paths of
# callables without arguments. Casework deletes readable exports (PDF) a day after they were made and flags
# closed cases whose retention period has run out.
WEGWEISER_HOUSEKEEPING = [
    "wegweiser.casework.services.export_files_expire",
    "wegweiser.casework.services.cases_flag_for_retention_by_the_worker",
    "wegweiser.jobs.services.held_uploads_expire",
    "wegweiser.lagebild.services.own_figures_snapshot_refresh_when_stale",
    "wegweiser.portal.services.submission_counters_expire",
    "wegweiser.casework.services.appointment_requests_expire",
    "wegweiser.network.services.certificate_reminders_send_by_the_worker",
    "wegweiser.lokin.services.report_reminders_send_by_the_worker",
]

# Public portal: its languages in the switcher's order (each one of LANGUAGES, with a catalogue); a district adds
# Dari/Farsi ("fa") or Turkish ("tr") here and in LANGUAGES, with their translations. Public pages may be kept by
# browsers and proxies this many seconds.
WEGWEISER_PORTAL_LANGUAGES = env_list("WEGWEISER_PORTAL_LANGUAGES") or ["de", "en", "uk", "ru", "ar"]
# An appointment request from the portal that nobody closed expires after this many days, contact details and all.
WEGWEISER_APPOINTMENT_REQUEST_DAYS = int(os.environ.get("WEGWEISER_APPOINTMENT_REQUEST_DAYS", "30"))
WEGWEISER_PORTAL_CACHE_SECONDS = int(os.environ.get("WEGWEISER_PORTAL_CACHE_SECONDS", "300"))
# The servers keep a rendered public page for anonymous visitors this many seconds in the shared cache below
# (0 turns it off); an information page edit forgets them at once, offers' free places are at most this old.
WEGWEISER_PORTAL_SERVER_CACHE_SECONDS = int(os.environ.get("WEGWEISER_PORTAL_SERVER_CACHE_SECONDS", "60"))

# "default" stays Django's own per-process cache (nothing relies on it across requests); the portal's pages are
# kept in a database table that every app server shares (created by the portal's migration 0002).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "portal": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_page_cache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
