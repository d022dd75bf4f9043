"""Payment deadlines fall on a working day: never a weekend nor a Norwegian public holiday
(Easter, Whitsun, 17 May, Christmas), from the kept `holidays` calendar."""

from datetime import timedelta
from functools import cache

import holidays


@cache  # a settlement list asks for every row; the calendar of a year never changes
def _public_holidays(year):
    # Sundays are weekend days below; the calendar lists only the named holidays.
    return holidays.country_holidays("NO", years=[year, year + 1], include_sundays=False)


def business_day(day):
    """`day`, or the first day after it that is neither a weekend nor a public holiday."""
    closed = _public_holidays(day.year)
    while day.weekday() >= 5 or day in closed:
        day += timedelta(days=1)
    return day
