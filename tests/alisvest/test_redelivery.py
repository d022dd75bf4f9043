"""A task whose worker dies is done again by another, soon and once: the settings that make
it so, and a real worker process killed (SIGKILL) in the middle of a statement."""

import time
import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection

from alisvest.celery import app
from funding import services
from funding.factories import ExpenseFactory, GrantSchemeFactory
from funding.models import GrantStatement
from funding.tasks import render_and_send
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import DoctorFactory, PlacementFactory
from scripts.deployment import Processes, SmtpSink, production_env, wait_until


def test_a_task_of_a_dead_worker_is_redelivered_within_minutes():
    """acks_late + reject_on_worker_lost leave a killed worker's task in Redis unacknowledged;
    it comes back after the visibility timeout, which must be minutes, not Redis's hour."""
    timeout = app.conf.broker_transport_options["visibility_timeout"]
    assert timeout <= 10 * 60
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    # kombu looks for them every restore interval times the throttle (100 s by default).
    options = app.conf.broker_transport_options
    sweep = options["unacked_restore_interval"] * options["unacked_restore_throttle"]
    assert sweep <= timeout / 5
    # A task still running when the timeout passes would be handed to a second worker: the
    # hard time limit ends it first.
    assert timeout > settings.CELERY_TASK_TIME_LIMIT


# --- A real worker process, killed mid-task ------------------------------------------------

VISIBILITY_SECONDS = 5  # minutes in production (CELERY_VISIBILITY_TIMEOUT); seconds here


def own_broker():
    """Another Redis database than the other tests': the visibility timeout of this test's
    workers is seconds, and Redis keeps one list of unacknowledged messages per database, so
    on a shared one they would hand out other tests' running tasks again."""
    base, _, number = settings.REDIS_URL.rpartition("/")
    return f"{base}/{(int(number or 0) + 8) % 16}"


def worker_env(media, sink, broker):
    db = connection.settings_dict  # the test database, which exists while the tests run
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}"
    url += f":{db['PORT'] or 5432}/{db['NAME']}"
    return production_env(
        url,
        broker,
        MEDIA_ROOT=media,
        EMAIL_URL=f"smtp://127.0.0.1:{sink.port}",
        EMAIL_USE_TLS="false",
        CELERY_VISIBILITY_TIMEOUT=VISIBILITY_SECONDS,
    )


@pytest.fixture
def statement(programme, bergen, alice):
    GrantSchemeFactory(programme=programme)
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme),
        centre=MedicalCentreFactory(municipality=bergen),
        municipality=bergen,
        start=date(2017, 9, 1),
        planned_end=date(2022, 9, 1),
    )
    ExpenseFactory(placement=placement, year=2017, amount=Decimal(110_000))
    [statement] = services.issue_statements(2017)
    return statement


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_task_leaves_the_work_to_the_next_done_once(statement, tmp_path):
    """SIGKILL a real worker while it sends the statement e-mail (the SMTP server holds the
    connection): the task comes back within seconds of the visibility timeout, the next
    worker finishes it, and there is one PDF and one e-mail."""
    queue = f"kill-test-{uuid.uuid4().hex}"
    sink = SmtpSink()
    sink.hold.set()
    broker = own_broker()
    env = worker_env(str(tmp_path / "media"), sink, broker)
    try:
        with Processes() as processes, app.connection_for_write(broker) as connection:
            processes.worker("first", env, queue)
            render_and_send.apply_async(args=[statement.pk], queue=queue, connection=connection)
            wait_until(lambda: sink.connections, 90, "the first worker to start sending")
            statement.refresh_from_db()
            assert statement.pdf and statement.emailed_at is None  # mid-task: PDF, no e-mail
            rendered = statement.pdf_generated_at
            processes.kill("first")
            killed = time.monotonic()
            sink.hold.clear()
            sink.release.set()

            processes.worker("second", env, queue)
            try:
                wait_until(
                    lambda: GrantStatement.objects.get(pk=statement.pk).emailed_at, 90, "mail"
                )
            except TimeoutError as error:
                raise AssertionError(processes.log("second")[-4000:]) from error
            assert time.monotonic() - killed < 60  # seconds after the timeout, not an hour
            time.sleep(VISIBILITY_SECONDS + 3)  # long enough for a second delivery to show
            log = processes.log("second")
    finally:
        sink.close()
    assert len(sink.messages) == 1, log
    statement.refresh_from_db()
    assert statement.pdf_generated_at == rendered  # the PDF was not made again
    assert [p.name for p in (tmp_path / "media").rglob("*.pdf")] == [
        statement.pdf.name.split("/")[-1]
    ]
    assert "Task funding.tasks.render_and_send[" in log and " succeeded in " in log


def test_a_retry_after_one_managers_send_failed_sends_only_to_the_others(
    statement, bergen, monkeypatch, mailoutbox
):
    """Two managers; the SMTP server refuses the second one's e-mail once. The retry sends
    to the second only: the first gets the statement once."""
    from django.core.mail.backends.locmem import EmailBackend

    from alisvest.roles import Role
    from tests.conftest import person

    person("berit@bergen.kommune.no", "Berit Bø", Role.MANAGER, bergen)
    send, refused = EmailBackend.send_messages, []

    def refuse_berit_once(backend, messages):
        if "berit@bergen.kommune.no" in messages[0].to and not refused:
            refused.append(messages[0].to)
            raise ConnectionRefusedError("smtp: try again later")
        return send(backend, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_berit_once)
    with pytest.raises(ConnectionRefusedError):
        render_and_send(statement.pk)  # called directly, a retry raises the error
    assert [m.to for m in mailoutbox] == [["alice@bergen.kommune.no"]]
    render_and_send(statement.pk)
    render_and_send(statement.pk)  # a delivery after it is done sends nothing
    assert sorted(m.to[0] for m in mailoutbox) == [
        "alice@bergen.kommune.no",
        "berit@bergen.kommune.no",
    ]
    statement.refresh_from_db()
    assert statement.emailed_at is not None
