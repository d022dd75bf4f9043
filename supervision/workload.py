"""A supervisor's year on the "Mine ALIS" page (settings.PANELS["my_alis"]): minutes they
logged against the minutes the monthly check required of their current ALIS."""

from django.db.models import Sum
from django.utils import timezone

from supervision.models import MonthlyCheck, SupervisionSession


def supervision_hours(user, *, placements, year=None):
    year = year or timezone.localdate().year
    logged = (
        SupervisionSession.objects.counting()
        .filter(supervisor=user, date__year=year)
        .aggregate(minutes=Sum("minutes"))["minutes"]
        or 0
    )
    required = (
        MonthlyCheck.objects.filter(month__year=year, placement__in=placements).aggregate(
            minutes=Sum("required_minutes")
        )["minutes"]
        or 0
    )
    return {
        "year": year,
        "logged_hours": round(logged / 60, 1),
        "required_hours": round(required / 60, 1),
    }
