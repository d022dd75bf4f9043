"""Consent links: the invitation's id and nonce signed with the site's secret, one person
and one study per link. The link opens without login, so it is the credential: a new nonce
(research.services.renew_consent_link) revokes it."""

from django.core import signing
from django.urls import reverse

from .models import ConsentInvitation

SALT = "research.consent-link"


def token_for(invitation):
    """Deterministic, so a resent e-mail carries the same link."""
    return signing.Signer(salt=SALT).sign_object({"i": invitation.pk, "n": invitation.nonce})


def link_for(invitation):
    return reverse("research:consent_by_link", args=[token_for(invitation)])


def invitation_from(token):
    """The invitation behind a link, or None if the link is forged or revoked."""
    try:
        data = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    return (
        ConsentInvitation.objects.select_related("study__programme", "doctor")
        .filter(pk=data.get("i"), nonce=data.get("n"))
        .first()
    )
