"""Settings shared by every mode. Values come from the environment (django-environ);
a secret can instead be read from a file named by the same variable with a _FILE suffix."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from alisvest.logs import init_sentry

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()


def secret(name, default=environ.Env.NOTSET):
    """NAME, or the contents of the file named by NAME_FILE (Docker/Kubernetes secrets)."""
    path = env.str(f"{name}_FILE", default="")
    if path:
        return Path(path).read_text().strip()
    return env.str(name, default=default)


def database_url(default=environ.Env.NOTSET):
    url = secret("DATABASE_URL", default=default)
    config = env.db_url_config(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise environ.ImproperlyConfigured("DATABASE_URL må peke på PostgreSQL.")
    return config


DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = secret("SECRET_KEY", default="")  # required in production (see production.py)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "alisvest",
    "placements",
    "supervision",
    "funding",
    "research",
    "demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "alisvest.identity",  # HelseID and ID-porten (settings in their own block at the end)
    "guardian",
    "simple_history",
    "django_htmx",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "drf_spectacular_sidecar",  # Swagger UI served locally: no CDN on municipal networks
    "django_prometheus",  # request and response metrics at /metrics (docs/operations.md)
]

MIDDLEWARE = [
    "alisvest.logs.RequestIdMiddleware",  # first: every later log line carries the id
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "alisvest.middleware.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "alisvest.language.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "alisvest.middleware.RequireMfaMiddleware",
    "alisvest.middleware.StaffIdleTimeoutMiddleware",
    "alisvest.middleware.DataErrorIsBadRequestMiddleware",
    "alisvest.middleware.LogDownloadsMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",  # last
]

FORM_RENDERER = "alisvest.forms.DesignsystemetRenderer"
ROOT_URLCONF = "alisvest.urls"
WSGI_APPLICATION = "alisvest.wsgi.application"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {"default": database_url()}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# No JIT: at national scale the planner's cost estimates for the monthly check, the heat map
# and the list pages cross jit_above_cost, and compiling took 1–2 s per query (EXPLAIN
# ANALYZE: "JIT … Total 2002 ms" for a query that runs in 50 ms without it).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = secret("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "alisvest",
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "alisvest.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A strict Content Security Policy: no inline scripts or styles, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # Designsystemet's icons and allauth's TOTP QR code
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "tasks"

# allauth: e-mail login, no open sign-up (users are invited); rate limits and MFA below.
ACCOUNT_ADAPTER = "alisvest.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "ALIS-VEST"
# A code from the step before or after is accepted too (RFC 6238 section 5.2): a phone
# clock a few seconds off, or a code typed as it turns, must not lock a doctor out.
MFA_TOTP_TOLERANCE = 1

# --- Login security (issue 23: no side door, no town locked out, short idle sessions) ---
# A municipality sits behind one address, so failed logins are throttled per account, with
# growing waits (5 wrong in 5 minutes: wait up to 5 minutes; 10 in an hour: up to an hour;
# 20 in a day: up to a day), and per address only far higher, against one machine guessing
# many accounts. The login page says how long to wait (alisvest.adapters.AccountAdapter).
ACCOUNT_RATE_LIMITS = {
    # The load test (bench/loadtest.py) raises "login" for its own server, where 50
    # simulated people sign in from 127.0.0.1 within seconds.
    "login": env.str("LOGIN_RATE_LIMIT", default="120/m/ip"),
    "login_failed": env.str(
        "LOGIN_FAILED_RATE_LIMIT", default="5/5m/key,10/1h/key,20/1d/key,100/5m/ip"
    ),
    "reset_password": "30/m/ip,5/m/key",
}
# Roles that must have a second factor before they see anything: everyone who sees names,
# HPR numbers and money across a municipality or programme.
MFA_REQUIRED_ROLES = env.list(
    "MFA_REQUIRED_ROLES",
    default=["project_leader", "steering_group", "manager", "researcher", "regional_office"],
)
# Everyone who sees other people's personal data is logged out after this long idle
# (alisvest.middleware.StaffIdleTimeoutMiddleware): municipal PCs are shared.
IDLE_LOGOUT_SECONDS = env.int("IDLE_LOGOUT_SECONDS", default=30 * 60)
# Where people report an accessibility problem (the statement at /tilgjengelighet/).
ACCESSIBILITY_CONTACT_EMAIL = env.str(
    "ACCESSIBILITY_CONTACT_EMAIL", default="tilgjengelighet@alisvest.no"
)
# --- end of login security ---

GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("nn", _("Norsk nynorsk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["alisvest.formats"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/designsystemet", BASE_DIR / "node_modules/@digdir/designsystemet-css/dist"),
    ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist"),
    ("vendor/inter", BASE_DIR / "node_modules/@fontsource/inter"),
]
STORAGES = {
    "default": {
        "BACKEND": "alisvest.uploads.PrivateStorage",
        "OPTIONS": {"location": env.path("MEDIA_ROOT", default=BASE_DIR / "var/media")},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Several servers share one set of files: a shared volume as MEDIA_ROOT, or S3-compatible
# object storage (MEDIA_STORAGE=s3). Files are used only through Django's storage API.
if env.str("MEDIA_STORAGE", default="filesystem") == "s3":
    STORAGES["default"] = {"BACKEND": "alisvest.storage.PrivateS3Storage", "OPTIONS": {
        "bucket_name": env.str("S3_BUCKET"),
        "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("S3_REGION", default="") or None,
        "access_key": secret("S3_ACCESS_KEY_ID", default="") or None,
        "secret_key": secret("S3_SECRET_ACCESS_KEY", default="") or None,
        "location": env.str("S3_PREFIX", default=""),
        "addressing_style": env.str("S3_ADDRESSING_STYLE", default="path"),
    }}  # fmt: skip
# Backups (docs/backup.md): where the archives go, and the key that seals them.
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "var/backup")
BACKUP_ENCRYPTION_KEY = secret("BACKUP_ENCRYPTION_KEY", default="")
# Uploads are private: never routed; served only through views that check scope, by
# alisvest.uploads.attachment_response. A system check refuses a MEDIA_ROOT near the static root.
MEDIA_URL = "/private-media/"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ALIS-VEST <noreply@alisvest.no>")
# The site's own address, for links in e-mails sent by the worker (which has no request).
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "alisvest.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "alisvest.authentication.TokenLimits",  # read-only and scoped tokens
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Declared filters only: an unknown parameter or a bad value is a 400 (alisvest/filters.py).
    "DEFAULT_FILTER_BACKENDS": ["alisvest.filters.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "alisvest.pagination.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "alisvest.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ALIS-VEST API",
    "DESCRIPTION": "Programmer, kommuner og legesentre. Samme tilgang som i nettleseren.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

# --- Hardening (issue 24): limits on what a request, an upload and a task may cost -------
# A request body over this size is refused with 413 before a byte of it is read
# (alisvest.middleware.RequestBodyLimitMiddleware); the largest form is an application with
# a few 10 MB attachments. The TLS proxy in front should have the same limit.
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=25 * 1024 * 1024)
# Django's own limits, stated rather than assumed: form fields (not files) in memory, files
# kept in memory before they spill to a temporary file, fields and files per request.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# Office documents are ZIP archives: refused when they would unpack past these limits
# (alisvest.uploads.inflates_too_far). Real DOCX/XLSX files shrink 5-30 times.
UPLOAD_ARCHIVE_MAX_INFLATED_BYTES = 100 * 1024 * 1024
UPLOAD_ARCHIVE_MAX_RATIO = 150
UPLOAD_ARCHIVE_MAX_MEMBERS = 2000
# A task taken by a worker that died unacknowledged (acks_late, reject_on_worker_lost) is
# delivered again after the visibility timeout. Our longest task, a statement PDF or the
# monthly check on the national data set, takes well under a minute, so ten minutes is
# safe; the hard time limit stays below it so a running task is never handed out twice.
# kombu looks for such tasks every restore interval times the throttle (10 x 10 s by
# default): every interval here, a tenth of the timeout, so one comes back within 1.1 x it.
visibility_timeout = env.int("CELERY_VISIBILITY_TIMEOUT", default=600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": visibility_timeout,
    "unacked_restore_interval": max(1, visibility_timeout // 10),
    "unacked_restore_throttle": 1,
}
CELERY_TASK_SOFT_TIME_LIMIT = 480
CELERY_TASK_TIME_LIMIT = 540
# --- end of hardening -----------------------------------------------------------------
from .rooms import *  # noqa: E402, F403 (panels, task sources, beat schedule)

# The national scheme's yearly claim: the auditor's statement (revisorattestasjon) for a year
# is due on this day ("MM-DD") of the year after; reminders go this many days ahead. The
# supervision status of each claimed post comes from the function named here (funding does
# not import supervision): year_status(placement_ids, year) -> {placement id: {"required":
# minutes, "done": minutes, "status": "ok" | "behind" | "deficit"}}.
NATIONAL_CLAIM_AUDIT_DEADLINE = env("NATIONAL_CLAIM_AUDIT_DEADLINE", default="04-01")
NATIONAL_CLAIM_REMINDER_DAYS = (30, 7, 1)
CLAIM_SUPERVISION_STATUS = "supervision.yearly.year_status"


# --- Watching it: logs, metrics, readiness, error reports (docs/operations.md) ------------
# Logs: one line per record on stderr, every line with the request id (alisvest/logs.py).
# LOG_FORMAT=json for a log collector (production's default), plain for people.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "alisvest.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601 in UTC
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}


# --- HelseID and ID-porten (alisvest/identity, docs/identity.md) ---------------------------
# A provider is on when its issuer and client id are set. The private key (a JWK or a PEM)
# signs our client assertions; its public half is registered with the provider.
_HELSEID_SCOPES = " ".join(
    [
        "openid",
        "profile",
        "helseid://scopes/identity/pid",
        "helseid://scopes/identity/hpr_number",
        "helseid://scopes/identity/security_level",
    ]
)
IDENTITY_PROVIDERS = {
    "helseid": {
        "title": "HelseID",
        "issuer": env.str("OIDC_HELSEID_ISSUER", default=""),
        "client_id": env.str("OIDC_HELSEID_CLIENT_ID", default=""),
        "private_key": secret("OIDC_HELSEID_PRIVATE_KEY", default=""),
        "scopes": env.str("OIDC_HELSEID_SCOPES", default=_HELSEID_SCOPES),
    },
    "idporten": {
        "title": "ID-porten",
        "issuer": env.str("OIDC_IDPORTEN_ISSUER", default=""),
        "client_id": env.str("OIDC_IDPORTEN_CLIENT_ID", default=""),
        "private_key": secret("OIDC_IDPORTEN_PRIVATE_KEY", default=""),
        "scopes": env.str("OIDC_IDPORTEN_SCOPES", default="openid profile"),
        "acr_values": env.str("OIDC_IDPORTEN_ACR_VALUES", default="idporten-loa-substantial"),
        "ui_locales": True,
    },
}


def identity_origins(providers):
    """The providers' origins: logout posts to us and we redirect there (RP-initiated
    logout), and CSP's form-action holds for the whole redirect chain of a form."""
    return sorted({"/".join(p["issuer"].split("/")[:3]) for p in providers.values() if p["issuer"]})


CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += identity_origins(IDENTITY_PROVIDERS)
# The key of the national identity numbers' keyed hash; changing it unlinks everyone.
IDENTITY_PID_HASH_KEY = secret("OIDC_PID_HASH_KEY", default="") or SECRET_KEY

# --- Deployment: health checks behind the host check and the HTTPS redirect --------------
# The container health checks and the metrics scraper ask these paths on 127.0.0.1 (or the
# container's own address) over plain http: alisvest/health.py answers them before
# SecurityMiddleware and CommonMiddleware look at the host or the scheme. /metrics is still
# limited to METRICS_ALLOWED_NETWORKS or the METRICS_TOKEN (alisvest/views/health.py).
HEALTH_CHECK_PATHS = ["/healthz", "/readyz", "/metrics"]
# Right after the request id, so even a probe's answer carries one.
MIDDLEWARE.insert(
    MIDDLEWARE.index("alisvest.logs.RequestIdMiddleware") + 1,
    "alisvest.health.HealthCheckMiddleware",
)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
# The worker logs through the same handler (JSON, request id) instead of Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Metrics at /metrics: django-prometheus's, plus ours, read at scrape time.
METRICS_COLLECTORS = [
    "alisvest.metrics.tasks",
    "alisvest.metrics.outbox",
    "alisvest.metrics.last_backup",
    "supervision.metrics.monthly_check",
]
# Who may read /metrics: these networks, or anyone sending "Authorization: Bearer <token>".
METRICS_ALLOWED_NETWORKS = env.list("METRICS_ALLOWED_NETWORKS", default=["127.0.0.1/32", "::1/128"])
METRICS_TOKEN = secret("METRICS_TOKEN", default="")
# /readyz fails when an outbox row has waited longer than this for the broker.
READYZ_OUTBOX_MAX_AGE_MINUTES = env.int("READYZ_OUTBOX_MAX_AGE_MINUTES", default=10)

# Error reports to Sentry (or a compatible service such as GlitchTip) only when a DSN is
# set. No personal data: no user e-mail, IP, cookies, bodies, query strings or locals.
SENTRY_DSN = secret("SENTRY_DSN", default="")
if SENTRY_DSN:
    init_sentry(
        SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("SENTRY_RELEASE", default="") or None,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
