"""The information meetings of calls the health manager's municipality signed up for, in
their calendar feed (alisvest/calendar.py)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alisvest.calendar import Event
from placements.applications.models import MeetingSignup


def information_meetings(user, since):
    managed = user.access.managed_municipalities
    signups = MeetingSignup.objects.filter(
        municipality__in=managed, call__meeting_at__date__gte=since
    ).select_related("call")
    return [
        Event(
            uid=f"placements.meetingsignup.{s.pk}",
            title=_("Informasjonsmøte: %(call)s") % {"call": s.call.title},
            day=timezone.localdate(s.call.meeting_at),
            url=reverse("placements:call_detail", args=[s.call_id]),
            description=s.call.meeting_place,
        )
        for s in signups
    ]
