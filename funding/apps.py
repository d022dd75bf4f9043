from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Tilskudd")

    def ready(self):
        # Here, not at the top: the models they name are importable only once apps are ready.
        from alisvest.summaries import watch

        from .budget import FORECAST_READS  # (as above)

        watch(*FORECAST_READS)
