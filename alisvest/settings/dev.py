from .base import *  # noqa: F403
from .base import SECRET_KEY, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-" + "x" * 40
# Demo logins should work without an authenticator app; production enforces MFA.
MFA_REQUIRED_ROLES = env.list("MFA_REQUIRED_ROLES", default=[])
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
