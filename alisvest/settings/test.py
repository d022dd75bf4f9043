import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret-" + "x" * 40
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SITE_URL = "http://testserver"  # the test client's host, so e-mail links can be followed
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Static files come from their sources (the finders), never from collectstatic's output,
# which the smoke test of `make test` leaves in staticfiles/: WhiteNoise indexes every file
# under STATIC_ROOT each time a test client builds its middleware, and with 60 MB collected
# that made each request of the permission matrix six times slower. Nothing writes here.
STATIC_ROOT = BASE_DIR / "var" / "no-static-root"  # noqa: F405

# Each xdist worker and run gets its own cache keys: rate limits must not leak between tests.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
CACHES["default"]["KEY_PREFIX"] = f"test-{_worker}-{os.getpid()}"  # noqa: F405

# Each xdist worker gets its own Celery queue on the shared Redis broker, consumed by the
# in-process worker of tests/conftest.py (celery_worker fixture).
# Web and worker processes that a test starts itself share the queue it names.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TEST_QUEUE") or f"test-{_worker}-{os.getpid()}"

# HelseID and ID-porten: the tests start the local provider themselves
# (tests/alisvest/identity/provider.py) and point IDENTITY_PROVIDERS at it.
IDENTITY_PID_HASH_KEY = "test-only-pid-hash-key"
