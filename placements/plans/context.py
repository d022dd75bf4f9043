"""What the plan and objective pages and partials show, computed in a fixed number of
queries."""

from collections import OrderedDict

from placements import relations
from placements.plans import permissions
from placements.plans.models import EducationPlan, LearningObjective, ObjectiveProgress
from placements.plans.rules import plan_warnings
from placements.plans.timeline import build_timeline

Status = ObjectiveProgress.Status
BAR_WIDTH = 300


def plan_context(user, placement, with_timeline=True, administers=None):
    """administers: whether the user administers the placement's municipality, if the
    caller already knows (the placement page asks once for all its parts)."""
    plan = EducationPlan.objects.filter(placement=placement).first()
    periods = list(plan.periods.all()) if plan else []
    courses = list(plan.courses.all()) if plan else []
    context = {
        "placement": placement,
        "plan": plan,
        "periods": periods,
        "courses": courses,
        "warnings": plan_warnings(periods) if plan else [],
        "can_edit_plan": permissions.can_edit_plan(user, placement)[0]
        if administers is None
        else administers or relations.is_alis_of(user, placement),
        "leads_programme": relations.leads_programme_of(user, placement),
        "groups": group_progress(placement),
    }
    if with_timeline and plan:
        context["timeline"] = build_timeline(placement, periods, courses)
    return context


def group_progress(placement):
    return group_progress_for([placement])[placement.pk]


def group_progress_for(placements):
    """Per placement and objective group: how many objectives are in each step, and the
    bar's segments. Two queries, however many placements."""
    statuses = {
        (placement_id, objective_id): status
        for placement_id, objective_id, status in ObjectiveProgress.objects.filter(
            placement__in=[p.pk for p in placements]
        ).values_list("placement", "objective", "status")
    }
    catalogue = {}
    for pk, programme_id, group in (
        LearningObjective.objects.filter(programme__in={p.programme_id for p in placements})
        .order_by("order", "code")
        .values_list("pk", "programme", "group")
    ):
        catalogue.setdefault(programme_id, []).append((pk, group))
    result = {}
    for placement in placements:
        groups = OrderedDict()
        for pk, group in catalogue.get(placement.programme_id, []):
            counts = groups.setdefault(group, dict.fromkeys(Status.values, 0))
            counts[statuses.get((placement.pk, pk), Status.NOT_STARTED)] += 1
        result[placement.pk] = [_bar(group, counts) for group, counts in groups.items()]
    return result


def _bar(group, counts):
    total = sum(counts.values())
    x = 0.0
    segments = []
    # Furthest step first, so the bar fills from the left as objectives are approved.
    for status, css in (
        (Status.APPROVED, "op-approved"),
        (Status.SIGNED, "op-signed"),
        (Status.LOGGED, "op-logged"),
    ):
        width = round(counts[status] / total * BAR_WIDTH, 1)
        if width:
            segments.append({"x": x, "width": width, "css": css, "count": counts[status]})
        x += width
    return {
        "group": group,
        "total": total,
        "approved": counts[Status.APPROVED],
        "signed": counts[Status.SIGNED],
        "logged": counts[Status.LOGGED],
        "not_started": counts[Status.NOT_STARTED],
        "segments": segments,
        "width": BAR_WIDTH,
    }


def objective_rows(user, placement, only=None):
    """Each objective of the programme with its progress and the steps this user may take
    now. The role checks run once; the services check again when a step is taken."""
    objectives = LearningObjective.objects.filter(programme=placement.programme_id).order_by(
        "order", "code"
    )
    if only is not None:
        objectives = objectives.filter(pk=only.pk)
    progress = {
        p.objective_id: p
        for p in ObjectiveProgress.objects.filter(
            placement=placement, objective__in=objectives
        ).select_related("logged_by", "signed_by", "approved_by")
    }
    is_alis = relations.is_alis_of(user, placement)
    supervises = relations.supervises(user, placement)
    manages = relations.manages_municipality_of(user, placement)
    rows = []
    for objective in objectives:
        p = progress.get(objective.pk) or ObjectiveProgress(
            placement=placement, objective=objective
        )
        rows.append(
            {
                "objective": objective,
                "progress": p,
                "placement": placement,
                "can_log": is_alis and p.status in {Status.NOT_STARTED, Status.LOGGED},
                "can_sign": supervises and p.status == Status.LOGGED,
                "can_approve": manages and p.status == Status.SIGNED,
            }
        )
    return rows
