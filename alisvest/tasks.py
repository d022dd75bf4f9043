from celery import shared_task
from django.core import management
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

from . import emails, outbox
from .models import Invitation

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


@durable_task
def relay_outbox():
    """Beat, every minute: send the outbox rows a broker outage left behind."""

    return outbox.relay()


@durable_task
def send_invitation(invitation_id, link):
    """E-mail the invitation link. Runs in the worker so a slow or failing SMTP server
    never breaks the page; retried with backoff on connection errors."""
    invitation = Invitation.objects.select_related("invited_by").get(pk=invitation_id)
    emails.send(
        "invitation",
        invitation.email,
        {"invitation": invitation, "link": link, "days": invitation.valid_days},
    )
