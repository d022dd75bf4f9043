from django import template

from placements.plans.context import group_progress_for, plan_context

register = template.Library()


@register.inclusion_tag("placements/partials/plan_panel.html", takes_context=True)
def plan_panel(context, placement):
    """The education plan's timeline, warnings and objective bars on a placement's page."""
    request = context["request"]
    # The placement page passes its one may-edit answer as `can_edit`.
    administers = context.get("can_edit")
    return plan_context(request.user, placement, administers=administers) | {"request": request}


@register.simple_tag
def objective_progress_for(assignments):
    """[(placement, groups)] for a supervisor's current assignments, in two queries."""
    placements = list({a.placement.pk: a.placement for a in assignments}.values())
    progress = group_progress_for(placements)
    return [(p, progress[p.pk]) for p in placements]
