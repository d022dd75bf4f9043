"""The education plan's tasks for the to-do list (alisvest/todo.py): learning objectives to
log, sign and approve, and the ALIS's next course and period. A query per kind of task."""

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alisvest.db import SubqueryCount
from alisvest.roles import access_of
from alisvest.todo import Task
from placements.municipalities.models import Municipality
from placements.register.models import Placement, SupervisorAssignment

from .models import LearningObjective, ObjectiveProgress, PlannedCourse, PlanPeriod

Status = ObjectiveProgress.Status


def _objectives_task(kind, placement, count, title):
    return Task(
        kind=kind,
        title=title % {"n": count, "doctor": placement.doctor.name},
        url=reverse("placements:placement_objectives", args=[placement.pk]),
        due=None,
        object_type="placements.placement",
        object_id=placement.pk,
    )


def _placements_with(status, **scope):
    """Placements in `scope` annotated with how many objectives are at `status`: counted
    per placement in scope, not by a join that walks every objective of the country."""
    at_status = ObjectiveProgress.objects.filter(placement=OuterRef("pk"), status=status)
    return (
        Placement.objects.filter(**scope)
        .annotate(waiting=SubqueryCount(at_status))
        .filter(waiting__gt=0)
        .select_related("doctor")
    )


def supervisor_objectives_to_sign(user):
    current = SupervisorAssignment.objects.current().filter(supervisor=user)
    placements = _placements_with(Status.LOGGED, pk__in=current.values("placement"))
    return [
        _objectives_task(
            "plans.sign_objectives",
            p,
            p.waiting,
            ngettext(
                "%(n)s læringsmål venter på din signatur for %(doctor)s",
                "%(n)s læringsmål venter på din signatur for %(doctor)s",
                p.waiting,
            ),
        )
        for p in placements
    ]


def manager_objectives_to_approve(user):
    managed = access_of(user).managed_municipalities
    if not managed:
        return []
    lineage = Municipality.objects.lineage_of(managed)
    placements = _placements_with(Status.SIGNED).filter(
        Q(municipality__in=lineage) | Q(second_municipality__in=lineage)
    )
    return [
        _objectives_task(
            "plans.approve_objectives",
            p,
            p.waiting,
            ngettext(
                "%(n)s læringsmål venter på godkjenning for %(doctor)s",
                "%(n)s læringsmål venter på godkjenning for %(doctor)s",
                p.waiting,
            ),
        )
        for p in placements
    ]


def alis_objectives_to_log(user):
    """One task per current placement: the catalogue's objectives with no activity yet."""
    begun = ObjectiveProgress.objects.filter(
        placement=OuterRef(OuterRef("pk")), objective=OuterRef("pk")
    ).exclude(status=Status.NOT_STARTED)
    open_objectives = (
        LearningObjective.objects.filter(programme=OuterRef("programme"))
        .filter(~Exists(begun))
        .order_by()
        .values("programme")
        .annotate(n=Count("pk"))
        .values("n")
    )
    placements = (
        Placement.objects.filter(doctor__user=user)
        .active()
        .annotate(open=open_objectives)
        .filter(open__gt=0)
        .select_related("doctor")
    )
    return [
        _objectives_task(
            "plans.log_objectives",
            p,
            p.open,
            ngettext(
                "%(n)s læringsmål uten registrert aktivitet",
                "%(n)s læringsmål uten registrert aktivitet",
                p.open,
            ),
        )
        for p in placements
    ]


def alis_next_course_and_period(user):
    """The next planned course and the next change of period on the ALIS's own plan."""
    today = timezone.localdate()
    mine = {"plan__placement__doctor__user": user}
    course = PlannedCourse.objects.filter(date__gte=today, **mine).order_by("date").first()
    period = PlanPeriod.objects.filter(start__gt=today, **mine).order_by("start").first()
    tasks = []
    if course:
        tasks.append(
            Task(
                kind="plans.next_course",
                title=_("Neste kurs: %(name)s") % {"name": course.name},
                detail=formats.date_format(course.date),
                url=reverse("placements:my_plan"),
                due=course.date,
                object_type="placements.plannedcourse",
                object_id=course.pk,
            )
        )
    if period:
        tasks.append(
            Task(
                kind="plans.next_period",
                title=_("Ny periode fra %(date)s: %(kind)s")
                % {"date": formats.date_format(period.start), "kind": period.get_kind_display()},
                url=reverse("placements:my_plan"),
                due=period.start,
                object_type="placements.planperiod",
                object_id=period.pk,
            )
        )
    return tasks
