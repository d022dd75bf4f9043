"""Group supervision in the calendar feed (alisvest/calendar.py): the meetings of the groups
the person leads, and of the groups their own placements belong to; and the due dates of
half-year reviews."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alisvest.calendar import Event
from placements.models import Placement, SupervisorAssignment
from supervision.models import GroupMeeting
from supervision.reviews import schedule


def group_meetings(user, since):
    meetings = (
        GroupMeeting.objects.filter(date__gte=since)
        .filter(Q(group__leader=user) | Q(group__memberships__placement__doctor__user=user))
        .select_related("group")
        .distinct()
    )
    return [
        Event(
            uid=f"supervision.groupmeeting.{m.pk}",
            title=_("Gruppeveiledning: %(group)s") % {"group": m.group.name},
            day=m.date,
            url=reverse("supervision:group_detail", args=[m.group_id]),
            description=m.topic,
        )
        for m in meetings
    ]


def review_due_dates(user, since):
    """The next half-year review's due date of each placement the user is ALIS in or
    supervises now (one event per placement: the ones already due are on the to-do list,
    which the feed adds as deadlines)."""
    today = timezone.localdate()
    placements = Placement.objects.filter(
        Q(doctor__user=user)
        | Q(
            pk__in=SupervisorAssignment.objects.current()
            .filter(supervisor=user)
            .values("placement")
        )
    ).select_related("doctor")
    periods = schedule(placements)
    events = []
    for p in placements:
        upcoming = next((h for h in periods[p.pk] if h.due > today and h.due >= since), None)
        if upcoming is not None:
            events.append(
                Event(
                    uid=f"supervision.review.{p.pk}.{upcoming.number}",
                    title=_("Halvårsvurdering %(n)s: %(doctor)s")
                    % {"n": upcoming.number, "doctor": p.doctor.name},
                    day=upcoming.due,
                    url=reverse("supervision:review_list", args=[p.pk]),
                )
            )
    return events
