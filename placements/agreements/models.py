"""The ALIS agreement (ALIS-avtale): for a placement on the national scheme, the agreement
between the municipality and the ALIS on Helsedirektoratet's template. A placement without a
signed agreement cannot be claimed for."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from placements.register.models import Placement, PlacementChildQuerySet


class AgreementQuerySet(PlacementChildQuerySet):
    def signed(self):
        return self.filter(signed_on__isnull=False)


class Agreement(models.Model):
    placement = models.OneToOneField(
        Placement,
        verbose_name=_("utdanningsstilling"),
        on_delete=models.CASCADE,
        related_name="agreement",
    )
    signed_on = models.DateField(_("signert dato"), null=True, blank=True)
    history = HistoricalRecords()

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("ALIS-avtale")
        verbose_name_plural = _("ALIS-avtaler")

    def __str__(self):
        return str(_("ALIS-avtale for %(placement)s") % {"placement": self.placement})
