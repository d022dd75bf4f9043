from django import template
from django.db.models import Q, Sum
from django.utils import timezone

from placements.models import Placement, SupervisorAssignment

from ..models import MAX_SESSION_MINUTES, STEP_MINUTES, SupervisionSession
from ..requirement import with_month_requirement
from ..units import hours_label

register = template.Library()


@register.filter
def hours(value):
    """{{ meeting.hours|hours }} -> "7,5 t"."""
    return hours_label(value)


@register.inclusion_tag("supervision/partials/supervisor_panel.html")
def supervisor_panel(user):
    """The supervisor's ALIS on the dashboard, each with this month's minutes against what
    the month requires of them, and a button straight to the logging form (two queries)."""
    today = timezone.localdate()
    counting = Q(
        supervision_sessions__date__gte=today.replace(day=1),
        supervision_sessions__kind=SupervisionSession.Kind.INDIVIDUAL,
    ) & ~Q(supervision_sessions__status=SupervisionSession.Status.DISPUTED)
    placements = (
        Placement.objects.active(today)
        .filter(
            pk__in=SupervisorAssignment.objects.filter(supervisor=user, start__lte=today)
            .filter(Q(end__isnull=True) | Q(end__gte=today))
            .values("placement")
        )
        .select_related("doctor", "municipality", "centre", "programme")
        .annotate(month_minutes=Sum("supervision_sessions__minutes", filter=counting))
        .order_by("doctor__name")
    )
    return {"placements": with_month_requirement(placements, today)}


@register.inclusion_tag("supervision/partials/quick_log.html")
def quick_log(placement):
    """Today's individual session in two taps and one typed number: the minutes. It posts
    to the ordinary logging form, which shows any error with what was typed."""
    return {
        "placement": placement,
        "today": timezone.localdate(),
        "kind": SupervisionSession.Kind.INDIVIDUAL,
        "step": STEP_MINUTES,
        "max_minutes": MAX_SESSION_MINUTES,
    }
