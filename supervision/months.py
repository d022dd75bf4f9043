"""Month arithmetic for the supervision check: plain dates, nothing of the app."""

import calendar
from datetime import date

from django.utils import timezone


def month_bounds(month):
    first = month.replace(day=1)
    days = calendar.monthrange(first.year, first.month)[1]
    return first, first.replace(day=days)


def parse_month(text):
    """'2026-03' -> date(2026, 3, 1); ValueError with a Norwegian message otherwise."""
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except (ValueError, AttributeError) as error:
        raise ValueError(f"Måned må skrives ÅÅÅÅ-MM, f.eks. 2026-03 (fikk «{text}»).") from error


def previous_month(today=None):
    today = today or timezone.localdate()
    first = today.replace(day=1)
    return (first - timezone.timedelta(days=1)).replace(day=1)


def months_between(start, end):
    """The first days of the months from start's month to end's, both included."""
    month, last = start.replace(day=1), end.replace(day=1)
    found = []
    while month <= last:
        found.append(month)
        month = (month + timezone.timedelta(days=32)).replace(day=1)
    return found
