from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from . import tasks
from .models import Invitation, User
from .roles import grant_role

INVITATION_DAYS = 14


@transaction.atomic
def invite(form, *, by, base_url):
    """Save the invitation and e-mail its link once the transaction has committed."""
    invitation = form.save(commit=False)
    invitation.invited_by = by
    invitation.expires_at = timezone.now() + timedelta(days=INVITATION_DAYS)
    raw = invitation.set_token()
    invitation.save()
    link = base_url + reverse("accept_invitation", args=[raw])
    # The raw token exists only in this link; the database keeps its digest.
    tasks.send_invitation.delay_on_commit(invitation.pk, link)
    return invitation


@transaction.atomic
def accept_invitation(invitation, *, name, password):
    user = User.objects.create_user(email=invitation.email, password=password, name=name)
    grant_role(user, invitation.role, invitation.programme or invitation.municipality)
    updated = Invitation.objects.filter(pk=invitation.pk, accepted_at=None).update(
        accepted_at=timezone.now()
    )
    if updated != 1:  # accepted in another tab a moment ago
        raise transaction.TransactionManagementError("invitation already used")
    return user
