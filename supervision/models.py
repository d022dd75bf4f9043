"""Individual supervision sessions, group supervision, and the stored result of the monthly
supervision-hour check (one row per placement-month)."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Mod
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alisvest.roles import access_of
from placements.models import Placement, PlacementChildQuerySet

from .months import month_bounds

# A supervisor may change a session for this many days after its date; then it is locked
# and only a project leader may change it (the history keeps every version).
EDIT_WINDOW_DAYS = 60
MAX_SESSION_MINUTES = 8 * 60
STEP_MINUTES = 15
GROUP_REQUIREMENT_HOURS = 120


class SessionQuerySet(PlacementChildQuerySet):
    def counting(self):
        """Individual supervision that counts towards the monthly requirement."""
        return self.filter(kind=SupervisionSession.Kind.INDIVIDUAL).exclude(
            status=SupervisionSession.Status.DISPUTED
        )

    def in_month(self, month):
        first, last = month_bounds(month)
        return self.filter(date__gte=first, date__lte=last)


class SupervisionSession(models.Model):
    class Kind(models.TextChoices):
        INDIVIDUAL = "individuell", _("Individuell veiledning")
        OTHER = "annet", _("Annen veiledning")

    class Status(models.TextChoices):
        LOGGED = "registrert", _("Venter på bekreftelse")
        CONFIRMED = "bekreftet", _("Bekreftet")
        DISPUTED = "bestridt", _("Bestridt")
        RESOLVED = "avklart", _("Avklart")

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("utdanningsstilling"),
        on_delete=models.CASCADE,
        related_name="supervision_sessions",
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("veileder"),
        on_delete=models.PROTECT,
        related_name="logged_sessions",
    )
    date = models.DateField(_("dato"))
    minutes = models.PositiveSmallIntegerField(
        _("varighet (minutter)"),
        validators=[MinValueValidator(STEP_MINUTES), MaxValueValidator(MAX_SESSION_MINUTES)],
        help_text=_("I kvarter, høyst 8 timer."),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.INDIVIDUAL)
    topics = models.TextField(_("tema"), blank=True)
    learning_objectives = models.CharField(
        _("læringsmål"),
        max_length=300,
        blank=True,
        help_text=_("Valgfritt: læringsmål dere arbeidet med, f.eks. «ALM-12, FKM-3»."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.LOGGED
    )
    alis_comment = models.TextField(_("kommentar fra ALIS"), blank=True)
    resolution_note = models.TextField(_("avklaring"), blank=True)
    alis_notified_at = models.DateTimeField(
        _("ALIS bedt om bekreftelse"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("registrert"), default=timezone.now)
    history = HistoricalRecords()

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("veiledningstime")
        verbose_name_plural = _("veiledningstimer")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["date", "placement"], name="supervision_session_month")]
        constraints = [
            models.CheckConstraint(
                name="supervision_supervisionsession_minutes_steps",
                condition=Q(
                    Exact(Mod("minutes", STEP_MINUTES), 0),
                    minutes__gte=STEP_MINUTES,
                    minutes__lte=MAX_SESSION_MINUTES,
                ),
                violation_error_message=_("Varighet må være i kvarter, høyst 8 timer."),
            ),
        ]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} · {self.minutes} min"

    @property
    def locked(self):
        return is_locked(self.date)

    @property
    def open_until(self):
        """The last day the session may be changed or disputed without a project leader."""
        return self.date + timedelta(days=EDIT_WINDOW_DAYS)

    @property
    def counts(self):
        return self.kind == self.Kind.INDIVIDUAL and self.status != self.Status.DISPUTED

    def clean(self):
        errors = {}
        if self.minutes is not None:
            if self.minutes % STEP_MINUTES:
                errors["minutes"] = _("Varighet må oppgis i kvarter (15, 30, 45 … minutter).")
            elif not STEP_MINUTES <= self.minutes <= MAX_SESSION_MINUTES:
                errors["minutes"] = _("Varighet må være mellom 15 minutter og 8 timer.")
        if self.date is not None:
            if self.date > timezone.localdate():
                errors["date"] = _("Datoen kan ikke være fram i tid.")
            elif self.placement_id and not (
                self.placement.start <= self.date <= self.placement.end
            ):
                errors["date"] = _("Datoen er utenfor utdanningsstillingens periode.")
        if errors:
            raise ValidationError(errors)


def is_locked(day, today=None):
    today = today or timezone.localdate()
    return (today - day) > timedelta(days=EDIT_WINDOW_DAYS)


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


# --- Group supervision -------------------------------------------------------------------


class GroupQuerySet(models.QuerySet):
    def for_user(self, user):
        access = access_of(user)
        if access.superuser:
            return self.all()
        if not user.is_authenticated:
            return self.none()
        visible = Placement.objects.for_user(user).values("pk")
        return self.filter(
            Q(leader=user)
            | Q(programme__in=access.staff_programmes)
            | Q(pk__in=GroupMembership.objects.filter(placement__in=visible).values("group"))
        )


class SupervisionGroup(models.Model):
    """Gruppeveiledning: one full day a month for two years, 120 hours in all."""

    programme = models.ForeignKey(
        "placements.Programme",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="supervision_groups",
    )
    name = models.CharField(_("navn"), max_length=200)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gruppeleder"),
        on_delete=models.PROTECT,
        related_name="led_supervision_groups",
    )
    start = models.DateField(_("fra"))
    end = models.DateField(_("til"))
    history = HistoricalRecords()

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("veiledningsgruppe")
        verbose_name_plural = _("veiledningsgrupper")
        ordering = ["-start", "name"]
        constraints = [
            models.CheckConstraint(
                name="supervision_supervisiongroup_end_after_start",
                condition=Q(end__gte=models.F("start")),
                violation_error_message=_("«Til» kan ikke være før «fra»."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("«Til» kan ikke være før «fra».")})


class GroupMembership(models.Model):
    group = models.ForeignKey(
        SupervisionGroup,
        verbose_name=_("gruppe"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    placement = models.ForeignKey(
        Placement,
        verbose_name=_("utdanningsstilling"),
        on_delete=models.CASCADE,
        related_name="group_memberships",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gruppemedlem")
        verbose_name_plural = _("gruppemedlemmer")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "placement"],
                name="supervision_groupmembership_unique",
                violation_error_message=_("ALIS-en er allerede med i gruppen."),
            ),
        ]

    def __str__(self):
        return f"{self.placement.doctor} i {self.group}"


class GroupMeeting(models.Model):
    group = models.ForeignKey(
        SupervisionGroup,
        verbose_name=_("gruppe"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    date = models.DateField(_("dato"))
    hours = models.DecimalField(
        _("timer"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("12"))],
    )
    topic = models.CharField(_("tema"), max_length=200, blank=True)
    attendees = models.ManyToManyField(
        GroupMembership,
        verbose_name=_("til stede"),
        through="GroupAttendance",
        related_name="meetings_attended",
        blank=True,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gruppemøte")
        verbose_name_plural = _("gruppemøter")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                name="supervision_groupmeeting_hours_range",
                condition=Q(hours__gte=Decimal("0.25"), hours__lte=12),
                violation_error_message=_("Timer må være mellom 0,25 og 12."),
            ),
            models.UniqueConstraint(
                fields=["group", "date"],
                name="supervision_groupmeeting_one_per_day",
                violation_error_message=_("Gruppen har allerede et møte denne dagen."),
            ),
        ]

    def __str__(self):
        return f"{self.group} {self.date:%d.%m.%Y}"

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("Datoen kan ikke være fram i tid.")})
        if self.date and self.group_id and not self.group.start <= self.date <= self.group.end:
            raise ValidationError({"date": _("Datoen er utenfor gruppens periode.")})


class GroupAttendance(models.Model):
    meeting = models.ForeignKey(
        GroupMeeting, verbose_name=_("møte"), on_delete=models.CASCADE, related_name="attendance"
    )
    membership = models.ForeignKey(
        GroupMembership,
        verbose_name=_("medlem"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("oppmøte")
        verbose_name_plural = _("oppmøte")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"], name="supervision_groupattendance_unique"
            ),
        ]

    def __str__(self):
        return f"{self.membership} {self.meeting.date:%d.%m.%Y}"
