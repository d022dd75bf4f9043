"""Individual supervision sessions: logged by the supervisor, confirmed or disputed by the
ALIS, locked for the supervisor after the edit window."""

from datetime import timedelta

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

from placements.models import Placement, PlacementChildQuerySet
from supervision.months import month_bounds

# A supervisor may change a session for this many days after its date; then it is locked
# and only a project leader may change it (the history keeps every version).
EDIT_WINDOW_DAYS = 60
MAX_SESSION_MINUTES = 8 * 60
STEP_MINUTES = 15


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
