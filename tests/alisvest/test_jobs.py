"""Jobs that survive faults: a worker killed in the middle of the grant statements, and a
broker that is unreachable when a supervision session is logged. Real Redis, real workers."""

import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from alisvest.celery import app
from alisvest.factories import UserFactory
from alisvest.models import OutboxMessage
from alisvest.roles import Role, grant_role
from alisvest.tasks import durable_task
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from tests.conftest import wait_for

UNREACHABLE = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused


def test_every_task_acknowledges_late_and_retries_on_connection_errors():
    from django.db import InterfaceError, OperationalError

    app.loader.import_default_modules()
    ours = [t for name, t in app.tasks.items() if not name.startswith("celery.")]
    assert len(ours) >= 8
    for task in ours:
        assert task.acks_late and task.reject_on_worker_lost, task.name
        for error in (OperationalError, InterfaceError, ConnectionError):
            assert issubclass(error, tuple(task.autoretry_for)), (task.name, error)
        assert task.retry_backoff and task.max_retries, task.name
    assert settings.CELERY_TASK_ACKS_LATE
    assert "alisvest.tasks.relay_outbox" in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }


def test_durable_task_keeps_explicit_options():
    @durable_task(max_retries=2, name="tests.example")
    def example():
        return 1

    assert (example.max_retries, example.acks_late) == (2, True)


# --- Broker unreachable while a session is logged ----------------------------------------


@pytest.fixture
def session_setup(programme, bergen_centre, carol):
    # Dan hears of each session at once (an ALIS's default is the daily digest).
    dan = UserFactory(email="dan@example.no", name="Dan Dale", email_frequency="each")
    grant_role(dan, Role.ALIS)
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Dan Dale", user=dan),
        centre=bergen_centre,
        start=timezone.localdate() - timedelta(days=100),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    return placement


def log_session(client, placement):
    return client.post(
        reverse("supervision:session_create", args=[placement.pk]),
        {
            "date": timezone.localdate().isoformat(),
            "minutes": "60",
            "kind": "individuell",
            "topics": "Sykmeldinger",
        },
    )


@pytest.mark.django_db(transaction=True)
def test_session_logged_while_the_broker_is_down_is_notified_once_it_is_back(
    celery_worker, client_for, carol, session_setup, monkeypatch
):
    # The web side cannot reach the broker (a real refused connection); the worker can.
    monkeypatch.setitem(app.conf, "broker_write_url", UNREACHABLE)
    started = time.monotonic()
    response = log_session(client_for(carol), session_setup)
    assert response.status_code == 302  # the request still succeeds
    assert time.monotonic() - started < 5  # and is not held up by publish retries
    [message] = OutboxMessage.objects.all()
    assert message.task == "supervision.tasks.send_session_logged"
    assert message.sent_at is None and message.attempts == 1 and message.last_error
    time.sleep(0.5)
    assert mail.outbox == []

    # The broker is back: beat's next relay_outbox sends what is pending.
    monkeypatch.delitem(app.conf, "broker_write_url")
    from alisvest.tasks import relay_outbox

    relay_outbox.delay()
    assert wait_for(lambda: len(mail.outbox) == 1), "the notification never went out"
    assert mail.outbox[0].to == ["dan@example.no"]
    assert "Bekreft veiledningstimen" in mail.outbox[0].subject
    message.refresh_from_db()
    assert message.sent_at is not None

    # A second relay, or a second delivery of the task, sends nothing more.
    relay_outbox.delay()
    from supervision.tasks import send_session_logged

    send_session_logged.delay(message.args[0])
    time.sleep(1.5)
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_up_the_notification_is_sent_right_after_commit(
    celery_worker, client_for, carol, session_setup
):
    assert log_session(client_for(carol), session_setup).status_code == 302
    assert wait_for(lambda: len(mail.outbox) == 1)
    assert OutboxMessage.objects.get().sent_at is not None


# --- A worker killed in the middle of the grant statements ------------------------------


