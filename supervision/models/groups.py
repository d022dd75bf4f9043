"""Group supervision: groups, members, meetings and attendance."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alisvest.roles import access_of
from placements.models import Placement

GROUP_REQUIREMENT_HOURS = 120


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
