"""Consent links: the invitation's id and nonce signed with the site's secret, one person
and one study per link. The link opens without login, so it is the credential: a new nonce
(research.services.renew_consent_link) revokes it."""

from django.urls import reverse

from alisvest.links import nonce_claims, nonce_token

from .models import ConsentInvitation

SALT = "research.consent-link"


def token_for(invitation):
    return nonce_token(SALT, invitation)


def link_for(invitation):
    return reverse("research:consent_by_link", args=[token_for(invitation)])


def invitation_from(token):
    """The invitation behind a link, or None if the link is forged or revoked."""
    data = nonce_claims(SALT, token)
    if data is None:
        return None
    return (
        ConsentInvitation.objects.select_related("study__programme", "doctor")
        .filter(pk=data.get("i"), nonce=data.get("n"))
        .first()
    )
