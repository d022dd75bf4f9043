"""People with stories (healthchecks' BaseTestCase): alice manages Bergen, bob manages Stord,
liv leads ALIS-VEST, stein sits in its steering group, erin researches it, carol supervises."""

import fcntl
import hashlib
import tempfile
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings
from django.db import connection
from django.utils import translation

from alisvest.factories import UserFactory
from alisvest.roles import Role, grant_role
from placements.models import Municipality
from placements.municipalities.factories import (
    MedicalCentreFactory,
    ParticipationFactory,
    ProgrammeFactory,
)

PASSWORD = "passord-for-test-1"


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker):
    """One migrated database, cloned for each test worker (PostgreSQL's CREATE DATABASE …
    TEMPLATE takes a second; the migrations take a minute of CPU each time). It is migrated
    again whenever a migration or the data they load changes."""
    worker = getattr(request.config, "workerinput", {}).get("workerid", "main")
    with django_db_blocker.unblock():
        with _lock(f"{connection.settings_dict['NAME']}-template"):
            _migrate_template_once(_migrations_fingerprint())
            clone = connection.creation.get_test_db_clone_settings(worker)["NAME"]
            connection.creation.clone_test_db(suffix=worker, verbosity=0)
        settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = clone
    yield
    with django_db_blocker.unblock():
        connection.close()
        # FORCE: a live server's threads may still hold a connection to the clone.
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{clone}" WITH (FORCE)')


def _migrations_fingerprint():
    root = Path(settings.BASE_DIR)
    files = sorted([*root.glob("*/migrations/*.py"), *root.glob("placements/data/*")])
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return digest.hexdigest()


def _migrate_template_once(fingerprint):
    """The first worker migrates the template and marks it with the migrations'
    fingerprint; the others, and later runs with the same migrations, find it marked."""
    template = f"test_{connection.settings_dict['NAME']}"
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [template],
        )
        row = cursor.fetchone()
    connection.settings_dict["TEST"]["NAME"] = template
    if row and row[0] == fingerprint:
        connection.settings_dict["NAME"] = template
        return
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    with connection.cursor() as cursor:
        cursor.execute(f'COMMENT ON DATABASE "{template}" IS %s', [fingerprint])
    connection.close()


class _lock:
    """An exclusive lock between the test workers of this machine, on a file named `name`."""

    def __init__(self, name):
        self.path = Path(tempfile.gettempdir()) / f"{name}.lock"

    def __enter__(self):
        self.file = self.path.open("w")
        fcntl.flock(self.file, fcntl.LOCK_EX)

    def __exit__(self, *exc):
        fcntl.flock(self.file, fcntl.LOCK_UN)
        self.file.close()


@pytest.fixture(autouse=True)
def _bokmal():
    """Each test starts in the default language: a request that activated another one (the
    person's own, nynorsk or English) must not leak into the next test on this thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in Redis; each test starts without this worker's old ones."""
    from django.conf import settings
    from django.core.cache import cache

    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def wait_for(condition, seconds=10):
    """Poll until the worker has done its part (tasks run in another thread)."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker thread on the real Redis broker, consuming this test run's queue.
    Tasks reach the database through their own connection, so the test must commit: mark it
    django_db(transaction=True) and take municipalities from the `register` fixture."""
    from celery.contrib.testing.worker import start_worker

    from alisvest.celery import app

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


@pytest.fixture
def programme(db):
    return ProgrammeFactory(name="ALIS-VEST", slug="alis-vest")


@pytest.fixture
def register(db):
    """The municipality register. A data migration loads it, but a transactional test's
    flush empties the table for the tests after it on the same worker, so reload if needed."""
    from placements.municipalities.official_register import load_register

    if not Municipality.objects.filter(number="4601").exists():
        load_register(Municipality)
    return Municipality.objects


@pytest.fixture
def bergen(register):
    return register.current().get(number="4601")


@pytest.fixture
def stord(register):
    return register.current().get(number="4614")


@pytest.fixture
def odda_1228(register):
    return register.get(number="1228")


@pytest.fixture
def participating(programme, bergen, stord, odda_1228):
    """Bergen and Stord take part; Odda took part in 2017 and is Ullensvang today."""
    for municipality in (bergen, stord, odda_1228):
        ParticipationFactory(programme=programme, municipality=municipality)


def person(email, name, role, scope=None):
    user = UserFactory(email=email, name=name)
    if role:
        grant_role(user, role, scope)
    return user


@pytest.fixture
def alice(bergen):
    # Health managers and the steering group must use a second factor (MFA_REQUIRED_ROLES).
    return with_totp(person("alice@bergen.kommune.no", "Alice Aas", Role.MANAGER, bergen))


@pytest.fixture
def bob(stord):
    return with_totp(person("bob@stord.kommune.no", "Bob Berg", Role.MANAGER, stord))


@pytest.fixture
def liv(programme):
    return person("liv@bergen.kommune.no", "Liv Leder", Role.PROJECT_LEADER, programme)


@pytest.fixture
def stein(programme):
    return with_totp(person("stein@ks.no", "Stein Styre", Role.STEERING_GROUP, programme))


@pytest.fixture
def erin(programme):
    return person("erin@uib.no", "Erin Eide", Role.RESEARCHER, programme)


@pytest.fixture
def carol(db):
    return person("carol@bergen.kommune.no", "Carol Corneliussen", Role.SUPERVISOR)


@pytest.fixture
def bergen_centre(bergen):
    return MedicalCentreFactory(municipality=bergen, name="Åsane legesenter")


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def with_totp(user):
    """A second factor, as MFA-required roles must have before they see anything."""
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET}
    )
    return user


def totp_code(step=0):
    """The code an authenticator app with TOTP_SECRET shows now (step -1: the one before,
    1: the next; both accepted within settings.MFA_TOTP_TOLERANCE)."""
    counter = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(TOTP_SECRET, counter[len(counter) // 2] + step))


@pytest.fixture
def liv_mfa(liv):
    return with_totp(liv)


@pytest.fixture
def erin_mfa(erin):
    return with_totp(erin)
