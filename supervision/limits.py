"""Plausibility limits for the numbers typed in supervision: what is refused (with the field
and the allowed range named) and what is unusual but possible (asked to be confirmed).
The per-session and per-meeting bounds are also database constraints (models.py); a month's
total and a batch's length are checked here and in the services."""

from decimal import Decimal

from django.db.models import Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import MAX_SESSION_MINUTES, STEP_MINUTES, SupervisionSession
from .months import month_bounds
from .units import duration_label, hours_label

UNUSUAL_SESSION_MINUTES = 3 * 60
UNUSUAL_MONTH_MINUTES = 12 * 60
MAX_MONTH_MINUTES = 40 * 60
MAX_BATCH_ROWS = 31
MIN_MEETING_HOURS, MAX_MEETING_HOURS = Decimal("0.25"), Decimal(12)
UNUSUAL_MEETING_HOURS = Decimal(8)


def session_minutes_error(minutes):
    """The message for a duration outside 15 minutes – 8 hours in quarters, or None."""
    if minutes is None:
        return None
    if minutes % STEP_MINUTES or not STEP_MINUTES <= minutes <= MAX_SESSION_MINUTES:
        return _("Varighet må være mellom 15 minutter og 8 timer, i kvarter (fikk %(m)s).") % {
            "m": minutes
        }
    return None


def logged_in_month(placement, day, exclude=None):
    """Minutes of every session already logged for the placement in day's month."""
    first, last = month_bounds(day)
    sessions = SupervisionSession.objects.filter(
        placement=placement, date__gte=first, date__lte=last
    )
    if exclude:
        sessions = sessions.exclude(pk=exclude)
    return sessions.aggregate(minutes=Sum("minutes"))["minutes"] or 0


def month_error(placement, day, minutes, *, exclude=None, pending=0):
    """Refused when the month would hold more than MAX_MONTH_MINUTES. `pending`: minutes of
    other rows of the same batch in that month, not saved yet."""
    if day is None or minutes is None:
        return None
    before = logged_in_month(placement, day, exclude) + pending
    if before + minutes <= MAX_MONTH_MINUTES:
        return None
    left = max(MAX_MONTH_MINUTES - before, 0)
    return _(
        "Varighet: høyst %(max)s veiledning per måned er mulig, og %(month)s har "
        "allerede %(before)s. Tillatt for denne timen: 0–%(left)s."
    ) % {
        "max": duration_label(MAX_MONTH_MINUTES),
        "month": date_format(day, "YEAR_MONTH_FORMAT"),
        "before": duration_label(before),
        "left": duration_label(left),
    }


def session_warnings(placement, day, minutes, *, exclude=None, pending=0):
    """What is possible but unusual about a session, each as a question to confirm."""
    if day is None or minutes is None:
        return []
    warnings = []
    if minutes > UNUSUAL_SESSION_MINUTES:
        warnings.append(
            _(
                "Varighet %(value)s er uvanlig lang for én veiledningstime (mer enn %(limit)s). "
                "Stemmer det?"
            )
            % {"value": duration_label(minutes), "limit": duration_label(UNUSUAL_SESSION_MINUTES)}
        )
    total = logged_in_month(placement, day, exclude) + pending + minutes
    if total > UNUSUAL_MONTH_MINUTES:
        warnings.append(
            _(
                "Med denne timen blir det %(total)s veiledning i %(month)s, uvanlig mye "
                "(mer enn %(limit)s). Stemmer det?"
            )
            % {
                "total": duration_label(total),
                "month": date_format(day, "YEAR_MONTH_FORMAT"),
                "limit": duration_label(UNUSUAL_MONTH_MINUTES),
            }
        )
    return warnings


def meeting_warnings(hours):
    if hours is not None and hours > UNUSUAL_MEETING_HOURS:
        message = _(
            "Timer: %(value)s er uvanlig langt for ett gruppemøte (mer enn %(limit)s). Stemmer det?"
        )
        return [
            message % {"value": hours_label(hours), "limit": hours_label(UNUSUAL_MEETING_HOURS)}
        ]
    return []
