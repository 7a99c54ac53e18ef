"""Settings for the MVP Portal: one module, everything from the environment.

Embedded defaults run the portal on a laptop with nothing installed (SQLite and
a filesystem Celery broker under ``var/``); ``DATABASE_URL``,
``CELERY_BROKER_URL`` and ``EMAIL_URL`` switch to real services without a code
change. ``DEBUG=0`` turns on the production posture (secure cookies, HSTS, SSL
redirect); ``manage.py check --deploy`` is then expected to print nothing.
"""

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import environ
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-do-not-use-in-production")
else:
    # No default in production: a missing key must stop the process, loudly.
    SECRET_KEY = env.str("SECRET_KEY")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])

# The program's clock: "today" for every calendar rule is today in this zone.
PROGRAM_TIME_ZONE = env.str("PROGRAM_TIME_ZONE", default="UTC")
try:
    ZoneInfo(PROGRAM_TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError) as exc:
    raise ImproperlyConfigured(f"PROGRAM_TIME_ZONE={PROGRAM_TIME_ZONE!r} is not an IANA time zone") from exc

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "django_celery_beat",
    "django_countries",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "mvp_portal.accounts",
    "mvp_portal.notices",
    "mvp_portal.cycles",
    "mvp_portal.jobs",
    "nominations",
    "evaluations",
    "awards",
    "directory",
    "desks",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # What the same caller's last request to the same address read from the cache, read at once.
    "mvp_portal.middleware.ReadAheadMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the cookie of the language menu, else Accept-Language (no URL prefixes).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(); first to ask for the viewer (accounts/viewer.py).
    "mvp_portal.accounts.viewer.ViewerOTPMiddleware",
    # The signed-in person's language, chosen once and kept on their account.
    "mvp_portal.accounts.middleware.AccountLanguageMiddleware",
    # Staff (and those who opted in) give a code before any page.
    "mvp_portal.accounts.middleware.TwoFactorMiddleware",
    # Signed-in responses are never cached; admin date filters never 500.
    "mvp_portal.middleware.NoStoreForSignedInMiddleware",
    "mvp_portal.middleware.AdminDateLookupMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mvp_portal.urls"
WSGI_APPLICATION = "mvp_portal.wsgi.application"

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
                "mvp_portal.accounts.context_processors.roles",
            ],
        },
    },
]

# Database -------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'mvp_portal.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A connection that died under us (database restart) is replaced on the next
# request instead of failing it.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite serialises writers; WAL and a busy timeout keep web, worker and
    # beat from tripping over each other in `make run`.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
    }
elif DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # No JIT compilation: the portal's queries are short, and PostgreSQL compiles any whose
    # estimated cost passes jit_above_cost, which cost the admin's evaluations queue a third of
    # its time at 40,000 MVPs (10-50 ms of compiling per query; bench/NOTES.md).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: CACHE_URL=redis://127.0.0.1:6379/1 in production (Django's own Redis
# backend), shared by every web process and Celery worker: rate limits, sessions
# and the public pages (mvp_portal/public_cache.py). By default a file cache under
# var/cache: embedded, yet shared by `make run`'s web, worker and beat, so that the
# daily run and the announcement (run by the worker) invalidate what web serves.
CACHES = {"default": env.cache_url("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")}
# Keeps deployments (or test runs) sharing one Redis database apart.
CACHES["default"]["KEY_PREFIX"] = env.str("CACHE_KEY_PREFIX", default="")
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Django's backend, keeping its Redis client between calls (mvp_portal/redis_cache.py).
    CACHES["default"]["BACKEND"] = "mvp_portal.redis_cache.RedisCache"
else:
    # Django culls the embedded caches at 300 entries: too few for sessions and public pages.
    CACHES["default"].setdefault("OPTIONS", {})["MAX_ENTRIES"] = env.int("CACHE_MAX_ENTRIES", default=20000)
# How long a rendered public page (directory, profile) is kept; a write invalidates it sooner.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=3600)
# How long a person's home-page items are kept (mvp_portal/attention.py); their writes invalidate them sooner.
ATTENTION_CACHE_SECONDS = env.int("ATTENTION_CACHE_SECONDS", default=600)
# Signed-in pages kept whole per viewer until a table they read is written (mvp_portal/kept_pages.py); 0: off.
KEPT_PAGE_SECONDS = env.int("KEPT_PAGE_SECONDS", default=600)

# People ---------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's model backend; a session's account is read from the cache (accounts/viewer.py).
    "mvp_portal.accounts.viewer.ViewerBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Password reset requests per address and per client address, each per hour.
