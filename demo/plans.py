"""Demo data for education plans and learning objectives: the programme's template, the
sample objective catalogue, a plan for every demo placement (some breaking the rules so the
warnings show) and progress in every step. Idempotent and deterministic."""

from datetime import timedelta
from pathlib import Path

from django.db.models import Count
from django.utils import timezone

from alisvest.models import User
from placements.models import Placement, Programme
from placements.plans import services
from placements.plans.catalogue import import_objectives, parse_objectives
from placements.plans.models import (
    EducationPlan,
    LearningObjective,
    ObjectiveProgress,
    PeriodKind,
    PlanPeriod,
)

SAMPLE = Path(__file__).resolve().parents[1] / "placements" / "data" / "laeringsmal-eksempel.csv"
Status = ObjectiveProgress.Status


def _break_rules(plan, index):
    """Every third plan breaks a rule, each a different one."""
    periods = plan.periods.all()
    if index % 3 == 1:  # hospital for four months only
        hospital = periods.filter(kind=PeriodKind.INSTITUTION).first()
        if hospital:
            hospital.end = services.add_months(hospital.start, 4) - timedelta(days=1)
            hospital.save()
    elif index % 3 == 2:  # group supervision during the hospital year, and a short plan
        group = periods.filter(kind=PeriodKind.GROUP_SUPERVISION).first()
        hospital = periods.filter(kind=PeriodKind.INSTITUTION).first()
        if group and hospital:
            group.start = hospital.start
            group.end = services.add_months(hospital.start, 18) - timedelta(days=1)
            group.save()
        last = periods.filter(kind=PeriodKind.OPEN_PRACTICE).order_by("-start").first()
        if last:
            last.end = services.add_months(last.start, 18)
            last.save()
    else:  # a sound plan with some nursing-home work beside the list
        PlanPeriod.objects.create(
            plan=plan,
            kind=PeriodKind.OTHER_GP_WORK,
            start=services.add_months(plan.placement.start, 6),
            end=services.add_months(plan.placement.start, 18),
        )


def _progress(placement, objectives, index, now):
    """The first placements get objectives in every step, furthest first."""
    supervisor = (
        placement.supervisor_assignments.select_related("supervisor").order_by("start").first()
    )
    alis = placement.doctor.user
    manager = User.objects.filter(
        email={"4601": "alice@demo.alisvest.no", "4614": "bob@demo.alisvest.no"}.get(
            placement.municipality.number, ""
        )
    ).first()
    steps = [Status.APPROVED] * 3 + [Status.SIGNED] * 3 + [Status.LOGGED] * 4
    for n, (objective, status) in enumerate(zip(objectives[index % 4 :], steps, strict=False)):
        if status in (Status.SIGNED, Status.APPROVED) and supervisor is None:
            status = Status.LOGGED
        if status == Status.APPROVED and manager is None:
            status = Status.SIGNED
        when = now - timedelta(days=200 - 10 * n)
        fields = {
            "status": status,
            "activity_note": f"Demo: aktivitet på {objective.code}",
            "logged_by": alis,
            "logged_at": when,
        }
        if status in (Status.SIGNED, Status.APPROVED):
            fields |= {"signed_by": supervisor.supervisor, "signed_at": when + timedelta(days=3)}
        if status == Status.APPROVED:
            fields |= {"approved_by": manager, "approved_at": when + timedelta(days=7)}
        ObjectiveProgress.objects.get_or_create(
            placement=placement, objective=objective, defaults=fields
        )


def seed(stdout):
    vest = Programme.objects.filter(slug="alis-vest").first()
    if vest is None:
        return
    services.template_for(vest)
    import_objectives(vest, parse_objectives(SAMPLE.read_bytes()))
    objectives = list(LearningObjective.objects.filter(programme=vest).order_by("order", "code"))
    now = timezone.now().replace(microsecond=0)
    today = timezone.localdate()
    placements = list(
        Placement.objects.filter(programme=vest)
        .select_related("doctor", "municipality", "programme")
        .annotate(supervisors=Count("supervisor_assignments"))
        .order_by("start", "pk")
    )
    # Placements with a supervisor and an ALIS login first: those are the ones demo users see.
    placements.sort(
        key=lambda p: (not p.supervisors, p.doctor.user_id is None, not p.start <= today <= p.end)
    )
    for index, placement in enumerate(placements):
        created = not EducationPlan.objects.filter(placement=placement).exists()
        plan = services.create_plan(placement)
        if created:
            _break_rules(plan, index)
        if index < 6:
            _progress(placement, objectives, index, now)
    stdout.write(f"Utdanningsplaner: {len(placements)}, læringsmål: {len(objectives)}")
