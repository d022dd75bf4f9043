"""A supervisor's year on the "Mine ALIS" page (settings.PANELS["my_alis"]): minutes they
logged against the minutes the monthly check required of their current ALIS."""

from django.db.models import Sum
from django.utils import timezone

from supervision.models import MonthlyCheck, SupervisionSession
from supervision.units import minutes_as_hours


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
        # Decimals without trailing zeros: the page prints "2 t", not "2.0 t".
        "logged_hours": minutes_as_hours(logged),
        "required_hours": minutes_as_hours(required),
    }
