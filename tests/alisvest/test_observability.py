"""Watching it (docs/operations.md): the request id from web into the worker's log lines,
/metrics with our own gauges, and /readyz that fails when Redis is gone. Real PostgreSQL,
Redis and a real Celery worker."""

import copy
import io
import json
import logging.config
import os
import time

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from alisvest import outbox
from alisvest.celery import app as celery_app
from alisvest.roles import Role
from tests.conftest import wait_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_log():
    """The settings' own logging, as LOG_FORMAT=json configures it, written to a buffer.
    Name it after celery_worker, whose start configures logging again."""
    buffer = io.StringIO()
    config = copy.deepcopy(settings.LOGGING)
    config["handlers"]["console"]["formatter"] = "json"
    config["handlers"]["console"]["stream"] = buffer
    logging.config.dictConfig(config)
    try:
        yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    finally:
        logging.config.dictConfig(settings.LOGGING)


def test_each_response_has_a_request_id(client):
    first = client.get(reverse("healthz"))["X-Request-ID"]
    second = client.get(reverse("healthz"))["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_a_plausible_incoming_request_id_is_kept_and_a_forged_one_replaced(client):
    kept = client.get(reverse("healthz"), headers={"X-Request-ID": "proxy-abc-123"})
    assert kept["X-Request-ID"] == "proxy-abc-123"
    forged = client.get(reverse("healthz"), headers={"X-Request-ID": 'x" level="ERROR\n'})
    assert forged["X-Request-ID"] != 'x" level="ERROR\n'
    assert len(forged["X-Request-ID"]) == 32


def test_the_access_line_is_json_with_the_request_id_and_no_path(json_log, client):
    client.get("/invitasjon/hemmelig-token-123/", headers={"X-Request-ID": "req-00000001"})
    [line] = [r for r in json_log() if r["logger"] == "alisvest.request"]
    assert line["request_id"] == "req-00000001"
    assert line["route"] == "invitasjon/<str:token>/"
    assert line["status"] == 404
    assert line["level"] == "INFO"
    assert line["time"].endswith("+00:00")  # ISO 8601, UTC
    # The invitation token is a bearer secret: never in the logs.
    assert "hemmelig-token-123" not in json.dumps(json_log())
    [django_line] = [r for r in json_log() if r["logger"] == "django.request"]
    assert django_line["message"] == "Not Found: invitasjon/<str:token>/"
    assert django_line["request_id"] == "req-00000001"


def test_probes_leave_no_access_line_at_info(json_log, client):
    client.get(reverse("healthz"))
    client.get(reverse("readyz"))
    client.get(reverse("metrics"))
    assert [r for r in json_log() if r["logger"] == "alisvest.request"] == []


@pytest.mark.django_db(transaction=True)
def test_the_request_id_follows_the_request_into_the_worker(
    celery_worker, json_log, client_for, alice, bergen
):
    # Celery's task-trace logger as a worker process has it, whatever earlier tests in this
    # process did to it (a worker started before may have quietened it).
    trace = logging.getLogger("celery.app.trace")
    trace.disabled, trace.propagate = False, True
    trace.setLevel(logging.INFO)
    for task in celery_app.tasks.values():
        task.__trace__ = None  # a tracer built earlier remembers whether INFO was on
    response = client_for(alice).post(
        reverse("invitations"),
        {
            "name": "Carl Veileder",
            "email": "carl@bergen.kommune.no",
            "role": Role.SUPERVISOR,
            "municipality": bergen.pk,
        },
        headers={"X-Request-ID": "req-into-worker-1"},
    )
    assert response.status_code == 302
    assert response["X-Request-ID"] == "req-into-worker-1"
    assert wait_for(lambda: len(mail.outbox) == 1), "the worker did not send the invitation"

    def task_lines():
        return [r for r in json_log() if r["logger"] == "celery.app.trace"]

    assert wait_for(task_lines), "the worker logged nothing about the task"
    assert {line["request_id"] for line in task_lines()} == {"req-into-worker-1"}
    assert "send_invitation" in task_lines()[0]["message"]


def test_metrics_show_the_outbox_backlog(client):
    before = client.get(reverse("metrics"))
    assert before.status_code == 200
    assert "alisvest_outbox_pending_messages 0.0" in before.text
    # A broker outage: enqueued rows stay pending (in this test nothing commits).
    outbox.enqueue("alisvest.tasks.clear_expired_sessions")
    outbox.enqueue("alisvest.tasks.clear_expired_sessions")
    text = client.get(reverse("metrics")).text
    assert "alisvest_outbox_pending_messages 2.0" in text
    assert "alisvest_outbox_oldest_pending_age_seconds" in text
    assert "django_http_requests_total_by_method_total" in text  # django-prometheus's own


@pytest.mark.django_db(transaction=True)
def test_metrics_count_the_tasks_a_request_queued(celery_worker, client_for, alice, bergen):
    client_for(alice).post(
        reverse("invitations"),
        {
            "name": "Carl",
            "email": "carl@bergen.kommune.no",
            "role": Role.SUPERVISOR,
            "municipality": bergen.pk,
        },
    )
    text = client_for(alice).get(reverse("metrics")).text
    assert 'alisvest_celery_tasks_queued_total{task="alisvest.tasks.send_invitation"} 1.0' in text


@override_settings(METRICS_ALLOWED_NETWORKS=["10.0.0.0/8"], METRICS_TOKEN="s3cret-metrics")
def test_metrics_only_from_allowed_networks_or_with_the_token(client):
    assert client.get(reverse("metrics")).status_code == 403
    wrong = {"Authorization": "Bearer guess"}
    assert client.get(reverse("metrics"), headers=wrong).status_code == 403
    right = {"Authorization": "Bearer s3cret-metrics"}
    assert client.get(reverse("metrics"), headers=right).status_code == 200
    inside = client.get(reverse("metrics"), REMOTE_ADDR="10.1.2.3")
    assert inside.status_code == 200


def test_readyz_is_ok_when_everything_answers(client):
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "redis", "storage", "outbox"}
    assert all(check["ok"] for check in body["checks"].values())


