from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlisvestConfig(AppConfig):
    name = "alisvest"
    verbose_name = _("Brukere og tilgang")

    def ready(self):
        # Register the site-URL and storage checks, and the task counters' Celery signals.
        from . import links, metrics, uploads  # noqa: F401
