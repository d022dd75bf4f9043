from .base import *  # noqa: F403
from .base import SECRET_KEY, env

# The product's own 404 and 500 pages, as people will see them; Django's technical pages
# (with the URL list) only when a developer sets DEBUG=1.
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-" + "x" * 40
# Demo logins should work without an authenticator app; production enforces MFA.
MFA_REQUIRED_ROLES = env.list("MFA_REQUIRED_ROLES", default=[])
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Without DEBUG runserver serves no static files: WhiteNoise serves them straight from the
# source folders (no collectstatic), picking up edits.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