PASSWORD_RESET_RATE_LIMIT = env.int("PASSWORD_RESET_RATE_LIMIT", default=5)
# Two-factor authentication (django-otp): required for staff, see accounts/two_factor.py.
OTP_TOTP_ISSUER = "MVP Portal"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Sessions are read from the cache, written through to the database: a cache
# flush or a Redis restart signs nobody out. Django's cached_db, read with what
# the request read ahead (accounts/sessions.py).
SESSION_ENGINE = "mvp_portal.accounts.sessions"
# Sessions end after two weeks at most, or when the browser closes if asked.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=int(timedelta(days=14).total_seconds()))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Brute-force protection: lock a (username, address) pair after
# AXES_FAILURE_LIMIT failures, for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A fixed cool-off people can be told about: retrying while locked does not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# One spelling of the address for the lockout (strip + lower-case, as stored), and
# the client address behind TRUSTED_PROXY_COUNT reverse proxies: both computed in
# mvp_portal/accounts/signin.py, the only place axes (and the security log) ask.
AXES_USERNAME_CALLABLE = "mvp_portal.accounts.signin.axes_username"
AXES_CLIENT_IP_CALLABLE = "mvp_portal.accounts.signin.client_address"
# 0: the socket's address (REMOTE_ADDR), X-Forwarded-For ignored. N: N reverse
# proxies, each appending to X-Forwarded-For; the client is the N-th from the right.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")