def test_readyz_is_503_when_redis_is_unreachable(client):
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        response = client.get(reverse("readyz"))
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["redis"]["ok"] is False
    assert checks["database"]["ok"] is True
    # Liveness is not readiness: the process itself is fine.
    assert client.get(reverse("healthz")).status_code == 200


@override_settings(READYZ_OUTBOX_MAX_AGE_MINUTES=0)
def test_readyz_is_503_when_the_outbox_is_stuck(client):
    outbox.enqueue("alisvest.tasks.clear_expired_sessions")
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["checks"]["outbox"]["ok"] is False


def test_metrics_show_the_age_of_the_newest_backup(client, tmp_path, settings):
    settings.BACKUP_DIR = tmp_path
    assert "alisvest_backup_age_seconds" not in client.get(reverse("metrics")).text
    old, new = tmp_path / "alisvest-20261101-020000.tar", tmp_path / "alisvest-20261102-020000.tar"
    for path, age_hours in ((old, 50), (new, 26)):
        path.write_bytes(b"backup")
        stamp = time.time() - age_hours * 3600
        os.utime(path, (stamp, stamp))
    [line] = [
        x
        for x in client.get(reverse("metrics")).text.splitlines()
        if x.startswith("alisvest_backup_age_seconds ")
    ]
    assert float(line.split()[-1]) == pytest.approx(26 * 3600, abs=60)


@pytest.mark.django_db(transaction=True)
def test_metrics_count_a_task_that_failed_in_the_worker(celery_worker, client):
    # A call the task cannot take fails at once, without retries.
    celery_app.send_task("alisvest.tasks.clear_expired_sessions", args=["unexpected"])
    failed = 'alisvest_celery_tasks_failed_total{task="alisvest.tasks.clear_expired_sessions"} 1.0'
    assert wait_for(lambda: failed in client.get(reverse("metrics")).text)


def test_metrics_still_answer_when_redis_is_unreachable(client):
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        response = client.get(reverse("metrics"))
    assert response.status_code == 200
    assert 'alisvest_metrics_collector_up{collector="alisvest.metrics.tasks"} 0.0' in response.text
    assert 'alisvest_metrics_collector_up{collector="alisvest.metrics.outbox"} 1.0' in response.text
    assert "alisvest_outbox_pending_messages 0.0" in response.text
