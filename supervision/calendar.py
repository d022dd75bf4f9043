"""Group supervision in the calendar feed (alisvest/calendar.py): the meetings of the groups
the person leads, and of the groups their own placements belong to."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from alisvest.calendar import Event
from supervision.models import GroupMeeting


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
