"""Supervision's cards on pages of a lower floor (settings.PANELS)."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import portfolio_jobs
from .models import GROUP_REQUIREMENT_HOURS, GroupAttendance, MonthlyCheck
from .record import reflections_of
from .units import hours_label


def group_hours(user, *, placement):
    """The ALIS's own plan page (PANELS["my_plan"]): the group supervision meetings they
    attended, in all groups, with the running total against the 120 hours (one query).
    `placement` comes from the page, already in the user's scope."""
    attended = (
        GroupAttendance.objects.filter(membership__placement=placement)
        .select_related("meeting__group")
        .order_by("meeting__date", "meeting__pk")
    )
    rows, total = [], Decimal(0)
    for row in attended:
        total += row.meeting.hours
        rows.append(
            {
                "date": row.meeting.date,
                "group": row.meeting.group.name,
                "hours": hours_label(row.meeting.hours),
                "running": hours_label(total),
            }
        )
    return {
        "group_supervision": {
            "meetings": rows,
            "total": hours_label(total),
            "requirement": hours_label(GROUP_REQUIREMENT_HOURS),
            "left": hours_label(max(GROUP_REQUIREMENT_HOURS - total, 0)),
            "percent": min(100, round(total * 100 / GROUP_REQUIREMENT_HOURS)),
        }
    }


def portfolio_card(user, *, placement):
    """The portfolio's card on the ALIS's plan page and the placement page
    (PANELS["my_plan"], PANELS["placement"]): the button that makes it, the job being made
    and the latest file (two queries). `placement` is already in the user's scope."""
    done = portfolio_jobs.latest_done(placement)
    return {
        "portfolio": {
            "url": reverse("supervision:portfolio", args=[placement.pk]),
            "download_url": reverse("supervision:portfolio_download", args=[placement.pk]),
            "running": portfolio_jobs.unfinished(placement) is not None,
            "made_at": done.finished_at if done else None,
        }
    }


def reflections(user, *, placement):
    """The ALIS's own plan page (PANELS["my_plan"]): their reflections on sessions,
    objectives and periods, shared and private, and where to write a new one (one query)."""
    items = [
        {
            "subject": str(r.subject),
            "date": r.created_at,
            "shared": r.shared,
            "text": r.text,
            "url": reverse("supervision:reflection_edit", args=[r.pk]),
        }
        for r in reflections_of(user, placement)[:50]
    ]
    return {
        "reflections": {
            "items": items,
            "new_url": reverse("supervision:reflection_create", args=[placement.pk]),
        }
    }


def office_supervision(user, *, municipalities):
    """The regional office's dashboard (PANELS["office"]): per municipality, the placements
    with a supervision deficit in the last twelve months (one query, in the user's scope)."""
    since = (timezone.localdate() - timedelta(days=365)).replace(day=1)
    deficits = (
        MonthlyCheck.objects.for_user(user)
        .filter(
            status=MonthlyCheck.Status.DEFICIT,
            month__gte=since,
            placement__municipality__in=municipalities,
        )
        .values("placement__municipality")
        .annotate(n=Count("placement", distinct=True))
        .values_list("placement__municipality", "n")
    )
    return {
        "office_supervision": {
            "title": _("Med underskudd på veiledning siste 12 mnd."),
            "counts": dict(deficits),
        }
    }
