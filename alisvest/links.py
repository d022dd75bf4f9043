"""Absolute links to the site, for places without a request (e-mails sent by the worker),
and the signed tokens of links that open without login."""

from django.conf import settings
from django.core import signing
from django.core.checks import Tags, Warning, register


def absolute_url(path):
    """`path` ("/veiledning/…", e.g. from reverse()) on the configured SITE_URL."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + "/" + path.lstrip("/")


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """E-mail links in production must point at the real site, over HTTPS."""
    if settings.SITE_URL.startswith("https://"):
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL!r}: links in e-mails would not reach the site.",
            hint="Set SITE_URL to the site's https:// address, e.g. https://alisvest.example.no.",
            id="alisvest.W020",
        )
    ]


def nonce_token(salt, obj):
    """A link's credential: `obj`'s id and nonce signed under the secret key. Deterministic,
    so a resent e-mail carries the same link; a new nonce revokes it."""
    return signing.Signer(salt=salt).sign_object({"i": obj.pk, "n": obj.nonce})


def nonce_claims(salt, token):
    """{"i": id, "n": nonce} from a token signed by nonce_token, or None if forged."""
    try:
        data = signing.Signer(salt=salt).unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    return data if isinstance(data, dict) else None
