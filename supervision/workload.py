"""Supervisors' hours for pages of the floor below: a supervisor's year on "Mine ALIS"
(settings.PANELS["my_alis"]) and the hours column of the supervisor directory."""

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


def hours_by_supervisor(user, *, supervisors, year):
    """The supervisor directory's hours column (settings.PANELS["supervisor_directory"]):
    counting hours each supervisor logged in `year`, in one query."""
    logged = (
        SupervisionSession.objects.counting()
        .filter(supervisor__in=supervisors, date__year=year)
        .values("supervisor")
        .annotate(minutes=Sum("minutes"))
    )
    return {
        "hours_by_supervisor": {
            row["supervisor"]: minutes_as_hours(row["minutes"]) for row in logged
        }
    }
