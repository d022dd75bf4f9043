"""Group supervision in the calendar feed (alisvest/calendar.py): the meetings of the groups
the person leads, and of the groups their own placements belong to; and the due dates of
half-year reviews."""

from django.db.models import Q
from django.urls import reverse
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
    """The due dates of the half-year reviews of the placements the user is ALIS in or
    supervises now; the to-do list adds the ones already due as deadlines."""
    placements = Placement.objects.filter(
        Q(doctor__user=user)
        | Q(
            pk__in=SupervisorAssignment.objects.current()
            .filter(supervisor=user)
            .values("placement")
        )
    ).select_related("doctor")
    periods = schedule(placements)
    return [
        Event(
            uid=f"supervision.review.{p.pk}.{h.number}",
            title=_("Halvårsvurdering %(n)s: %(doctor)s")
            % {"n": h.number, "doctor": p.doctor.name},
            day=h.due,
            url=reverse("supervision:review_list", args=[p.pk]),
        )
        for p in placements
        for h in periods[p.pk]
        if h.due >= since
    ]