def worker_process(tmp_path, name, media, mail_dir, queue):
    """A real `celery worker` in its own process, on this test's database and queue."""
    module = tmp_path / f"{name}_settings.py"
    module.write_text(
        "from alisvest.settings.test import *  # noqa\n"
        f"DATABASES['default']['NAME'] = {connection.settings_dict['NAME']!r}\n"
        f"CELERY_TASK_DEFAULT_QUEUE = {queue!r}\n"
        "CELERY_BROKER_TRANSPORT_OPTIONS = {'visibility_timeout': 3,"
        " 'unacked_restore_interval': 1, 'unacked_restore_throttle': 1}\n"
        "EMAIL_BACKEND = 'django.core.mail.backends.filebased.EmailBackend'\n"
        f"EMAIL_FILE_PATH = {str(mail_dir)!r}\n"
        "STORAGES = {**STORAGES, 'default': {'BACKEND':"
        " 'django.core.files.storage.FileSystemStorage',"
        f" 'OPTIONS': {{'location': {str(media)!r}}}}}}}\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": f"{tmp_path}{os.pathsep}{settings.BASE_DIR}",
        "DJANGO_SETTINGS_MODULE": f"{name}_settings",
    }
    log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "alisvest", "worker", "--pool=solo", "-Q", queue]
        + ["--without-mingle", "--without-gossip", "--loglevel=INFO", "-n", f"{name}@%h"],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process, sig=signal.SIGTERM):
    if process.poll() is None:
        os.killpg(process.pid, sig)
        process.wait(timeout=30)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_job_leaves_every_statement_exactly_once(tmp_path, programme, register):
    from funding import tasks
    from funding.factories import ExpenseFactory, GrantSchemeFactory
    from funding.models import GrantStatement
    from placements.municipalities.factories import ParticipationFactory

    year = timezone.localdate().year - 1
    GrantSchemeFactory(programme=programme)
    municipalities = list(register.current().filter(county="Vestland").order_by("number")[:5])
    managers = {}
    for municipality in municipalities:
        ParticipationFactory(programme=programme, municipality=municipality)
        placement = PlacementFactory(
            doctor=DoctorFactory(programme=programme),
            centre=MedicalCentreFactory(municipality=municipality),
            start=date(year, 1, 1),
        )
        ExpenseFactory(placement=placement, year=year, amount=Decimal(50_000))
        manager = UserFactory(email=f"leder-{municipality.number}@example.no")
        grant_role(manager, Role.MANAGER, municipality)
        managers[municipality.pk] = manager.email

    media, mail_dir = tmp_path / "media", tmp_path / "mail"
    media.mkdir()
    mail_dir.mkdir()
    queue = app.conf.task_default_queue
    first = worker_process(tmp_path, "first", media, mail_dir, queue)
    second = None
    try:
        run = tasks.start_run(year, by=None, programmes=[programme.pk])
        assert run.total == 5
        done = GrantStatement.objects.filter(year=year).exclude(pdf_generated_at=None)
        assert wait_for(lambda: done.exists(), seconds=60), (tmp_path / "first.log").read_text()
        stop(first, signal.SIGKILL)  # in the middle: at least one done, the rest not
        assert done.count() < 5

        # A new worker picks up the killed one's unacknowledged task and the waiting ones,
        # and the beat job runs again on top.
        second = worker_process(tmp_path, "second", media, mail_dir, queue)
        tasks.issue_previous_year.delay()
        everything_sent = GrantStatement.objects.filter(year=year, emailed_at=None)
        assert wait_for(lambda: not everything_sent.exists() and done.count() == 5, seconds=90), (
            tmp_path / "second.log"
        ).read_text()
        time.sleep(4)  # let a redelivered duplicate, if any, finish
    finally:
        stop(first, signal.SIGKILL)
        if second is not None:
            stop(second)

    statements = GrantStatement.objects.filter(year=year)
    assert sorted(statements.values_list("municipality", flat=True)) == sorted(managers)
    for statement in statements:
        assert statement.pdf and (media / statement.pdf.name).exists()
    # Every statement went out; at least once (a worker killed between sending and marking
    # it sent sends again), and marked sent exactly once.
    sent = "".join(p.read_text(errors="replace") for p in mail_dir.iterdir())
    for address in managers.values():
        assert 1 <= sent.count(f"To: {address}") <= 2, address
    assert not statements.filter(emailed_at=None).exists()
