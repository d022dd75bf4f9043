"""The stored result of the monthly and yearly supervision-hour checks (one row per
placement-month or placement-year)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from placements.models import Placement, PlacementChildQuerySet


class MonthlyCheck(models.Model):
    """The result of the monthly check for one placement in one month. Written in bulk by
    services.run_monthly_check (INSERT … ON CONFLICT), so it has no per-row history: the
    sessions and absences it is computed from keep theirs, and a re-run recomputes it."""

    class Status(models.TextChoices):
        OK = "ok", _("Oppfylt")
        DEFICIT = "deficit", _("Underskudd")
        EXEMPT = "exempt", _("Fritatt")
        # Under the yearly rule a short month is not a deficit: the year decides.
        BEHIND = "behind", _("Under månedstallet")

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("utdanningsstilling"),
        on_delete=models.CASCADE,
        related_name="monthly_checks",
    )
    month = models.DateField(_("måned"), help_text=_("Første dag i måneden."))
    eligible_days = models.PositiveSmallIntegerField(_("tellende dager"))
    required_minutes = models.PositiveIntegerField(_("krav (minutter)"))
    logged_minutes = models.PositiveIntegerField(_("registrert (minutter)"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    was_deficit = models.BooleanField(
        _("har vært underskudd"),
        default=False,
        help_text=_("Sann om måneden noen gang er funnet med underskudd, også om den er rettet."),
    )
    checked_at = models.DateTimeField(_("kontrollert"))
    notified_at = models.DateTimeField(_("varslet"), null=True, blank=True)

    objects = PlacementChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("månedskontroll")
        verbose_name_plural = _("månedskontroller")
        ordering = ["month", "placement"]
        # The check's prune and claim and the heat map read one month of rows.
        indexes = [models.Index(fields=["month", "status"], name="supervision_check_month")]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "month"],
                name="supervision_monthlycheck_unique_placement_month",
            ),
            models.CheckConstraint(
                name="supervision_monthlycheck_month_first_day",
                condition=Q(month__day=1),
                violation_error_message=_("Måned må være første dag i måneden."),
            ),
            models.CheckConstraint(
                name="supervision_monthlycheck_known_status",
                condition=Q(status__in=["ok", "deficit", "exempt", "behind"]),
            ),
        ]

    def __str__(self):
        return f"{self.placement_id} {self.month:%Y-%m} {self.status}"

    @property
    def corrected_late(self):
        """A deficit that later logging turned into ok: shown, never notified."""
        return self.status == self.Status.OK and self.was_deficit


class YearlyCheck(models.Model):
    """The result of the yearly check (the 10.5-month rule) for one placement in one year
    that is over: required minutes pro rata for the eligible days, against those logged.
    Written in bulk by supervision.yearly.run_yearly_check; a re-run recomputes it and
    notifies a deficit once (notified_at)."""

    class Status(models.TextChoices):
        OK = "ok", _("Oppfylt")
        DEFICIT = "deficit", _("Underskudd")

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("utdanningsstilling"),
        on_delete=models.CASCADE,
        related_name="yearly_checks",
    )
    year = models.PositiveSmallIntegerField(_("år"))
    eligible_days = models.PositiveSmallIntegerField(_("tellende dager"))
    required_minutes = models.PositiveIntegerField(_("krav (minutter)"))
    logged_minutes = models.PositiveIntegerField(_("registrert (minutter)"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    checked_at = models.DateTimeField(_("kontrollert"))
    notified_at = models.DateTimeField(_("varslet"), null=True, blank=True)

    objects = PlacementChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("årskontroll")
        verbose_name_plural = _("årskontroller")
        ordering = ["year", "placement"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "year"],
                name="supervision_yearlycheck_unique_placement_year",
            ),
            models.CheckConstraint(
                name="supervision_yearlycheck_known_status",
                condition=Q(status__in=["ok", "deficit"]),
            ),
            models.CheckConstraint(
                name="supervision_yearlycheck_year_range",
                condition=Q(year__gte=2000, year__lte=2100),
                violation_error_message=_("Året må være mellom 2000 og 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.placement_id} {self.year} {self.status}"
