"""Submitted once, sent once (alisvest/idempotency.py): a double click or two simultaneous
POSTs make one row; a retried e-mail task sends once."""

import threading
import uuid
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from alisvest import emails, services, tasks
from alisvest.idempotency import FIELD, send_once
from alisvest.links import absolute_url
from alisvest.models import IdempotencyKey, Invitation, OutboxMessage
from funding.factories import GrantSchemeFactory
from funding.models import Expense
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from supervision.models import SupervisionSession
from supervision.services import run_monthly_check
from supervision.tasks import send_deficit_notice


@pytest.fixture
def dan_placement(programme, bergen_centre, carol):
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Dan Dale"),
        centre=bergen_centre,
        start=timezone.localdate() - timedelta(days=100),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    return placement


def session_data(key):
    return {
        "date": timezone.localdate().isoformat(),
        "minutes": "60",
        "kind": "individuell",
        "topics": "Sykmeldinger",
        FIELD: key,
    }


def post_at_once(user, url, data, n=2):
    """n clients, each with its own database connection, post at the same moment. The
    logins happen first, here; a thread that fails breaks the barrier instead of leaving
    the others waiting for ever."""
    barrier = threading.Barrier(n, timeout=30)
    statuses = []
    clients = [Client() for _ in range(n)]
    for client in clients:
        client.force_login(user)

    def post(client):
        try:
            barrier.wait()
            statuses.append(client.post(url, data).status_code)
        except Exception:
            barrier.abort()
            raise
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=[client]) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a POST did not finish"
    return statuses


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_of_one_session_make_one_row_and_one_notice(carol, dan_placement):
    url = reverse("supervision:session_create", args=[dan_placement.pk])
    statuses = post_at_once(carol, url, session_data(str(uuid.uuid4())), n=3)
    assert statuses == [302, 302, 302]
    assert SupervisionSession.objects.filter(placement=dan_placement).count() == 1
    assert OutboxMessage.objects.count() == 1  # the ALIS is asked to confirm once


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_of_one_expense_make_one_expense(programme, bergen, alice):
    GrantSchemeFactory(programme=programme)
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme),
        centre=MedicalCentreFactory(municipality=bergen),
        municipality=bergen,
        start=date(2017, 9, 1),
        planned_end=date(2022, 9, 1),
    )
    url = reverse("funding:expenses", args=[placement.pk, 2017])
    data = {"year": 2017, "category": "kursavgift", "amount": "12500", FIELD: str(uuid.uuid4())}
    assert post_at_once(alice, url, data) == [302, 302]
    assert Expense.objects.filter(placement=placement).count() == 1


@pytest.mark.django_db
def test_a_repeat_goes_where_the_first_went_and_says_so(client_for, carol, dan_placement):
    client = client_for(carol)
    url = reverse("supervision:session_create", args=[dan_placement.pk])
    data = session_data(str(uuid.uuid4()))
    first = client.post(url, data)
    again = client.post(url, data, follow=True)
    assert again.redirect_chain[0][0] == first["Location"]
    assert "Skjemaet var allerede sendt" in again.content.decode()
    assert SupervisionSession.objects.count() == 1
    # A new form (a new key) is a new session.
    client.post(url, session_data(str(uuid.uuid4())))
    assert SupervisionSession.objects.count() == 2


@pytest.mark.django_db
def test_a_form_with_errors_keeps_its_key_and_can_be_sent_corrected(
    client_for, carol, dan_placement
):
    client = client_for(carol)
    url = reverse("supervision:session_create", args=[dan_placement.pk])
    key = str(uuid.uuid4())
    page = client.post(url, session_data(key) | {"minutes": "-5"})
    assert page.status_code == 200
    assert f'name="{FIELD}" value="{key}"' in page.content.decode()
    assert client.post(url, session_data(key)).status_code == 302
    assert SupervisionSession.objects.count() == 1


@pytest.mark.django_db
def test_every_create_form_carries_a_key(client_for, carol, dan_placement):
    page = client_for(carol).get(reverse("supervision:session_create", args=[dan_placement.pk]))
    assert f'name="{FIELD}"' in page.content.decode()


# --- E-mails sent once ---------------------------------------------------------------------


@pytest.mark.django_db
def test_send_once_sends_once_and_a_failure_leaves_it_for_the_retry(alice, monkeypatch):
    context = {"user": alice, "items": [], "frequency": "daily", "action_url": absolute_url("/")}
    assert send_once("test:1", "digest", alice.email, context)
    assert not send_once("test:1", "digest", alice.email, context)
    assert len(mail.outbox) == 1

    def broken(*args, **kwargs):
        raise ConnectionError("SMTP down")

    monkeypatch.setattr("alisvest.emails.send", broken)
    with pytest.raises(ConnectionError):
        send_once("test:2", "digest", alice.email, context)
    assert not IdempotencyKey.objects.filter(key="email:test:2").exists()


@pytest.mark.django_db
def test_invitation_task_takes_only_the_id_and_sends_once(
    django_capture_on_commit_callbacks, alice, programme, monkeypatch
):
    queued = []
    monkeypatch.setattr(tasks.send_invitation, "delay_on_commit", lambda *a: queued.append(a))
    doctor = DoctorFactory(programme=programme, email="ny@example.no")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_doctor(doctor, by=alice)
    [args] = queued
    assert args == (invitation.pk,)  # no link, no token: nothing secret in the broker
    assert tasks.send_invitation(*args)
    assert not tasks.send_invitation(*args)  # a retry after success sends nothing
    [message] = mail.outbox
    prefix = absolute_url("/invitasjon/")
    [link] = [word for word in message.body.split() if word.startswith(prefix)]
    assert Invitation.find(link.removeprefix(prefix).strip("/")) == invitation


@pytest.mark.django_db
def test_a_deficit_notice_retried_after_a_failure_mails_nobody_twice(
    supervised, carol, alice, monkeypatch
):
    for user in (carol, alice, supervised.doctor.user):
        user.email_frequency = "each"
        user.save()
    run_monthly_check(date(2025, 4, 1), notify=False)
    check = supervised.monthly_checks.get()
    real_send = emails.send
    sent = []

    def fails_on_the_second(name, to, *args, **kwargs):
        if len(sent) == 1:
            raise ConnectionError("SMTP went away")
        sent.append(to)
        return real_send(name, to, *args, **kwargs)

    monkeypatch.setattr(emails, "send", fails_on_the_second)
    with pytest.raises(ConnectionError):
        send_deficit_notice(check.pk)
    monkeypatch.setattr(emails, "send", real_send)
    send_deficit_notice(check.pk)  # the retry
    recipients = [tuple(m.to) for m in mail.outbox]
    assert len(recipients) == 3
    assert len(set(recipients)) == 3


# Create views found by name, plus those named otherwise; each must be @submitted_once.
CREATES_NAMED_OTHERWISE = {
    "supervision:session_batch",
    "funding:expenses",
    "invitations",
    "placements:application_start",
    "placements:attachment_upload",
    "placements:doctor_invite",
    "research:wave_invite",
}


def url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def test_every_view_that_creates_is_submitted_once():
    views = dict(url_names(get_resolver().url_patterns))
    creating = {n for n in views if n.endswith("_create")} | CREATES_NAMED_OTHERWISE
    assert creating <= views.keys()
    missing = sorted(n for n in creating if not getattr(views[n], "submitted_once", False))
    assert missing == []
