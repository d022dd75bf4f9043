"""A municipality's preferences as a recipient of statements."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from placements.models import Municipality


class MunicipalityFinance(models.Model):
    """The municipality's preferences as a recipient of statements."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="finance"
    )
    language = models.CharField(
        _("språk på årsoppgjøret"), max_length=10, choices=settings.LANGUAGES, default="nb"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kommunens økonomiinnstillinger")
        verbose_name_plural = _("kommunenes økonomiinnstillinger")

    def __str__(self):
        return str(self.municipality)
