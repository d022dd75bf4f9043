"""The courses on the ALIS's own education plan, in their calendar feed
(alisvest/calendar.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from alisvest.calendar import Event
from placements.plans.models import PlannedCourse


def planned_courses(user, since):
    courses = PlannedCourse.objects.filter(date__gte=since, plan__placement__doctor__user=user)
    return [
        Event(
            uid=f"placements.plannedcourse.{c.pk}",
            title=_("Kurs: %(name)s") % {"name": c.name},
            day=c.date,
            url=reverse("placements:my_plan"),
        )
        for c in courses
    ]