# Internationalisation -------------------------------------------------------
LANGUAGE_CODE = "en"
# The program's languages; adding one is a translator's job: a catalogue under locale/.
LANGUAGES = [
    ("en", "English"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("fr", "Français"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("pt-br", "Português (Brasil)"),
    ("zh-hans", "简体中文"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our own long and short date forms for English (other languages use Django's locale formats).
FORMAT_MODULE_PATH = ["mvp_portal.formats"]
# The language a visitor chose is kept for a year (signed-in people keep it on their account).
LANGUAGE_COOKIE_AGE = int(timedelta(days=365).total_seconds())
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"  # storage; the program's calendar uses PROGRAM_TIME_ZONE

# Static files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
# Django's form renderer, with selects of hundreds of options written without a template per option.
FORM_RENDERER = "mvp_portal.form_rendering.QuickSelectRenderer"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail -----------------------------------------------------------------------
# EMAIL_URL=smtp://host:port (or smtp+tls://user:pass@host:587) sends for real;
# without it development prints mail to the console.
if "EMAIL_URL" in env:
    globals().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="MVP Portal <mvp-portal@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Award credentials (Open Badges 3.0, awards/credentials.py): the Ed25519
# signing key, a private JWK as JSON or a PKCS#8 PEM. Required in production;
# with DEBUG (a laptop, the tests) and no key, one is generated under var/.
CREDENTIALS_SIGNING_KEY = env.str("CREDENTIALS_SIGNING_KEY", default="", multiline=True)
CREDENTIALS_SIGNING_KEY_FILE = VAR_DIR / "credentials-signing-key.jwk" if DEBUG else None
# After a key change: the former keys' public halves (a JSON list of JWKs), still
# published so that credentials signed with them keep verifying.
CREDENTIALS_RETIRED_PUBLIC_KEYS = env.json("CREDENTIALS_RETIRED_PUBLIC_KEYS", default=[])

# Celery -----------------------------------------------------------------------
CELERY_VISIBILITY_TIMEOUT = 3600
CELERY_FILESYSTEM_DIR = VAR_DIR / "celery"
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    # kombu's filesystem transport: a broker that needs no server.
    for folder in ("out", "processed", "control"):
        (CELERY_FILESYSTEM_DIR / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FILESYSTEM_DIR / "out"),
        "data_folder_out": str(CELERY_FILESYSTEM_DIR / "out"),
        "processed_folder": str(CELERY_FILESYSTEM_DIR / "processed"),
        "control_folder": str(CELERY_FILESYSTEM_DIR / "control"),
        "store_processed": False,
        # Poll the folders often: tasks start promptly and Ctrl-C stops `make run` in a second or two.
        "polling_interval": 0.2,
    }
else:
    # A task not acknowledged within this time is handed to another worker: it
    # must exceed the longest task run (an announcement of 4,000 decisions takes
    # well under a minute) and every countdown or ETA (the notice retries' backoff
    # stops at 600 s), so Redis never hands out a task still running or waiting.
    # Recovery from a dead worker does not wait for it: the job sweeper
    # dispatches a stalled job again after JOB_STALL_AFTER (tests/jobs check the order).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# How long the worker's timer sleeps at most: a warm shutdown waits for it.
CELERY_WORKER_TIMER_PRECISION = 0.2
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# One queue name per deployment (tests give their worker a queue of its own).
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")
# E-mail goes on a queue of its own, "<queue>.notices" (mvp_portal.celery.route_task),
# so that a long job (an announcement resumed, the daily run) is never queued behind
# the thousand notices of its own first chunk: a worker takes from both queues in turn.
CELERY_TASK_ROUTES = ("mvp_portal.celery.route_task",)
CELERY_TASK_QUEUES = [Queue(CELERY_TASK_DEFAULT_QUEUE), Queue(f"{CELERY_TASK_DEFAULT_QUEUE}.notices")]

# Outbox: a notice still queued this long after its last dispatch is sent again
# by the sweeper; one claimed for sending this long ago is taken as abandoned.
NOTICE_REDISPATCH_AFTER = timedelta(seconds=env.int("NOTICE_REDISPATCH_SECONDS", default=60))
NOTICE_STUCK_AFTER = timedelta(seconds=env.int("NOTICE_STUCK_SECONDS", default=600))
NOTICE_MAX_ATTEMPTS = env.int("NOTICE_MAX_ATTEMPTS", default=8)

# Long jobs (mvp_portal/jobs): a running job whose heartbeat (one per committed
# chunk) is older than this has stalled and is dispatched again by the sweeper
# (every minute); after JOB_MAX_RESUMES dispatches it is marked failed instead.
JOB_STALL_AFTER = timedelta(seconds=env.int("JOB_STALL_SECONDS", default=120))
JOB_MAX_RESUMES = env.int("JOB_MAX_RESUMES", default=10)

# Sources (nominations/sources/): feeds, YouTube, GitHub and Sessionize, fetched only from public
# addresses. Loopback is admitted only for the tests' local server; SOURCES_ONLY_LOOPBACK refuses
# everything else (the test suite). The service addresses are settings so tests can serve them.
SOURCES_ALLOW_LOOPBACK = env.bool("SOURCES_ALLOW_LOOPBACK", default=False)
SOURCES_ONLY_LOOPBACK = env.bool("SOURCES_ONLY_LOOPBACK", default=False)
SOURCES_YOUTUBE_FEED_URL = env.str("SOURCES_YOUTUBE_FEED_URL", default="https://www.youtube.com/feeds/videos.xml")
SOURCES_GITHUB_API_URL = env.str("SOURCES_GITHUB_API_URL", default="https://api.github.com")
SOURCES_SESSIONIZE_URL = env.str("SOURCES_SESSIONIZE_URL", default="https://sessionize.com")
# Used for GitHub connections without a token of their own (the unauthenticated limit is 60/hour per server).
SOURCES_GITHUB_TOKEN = env.str("SOURCES_GITHUB_TOKEN", default="")
# Fernet keys for the stored tokens, newest first; empty: a key derived from SECRET_KEY.
SOURCES_TOKEN_KEYS = env.list("SOURCES_TOKEN_KEYS", default=[])

# Security ---------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=int(timedelta(days=365).total_seconds()))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# No inline script or style anywhere: everything comes from our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# The API (/api/v1/) ------------------------------------------------------------
# Bearer personal tokens only (no session: no CSRF), JSON in and out, one error
# shape (api.exceptions), rate limits per token on the cache.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated", "api.permissions.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": [],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "URL_FORMAT_OVERRIDE": None,
}
# "N/second|minute|hour|day" per token: a burst limit and a sustained one.
API_THROTTLE_RATES = {
    "burst": env.str("API_RATE_BURST", default="60/minute"),
    "sustained": env.str("API_RATE_SUSTAINED", default="600/hour"),
}
for _scope, _rate in API_THROTTLE_RATES.items():
    _count, _, _period = _rate.partition("/")
    if not (_count.isdigit() and _period in {"second", "minute", "hour", "day"}):
        raise ImproperlyConfigured(f"API rate {_scope}={_rate!r}: write N/second, N/minute, N/hour or N/day")
SPECTACULAR_SETTINGS = {
    "TITLE": "MVP Portal API",
    "DESCRIPTION": (
        "The contributions API of the MVP Portal: a nominee's or MVP's own dossiers and activities, the activity "
        "types and expertises, and read-only staff queues. Authenticate with a personal access token: "
        "`Authorization: Bearer mvp_…` (create one on your profile's API tokens page)."
    ),
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "DossierStateEnum": "nominations.models.Dossier.State",
        "NominationStateEnum": "nominations.models.Nomination.State",
        "VerdictEnum": ["award", "decline"],
    },
    # Swagger UI from drf-spectacular-sidecar: served by us, not by a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"quiet_client_errors": {"()": "mvp_portal.logging.QuietClientErrors"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["quiet_client_errors"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": env.str("AXES_LOG_LEVEL", default="WARNING")}},
}
