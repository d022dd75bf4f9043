"""Supervision's tasks for the to-do list (alisvest/todo.py): a query per kind of task."""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from alisvest.todo import Task
from placements.models import SupervisorAssignment

from .models import EDIT_WINDOW_DAYS, MonthlyCheck, SupervisionSession, YearlyCheck
from .months import month_bounds, previous_month
from .pages import month_path


def _month_label(month):
    return formats.date_format(month, "F Y")


def supervisor_deficits(user):
    """Months with too few hours for an ALIS the user supervised that month."""
    supervised_that_month = SupervisorAssignment.objects.filter(
        placement=OuterRef("placement"), supervisor=user, start__lte=OuterRef("month")
    ).filter(Q(end__isnull=True) | Q(end__gte=OuterRef("month")))
    checks = (
        MonthlyCheck.objects.filter(status=MonthlyCheck.Status.DEFICIT)
        .filter(Exists(supervised_that_month))
        .select_related("placement__doctor")
    )
    return [
        Task(
            kind="supervision.deficit",
            title=_("For få veiledningstimer i %(month)s for %(doctor)s")
            % {"month": _month_label(c.month), "doctor": c.placement.doctor.name},
            detail=_("%(logged)s av %(required)s minutter registrert.")
            % {"logged": c.logged_minutes, "required": c.required_minutes},
            url=month_path(c.placement_id, c.month),
            due=month_bounds(c.month)[1],
            object_type="supervision.monthlycheck",
            object_id=c.pk,
        )
        for c in checks
    ]


def supervisor_yearly_deficits(user):
    """Last year's deficits under the 10.5-month rule, for an ALIS the user supervised then."""
    year = timezone.localdate().year - 1
    first, last = date(year, 1, 1), date(year, 12, 31)
    supervised = SupervisorAssignment.objects.filter(
        placement=OuterRef("placement"), supervisor=user, start__lte=last
    ).filter(Q(end__isnull=True) | Q(end__gte=first))
    checks = (
        YearlyCheck.objects.filter(year=year, status=YearlyCheck.Status.DEFICIT)
        .filter(Exists(supervised))
        .select_related("placement__doctor")
    )
    return [
        Task(
            kind="supervision.yearly_deficit",
            title=_("For lite veiledning i %(year)s for %(doctor)s")
            % {"year": year, "doctor": c.placement.doctor.name},
            detail=_("%(logged)s av %(required)s minutter registrert.")
            % {"logged": c.logged_minutes, "required": c.required_minutes},
            url=month_path(c.placement_id, last),
            due=last,
            object_type="supervision.yearlycheck",
            object_id=c.pk,
        )
        for c in checks
    ]


def supervisor_disputed(user):
    """Sessions the user logged that the ALIS disputed, while the user may still change them."""
    oldest = timezone.localdate() - timedelta(days=EDIT_WINDOW_DAYS)
    sessions = SupervisionSession.objects.filter(
        supervisor=user, status=SupervisionSession.Status.DISPUTED, date__gte=oldest
    ).select_related("placement__doctor")
    return [
        Task(
            kind="supervision.resolve_session",
            title=_("%(doctor)s har bestridt timen %(date)s")
            % {"doctor": s.placement.doctor.name, "date": formats.date_format(s.date)},
            detail=s.alis_comment,
            url=reverse("supervision:session_resolve", args=[s.pk]),
            due=s.date + timedelta(days=EDIT_WINDOW_DAYS),
            object_type="supervision.supervisionsession",
            object_id=s.pk,
        )
        for s in sessions
    ]


def alis_sessions_to_confirm(user):
    """Sessions logged for the ALIS, to confirm or dispute within the 60-day window."""
    oldest = timezone.localdate() - timedelta(days=EDIT_WINDOW_DAYS)
    sessions = SupervisionSession.objects.filter(
        placement__doctor__user=user, status=SupervisionSession.Status.LOGGED, date__gte=oldest
    ).select_related("supervisor")
    return [
        Task(
            kind="supervision.confirm_session",
            title=_("Bekreft eller bestrid veiledningen %(date)s (%(minutes)s min)")
            % {"date": formats.date_format(s.date), "minutes": s.minutes},
            detail=_("Registrert av %(supervisor)s. Fristen er %(deadline)s.")
            % {
                "supervisor": s.supervisor.name or s.supervisor.email,
                "deadline": formats.date_format(s.date + timedelta(days=EDIT_WINDOW_DAYS)),
            },
            url=reverse("supervision:home") + f"#time-{s.pk}",
            due=s.date + timedelta(days=EDIT_WINDOW_DAYS),
            object_type="supervision.supervisionsession",
            object_id=s.pk,
        )
        for s in sessions
    ]


def leader_deficit_streaks(user):
    """Placements of the led programmes with a deficit in each of the last two months."""
    access = user.access
    if not access.led_programmes:
        return []
    last = previous_month()
    before = previous_month(last)
    deficit_before = MonthlyCheck.objects.filter(
        placement=OuterRef("placement"), month=before, status=MonthlyCheck.Status.DEFICIT
    )
    checks = (
        MonthlyCheck.objects.filter(
            month=last,
            status=MonthlyCheck.Status.DEFICIT,
            placement__programme__in=access.led_programmes,
        )
        .filter(Exists(deficit_before))
        .select_related("placement__doctor")
    )
    return [
        Task(
            kind="supervision.deficit_streak",
            title=_("%(doctor)s har fått for lite veiledning to måneder på rad")
            % {"doctor": c.placement.doctor.name},
            detail=_("%(before)s og %(last)s.")
            % {"before": _month_label(before), "last": _month_label(last)},
            url=month_path(c.placement_id, last),
            due=month_bounds(last)[1],
            object_type="supervision.monthlycheck",
            object_id=c.pk,
        )
        for c in checks
    ]
