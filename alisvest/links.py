"""Absolute links to the site, for places without a request (e-mails sent by the worker)."""

from django.conf import settings


def absolute_url(path):
    """`path` ("/veiledning/…", e.g. from reverse()) on the configured SITE_URL."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + "/" + path.lstrip("/")
