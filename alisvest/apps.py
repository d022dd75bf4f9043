from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlisvestConfig(AppConfig):
    name = "alisvest"
    verbose_name = _("Brukere og tilgang")

    def ready(self):
        from . import uploads  # noqa: F401  (registers the private-storage check)
