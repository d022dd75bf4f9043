from celery import shared_task
from django.core import management

from . import emails
from .models import Invitation


@shared_task
def clear_expired_sessions():
    management.call_command("clearsessions")


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation(invitation_id, link):
    """E-mail the invitation link. Runs in the worker so a slow or failing SMTP server
    never breaks the page; retried with backoff on connection errors."""
    invitation = Invitation.objects.select_related("invited_by").get(pk=invitation_id)
    emails.send(
        "invitation",
        invitation.email,
        {"invitation": invitation, "link": link, "days": invitation.valid_days},
    )
