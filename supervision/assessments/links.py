"""Assessment links: the invitation's id and nonce signed with the site's secret. The link
opens without login, so it is the credential; the server decides whether it may still be
used (once, before it expires) and claims it by compare-and-set."""

from django.urls import reverse
from django.utils import timezone

from alisvest.links import absolute_url, nonce_claims, nonce_token

from ..models import AssessorInvitation

SALT = "supervision.assessment-link"

INVALID = "invalid"
USED = "used"
EXPIRED = "expired"
OPEN = "open"


def token_for(invitation):
    return nonce_token(SALT, invitation)


def link_for(invitation):
    return absolute_url(reverse("supervision:assessment_answer", args=[token_for(invitation)]))


def invitation_from(token):
    """The invitation behind a link, or None if the link is forged, altered or revoked."""
    data = nonce_claims(SALT, token)
    if data is None:
        return None
    return (
        AssessorInvitation.objects.select_related(
            "assessment__placement__doctor", "assessment__learning_objective"
        )
        .filter(pk=data.get("i"), nonce=data.get("n"))
        .first()
    )


def state_of(invitation, now=None):
    """invalid, used, expired or open. Expired from the moment expires_at is reached."""
    if invitation is None:
        return INVALID
    if invitation.used_at is not None:
        return USED
    if (now or timezone.now()) >= invitation.expires_at:
        return EXPIRED
    return OPEN


def claim(invitation, now=None):
    """Compare-and-set: True for exactly one caller, while the link is unused, unexpired and
    still carries this nonce. Two submits at once: the row lock lets one through."""
    now = now or timezone.now()
    return bool(
        AssessorInvitation.objects.filter(
            pk=invitation.pk, nonce=invitation.nonce, used_at=None, expires_at__gt=now
        ).update(used_at=now)
    )
