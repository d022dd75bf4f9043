"""Django for a benchmark entry: call setup() at the top of the entry module, before any
import of a model or of a module that imports one.

setup() points DATABASE_URL at the benchmark's own database (computed from the
DATABASE_URL it finds), sets the given environment, and calls django.setup() with the dev
settings unless DJANGO_SETTINGS_MODULE names others. It does not touch the database:
creating and filling it is the entry's job, in its main()."""

import os

import django

from bench.database import DEFAULT_URL, bench_url


def setup(suffix="_bench", *, collapse=False, environ=None, defaults=None):
    """(url, name, parts) of the bench database, once Django is set up against it."""
    url, name, parts = bench_url(
        os.environ.get("DATABASE_URL", DEFAULT_URL), suffix, collapse=collapse
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alisvest.settings.dev")
    for key, value in (defaults or {}).items():
        os.environ.setdefault(key, value)
    # One log line per request would bury the figures:
    quiet = {"DEBUG": "false", "LOG_LEVEL": "WARNING"}
    os.environ.update({**quiet, **(environ or {}), "DATABASE_URL": url})
    django.setup()
    return url, name, parts
