"""Substitute cover (vikar): who covers an absent ALIS's work, from when to when. Shown on
the placement and counted in the centre's staffing."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from placements.register.models import Absence, Placement, PlacementChildQuerySet


class SubstituteCoverQuerySet(PlacementChildQuerySet):
    def on(self, day=None):
        day = day or timezone.localdate()
        return self.filter(start__lte=day, end__gte=day)


class SubstituteCover(models.Model):
    placement = models.ForeignKey(
        Placement,
        verbose_name=_("utdanningsstilling"),
        on_delete=models.CASCADE,
        related_name="substitute_covers",
    )
    absence = models.ForeignKey(
        Absence,
        verbose_name=_("fravær"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="covers",
        help_text=_("Fraværet vikaren dekker, om det er registrert."),
    )
    substitute_name = models.CharField(_("vikar"), max_length=200)
    start = models.DateField(_("fra"))
    end = models.DateField(_("til"))
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = SubstituteCoverQuerySet.as_manager()

    class Meta:
        verbose_name = _("vikar")
        verbose_name_plural = _("vikarer")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                name="placements_substitutecover_end_after_start",
                condition=Q(end__gte=models.F("start")),
                violation_error_message=_("«Til» kan ikke være før «fra»."),
            ),
        ]

    def __str__(self):
        return f"{self.substitute_name} {self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}"

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("«Til» kan ikke være før «fra».")
        elif self.start and self.end and self.placement_id:
            placement = self.placement
            if not (placement.start <= self.start and self.end <= placement.end):
                errors["start"] = _(
                    "Vikariatet må ligge innenfor stillingens periode (%(start)s–%(end)s)."
                ) % {
                    "start": placement.start.strftime("%d.%m.%Y"),
                    "end": placement.end.strftime("%d.%m.%Y"),
                }
            elif self.absence_id and not (
                self.absence.start <= self.start and self.end <= self.absence.end
            ):
                errors["start"] = _(
                    "Vikariatet må ligge innenfor fraværet det dekker (%(absence)s)."
                ) % {"absence": self.absence}
        if self.absence_id and self.placement_id and self.absence.placement_id != self.placement_id:
            errors["absence"] = _("Fraværet hører til en annen stilling.")
        if errors:
            raise ValidationError(errors)
