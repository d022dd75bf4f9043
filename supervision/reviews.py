"""Half-year reviews: when they fall due (a pure function of the placement's dates and its
absences) and the facts a review is written from, gathered for the half-year in a few
set-based queries."""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Sum
from django.utils import timezone

from placements.models import Absence, ObjectiveProgress, PlanPeriod
from placements.plans.rules import merge, overlap_days, plan_warnings

from .assessments import completed_assessments
from .models import (
    GroupAttendance,
    MonthlyCheck,
    ProgressReview,
    ReviewSignature,
    SupervisionSession,
)

# A half-year holds six months of training: leave that pauses training (illness, leave,
# parental leave) moves its end out; a course or hospital service is training and does not.
PAUSING = (Absence.Kind.ILLNESS, Absence.Kind.LEAVE, Absence.Kind.PARENTAL)
# A remainder shorter than this at the placement's end joins the half-year before it, so
# the last review is not written about a few weeks.
MIN_LAST_DAYS = 60


@dataclass(frozen=True)
class HalfYear:
    number: int
    start: date
    end: date

    @property
    def due(self):
        """Due on the half-year's last day."""
        return self.end


def _extended(first, nominal_last, pauses):
    """The last day once the pauses inside the half-year are added to it."""
    last = nominal_last
    while True:
        away = overlap_days([(first, last)], pauses) if pauses else 0
        candidate = nominal_last + timedelta(days=away)
        if candidate == last:
            return last
        last = candidate


def half_years(start, end, pauses=()):
    """The review periods of a placement from `start` to `end` (inclusive): six months each
    from the start, each moved out by the paused days inside it; the last one ends with the
    placement, and one shorter than MIN_LAST_DAYS joins the one before. A placement shorter
    than six months has one review, at its end."""
    pauses = merge(pauses)
    periods, first, number = [], start, 1
    while first <= end:
        nominal = first + relativedelta(months=6) - timedelta(days=1)
        last = min(_extended(first, nominal, pauses), end)
        periods.append(HalfYear(number, first, last))
        first, number = last + timedelta(days=1), number + 1
    if len(periods) > 1 and (periods[-1].end - periods[-1].start).days + 1 < MIN_LAST_DAYS:
        tail = periods.pop()
        periods[-1] = replace(periods[-1], end=tail.end)
    return periods


def pauses_by_placement(placements):
    """{placement_id: [(start, end), …]} of the pausing absences, in one query."""
    rows = Absence.objects.filter(placement__in=placements, kind__in=PAUSING).values_list(
        "placement_id", "start", "end"
    )
    found = defaultdict(list)
    for placement_id, start, end in rows:
        found[placement_id].append((start, end))
    return found


def schedule(placements):
    """{placement_id: [HalfYear, …]} for several placements in one query."""
    pauses = pauses_by_placement(placements)
    return {p.pk: half_years(p.start, p.end, pauses.get(p.pk, ())) for p in placements}


def due_half_years(placements, today=None):
    """(placement, HalfYear) whose due date has come and whose review the supervisor has not
    yet signed (no current version carries a supervisor's signature). Three queries."""
    today = today or timezone.localdate()
    placements = list(placements)
    signed = set(
        ProgressReview.objects.current()
        .filter(placement__in=placements, signatures__role=ReviewSignature.Role.SUPERVISOR)
        .values_list("placement_id", "number")
    )
    periods = schedule(placements)
    return [
        (p, h)
        for p in placements
        for h in periods[p.pk]
        if h.due <= today and (p.pk, h.number) not in signed
    ]


def half_year_of(placement, number):
    """The placement's half-year `number`, or None if it has no such half-year."""
    periods = schedule([placement])[placement.pk]
    return next((h for h in periods if h.number == number), None)


# --- The facts a review is written from ---------------------------------------------------


@dataclass
class Facts:
    plan_periods: list
    plan_warnings: list
    objectives_signed: list
    months: list
    required_minutes: int
    logged_minutes: int
    deficit_months: int
    group_hours: object
    assessments: list


def facts(placement, since, until):
    """What happened in the half-year since–until: a handful of queries whatever its size."""
    hours = _hours(placement, since, until)
    periods, warnings = _plan(placement, since, until)
    return Facts(
        plan_periods=periods,
        plan_warnings=warnings,
        objectives_signed=_objectives(placement, since, until),
        group_hours=_group_hours(placement, since, until),
        assessments=_assessments(placement, since, until),
        **hours,
    )


def _plan(placement, since, until):
    """The plan's periods that touch the half-year, and the rules' warnings for the plan."""
    every = list(PlanPeriod.objects.filter(plan__placement=placement).order_by("start"))
    touching = [p for p in every if p.start <= until and p.end >= since]
    return touching, plan_warnings(every) if every else []


def _objectives(placement, since, until):
    return list(
        ObjectiveProgress.objects.filter(
            placement=placement, signed_at__date__gte=since, signed_at__date__lte=until
        )
        .select_related("objective", "signed_by")
        .order_by("signed_at")
    )


def _hours(placement, since, until):
    """The monthly checks of the half-year against the rule, and the minutes logged."""
    months = list(
        MonthlyCheck.objects.filter(
            placement=placement, month__gte=since.replace(day=1), month__lte=until
        ).order_by("month")
    )
    logged = (
        SupervisionSession.objects.counting()
        .filter(placement=placement, date__gte=since, date__lte=until)
        .aggregate(total=Sum("minutes"))["total"]
    )
    return {
        "months": months,
        "required_minutes": sum(m.required_minutes for m in months),
        "logged_minutes": logged or 0,
        "deficit_months": sum(m.status == MonthlyCheck.Status.DEFICIT for m in months),
    }


def _group_hours(placement, since, until):
    total = GroupAttendance.objects.filter(
        membership__placement=placement, meeting__date__gte=since, meeting__date__lte=until
    ).aggregate(hours=Sum("meeting__hours"))["hours"]
    return total or 0


def _assessments(placement, since, until):
    """Assessments completed in the half-year, each with its summary."""
    return completed_assessments(placement, since, until)
