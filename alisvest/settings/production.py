from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)  # noqa: F405
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

if len(SECRET_KEY) < 50:  # noqa: F405
    raise ImproperlyConfigured(
        "Set SECRET_KEY (or SECRET_KEY_FILE) to at least 50 random characters."
    )

# --- Deployment (docs/configuration.md, docker-compose.yml) -------------------------------
# Beat keeps its schedule in the database: administrators see and change it in the admin,
# nothing is written to the (read-only) container, and CELERY_BEAT_SCHEDULE is loaded into it
# at start. Only in production: make run and make test keep beat's default file schedule.
INSTALLED_APPS = [*INSTALLED_APPS, "django_celery_beat"]  # noqa: F405
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Forms posted through the TLS proxy: the site's own origin unless told otherwise.
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])  # noqa: F405
# E-mail over TLS unless the operator says otherwise: smtp:// gets STARTTLS, smtps:// (or
# smtp+ssl://) implicit TLS; EMAIL_USE_TLS=false for a relay on the same host only.
# EMAIL_URL carries the SMTP password, so it may come from a file too (EMAIL_URL_FILE).
EMAIL_CONFIG = env.email_url_config(secret("EMAIL_URL", default="smtp+tls://localhost:587"))  # noqa: F405
vars().update(EMAIL_CONFIG)
if not EMAIL_CONFIG.get("EMAIL_USE_SSL"):
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)  # noqa: F405

# Logs for a log collector: JSON unless LOG_FORMAT says otherwise (docs/operations.md).
LOG_FORMAT = env.str("LOG_FORMAT", default="json")  # noqa: F405
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # noqa: F405
