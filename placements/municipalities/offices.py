"""Regional ALIS offices (regionale ALIS-kontor): six in Norway (Bodø, Trondheim, Bergen,
Kristiansand, Hamar, Oslo) help the municipalities of their region with the national scheme.
An office follows its municipalities across every programme; its members read what the
municipalities' health managers see and change nothing."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from placements.municipalities.models import Municipality


class RegionalOfficeQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(members=user)


class RegionalOffice(models.Model):
    name = models.CharField(_("navn"), max_length=100, unique=True)
    city = models.CharField(_("sted"), max_length=100)
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("kommuner"),
        related_name="regional_offices",
        blank=True,
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medlemmer"),
        related_name="regional_offices",
        blank=True,
    )
    history = HistoricalRecords(m2m_fields=[municipalities, members])

    objects = RegionalOfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("regionalt ALIS-kontor")
        verbose_name_plural = _("regionale ALIS-kontor")
        ordering = ["name"]

    def __str__(self):
        return self.name
