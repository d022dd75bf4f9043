"""State changes for education plans and learning-objective progress. Each checks the
actor's permission first and raises PermissionDenied with the reason."""

import calendar
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from alisvest.access import require
from placements.plans import permissions
from placements.plans.models import (
    EducationPlan,
    ObjectiveProgress,
    PeriodKind,
    PlannedCourse,
    PlanPeriod,
    PlanTemplate,
    TemplateCourse,
    TemplatePeriod,
)


def add_months(day, months):
    """`day` moved `months` calendar months on; the 31st becomes the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# The standard five years when a programme has not made its own template yet.
DEFAULT_PERIODS = [
    (PeriodKind.OPEN_PRACTICE, 0, 24, ""),
    (PeriodKind.GROUP_SUPERVISION, 0, 24, ""),
    (PeriodKind.INSTITUTION, 24, 12, "Sykehus (helseforetak)"),
    (PeriodKind.OPEN_PRACTICE, 36, 24, ""),
]
DEFAULT_COURSES = [
    ("Grunnkurs A", 3),
    ("Kurs i akuttmedisin", 6),
    ("Grunnkurs B", 9),
    ("Grunnkurs C", 15),
    ("Grunnkurs D", 21),
]


@transaction.atomic
def template_for(programme):
    """The programme's template, made from the standard five years the first time."""
    template, created = PlanTemplate.objects.get_or_create(programme=programme)
    if created:
        TemplatePeriod.objects.bulk_create(
            TemplatePeriod(
                template=template, kind=kind, start_month=start, months=length, institution=inst
            )
            for kind, start, length, inst in DEFAULT_PERIODS
        )
        TemplateCourse.objects.bulk_create(
            TemplateCourse(template=template, name=name, month=month)
            for name, month in DEFAULT_COURSES
        )
    return template


def planned_from_template(template, start):
    """(periods, courses) the template gives a placement starting on `start`, as the rows'
    comparable values: (kind, start, end, institution) and (name, date)."""
    periods = [
        (
            p.kind,
            add_months(start, p.start_month),
            add_months(start, p.start_month + p.months) - timedelta(days=1),
            p.institution,
        )
        for p in template.periods.all()
    ]
    courses = [(c.name, add_months(start, c.month)) for c in template.courses.all()]
    return sorted(periods), sorted(courses)


def plans_to_update(programme, *, today=None):
    """Plans of the programme's placements not yet started that differ from what the
    template gives today: [(plan, (periods, courses) now, (periods, courses) after)]."""
    today = today or timezone.localdate()
    template = template_for(programme)
    plans = (
        EducationPlan.objects.filter(placement__programme=programme, placement__start__gt=today)
        .select_related("placement__doctor", "placement__municipality")
        .prefetch_related("periods", "courses")
        .order_by("placement__start", "pk")
    )
    changes = []
    for plan in plans:
        now = (
            sorted((p.kind, p.start, p.end, p.institution) for p in plan.periods.all()),
            sorted((c.name, c.date) for c in plan.courses.all()),
        )
        after = planned_from_template(template, plan.placement.start)
        if now != after:
            changes.append((plan, now, after))
    return changes


@transaction.atomic
def apply_template(programme, *, by, plan_ids):
    """Remake the listed plans (not yet started) from the template; each row's removal and
    creation is in the history. Returns how many plans changed."""
    require(permissions.can_edit_template(by, programme))
    wanted = {plan.pk: (plan, after) for plan, _now, after in plans_to_update(programme)}
    count = 0
    for pk in plan_ids:
        if pk not in wanted:
            continue  # started meanwhile, or already as the template says
        plan, (periods, courses) = wanted[pk]
        for row in [*plan.periods.all(), *plan.courses.all()]:
            row._change_reason = "Planmalen ble brukt på planen"
            row.delete()
        for kind, start, end, institution in periods:
            period = PlanPeriod(plan=plan, kind=kind, start=start, end=end, institution=institution)
            period._change_reason = "Planmalen ble brukt på planen"
            period.save()
        for name, day in courses:
            course = PlannedCourse(plan=plan, name=name, date=day)
            course._change_reason = "Planmalen ble brukt på planen"
            course.save()
        count += 1
    return count


@transaction.atomic
def create_plan(placement, *, by=None):
    """The placement's plan, made from its programme's template; an existing plan is kept."""
    if by is not None:
        require(permissions.can_edit_plan(by, placement))
    plan, created = EducationPlan.objects.get_or_create(placement=placement)
    if not created:
        return plan
    template = template_for(placement.programme)
    PlanPeriod.objects.bulk_create(
        PlanPeriod(
            plan=plan,
            kind=period.kind,
            start=add_months(placement.start, period.start_month),
            end=add_months(placement.start, period.start_month + period.months) - timedelta(days=1),
            institution=period.institution,
        )
        for period in template.periods.all()
    )
    PlannedCourse.objects.bulk_create(
        PlannedCourse(plan=plan, name=course.name, date=add_months(placement.start, course.month))
        for course in template.courses.all()
    )
    return plan


# --- Learning objectives ---------------------------------------------------------------


def progress_for(placement, objective):
    """The placement's progress row on the objective, unsaved if not started."""
    return ObjectiveProgress.objects.filter(placement=placement, objective=objective).first() or (
        ObjectiveProgress(placement=placement, objective=objective)
    )


@transaction.atomic
def log_activity(progress, *, by, note):
    require(permissions.can_log_activity(by, progress))
    progress.status = ObjectiveProgress.Status.LOGGED
    progress.activity_note = note.strip()
    progress.logged_by = by
    progress.logged_at = timezone.now()
    progress.save()
    return progress


@transaction.atomic
def sign(progress, *, by):
    require(permissions.can_sign(by, progress))
    progress.status = ObjectiveProgress.Status.SIGNED
    progress.signed_by = by
    progress.signed_at = timezone.now()
    progress.save()
    return progress


@transaction.atomic
def approve(progress, *, by):
    require(permissions.can_approve(by, progress))
    progress.status = ObjectiveProgress.Status.APPROVED
    progress.approved_by = by
    progress.approved_at = timezone.now()
    progress.save()
    return progress
