from django import template

from placements.plan_context import plan_context

register = template.Library()


@register.inclusion_tag("placements/partials/plan_panel.html", takes_context=True)
def plan_panel(context, placement):
    """The education plan's timeline, warnings and objective bars on a placement's page."""
    request = context["request"]
    return plan_context(request.user, placement) | {"request": request}
