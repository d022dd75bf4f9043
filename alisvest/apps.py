from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlisvestConfig(AppConfig):
    name = "alisvest"
    verbose_name = _("Brukere og tilgang")

    def ready(self):
        from . import links, uploads  # noqa: F401  (register the site-URL and storage checks)
