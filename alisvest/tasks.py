from celery import shared_task
from django.conf import settings
from django.core import management
from django.db import InterfaceError, OperationalError, transaction
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from . import digests, emails, outbox
from .idempotency import forget_old, send_once
from .links import absolute_url
from .models import DigestItem, Invitation

# Database and connection errors that a later try can get past. OSError covers SMTP and
# socket errors (ConnectionError is one).
RETRY_ON = (OperationalError, InterfaceError, BrokerError, OSError)


def durable_task(*args, **options):
    """A shared_task that survives faults: acknowledged only when done (a killed worker's task
    is delivered again), retried on RETRY_ON with exponential backoff (1 s, 2 s, 4 s … at most
    10 minutes, with jitter), six tries. Such a task must be idempotent: write with
    compare-and-set or get_or_create, so a second run changes nothing."""
    defaults = {
        "acks_late": True,
        "reject_on_worker_lost": True,
        "autoretry_for": RETRY_ON,
        "retry_backoff": True,
        "retry_backoff_max": 600,
        "retry_jitter": True,
        "max_retries": 6,
    }
    return shared_task(*args, **(defaults | options))


@durable_task
def clear_expired_sessions():
    management.call_command("clearsessions")
    forget_old()


@durable_task
def relay_outbox():
    """Beat, every minute: send the outbox rows a broker outage left behind."""

    return outbox.relay()


@durable_task
def send_invitation(invitation_id, *_legacy_link):
    """E-mail the invitation link. Runs in the worker so a slow or failing SMTP server
    never breaks the page; retried with backoff on connection errors. Takes only the id: the
    link is rebuilt here from the invitation's nonce (Invitation.raw_token), so no secret
    sits in the broker. Sent once per invitation, however often the task runs. (Tasks
    queued before this change also carry the link; it is ignored.)"""
    invitation = Invitation.objects.select_related("invited_by").get(pk=invitation_id)
    if not invitation.nonce:
        return False  # from before the nonce: its link was sent with the old task
    link = absolute_url(reverse("accept_invitation", args=[invitation.raw_token()]))
    return send_once(
        f"invitation:{invitation.pk}",
        "invitation",
        invitation.email,
        {
            "invitation": invitation,
            "link": link,
            "action_url": link,
            "days": invitation.valid_days,
        },
    )


@durable_task
def send_daily_digests():
    """Beat, 07:00 Europe/Oslo."""
    return send_digests(digests.Frequency.DAILY)


@durable_task
def send_weekly_digests():
    """Beat, Mondays 07:00 Europe/Oslo."""
    return send_digests(digests.Frequency.WEEKLY)


def send_digests(frequency):
    """One e-mail per person due, listing their held notices; returns how many were sent.
    Idempotent: the items are marked sent in the transaction that sends them, so a re-run
    finds none, and a concurrent run skips the rows this one has locked."""
    return sum(send_digest(user, frequency) for user in digests.due(frequency))


def send_digest(user, frequency):
    with transaction.atomic():
        items = list(
            DigestItem.objects.select_for_update(skip_locked=True).filter(user=user, sent_at=None)
        )
        if not items:
            return 0
        # A failed send rolls back and leaves the items for the next run.
        emails.send(
            "digest",
            user.email,
            {
                "user": user,
                "items": items,
                "frequency": frequency,
                "action_url": absolute_url(resolve_url(settings.LOGIN_REDIRECT_URL)),
            },
        )
        DigestItem.objects.filter(pk__in=[i.pk for i in items]).update(sent_at=timezone.now())
    return 1
