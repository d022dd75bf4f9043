"""Two data sizes in one process: the demo-size and the national database side by side.

Each size has its own connection (kept open, so neither pays for a new backend per request)
and its own cache key prefix (so a summary cached from one size is never served for the
other, and a session exists only where its user does). `use(size)` swaps both in for the
code under measurement: Django looks connections and caches up per thread on every use.

Needs Django set up (bench/django_setup.py) before it is imported."""

import contextlib
import copy

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import load_backend

SMALL, NATIONAL = "small", "national"


class Sizes:
    def __init__(self, names):
        """names: {size: database name} on the server of the default database."""
        base = connections.settings[DEFAULT_DB_ALIAS]
        backend = load_backend(base["ENGINE"])
        self.wrappers = {}
        for size, name in names.items():
            settings_dict = copy.deepcopy(base)
            settings_dict["NAME"] = name
            self.wrappers[size] = backend.DatabaseWrapper(settings_dict, DEFAULT_DB_ALIAS)
        self.prefix = caches["default"].key_prefix

    @contextlib.contextmanager
    def use(self, size):
        """Everything inside runs against the size's database and cache keys."""
        before = connections[DEFAULT_DB_ALIAS]
        connections[DEFAULT_DB_ALIAS] = self.wrappers[size]
        caches["default"].key_prefix = f"{self.prefix}-bench-{size}"
        try:
            yield
        finally:
            connections[DEFAULT_DB_ALIAS] = before
            caches["default"].key_prefix = self.prefix

    def close(self):
        for wrapper in self.wrappers.values():
            wrapper.close()
