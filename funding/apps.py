from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Tilskudd")

    def ready(self):
        from alisvest.summaries import watch

        from .budget import FORECAST_READS

        watch(*FORECAST_READS)
