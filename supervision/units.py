"""Hours as people write them: "2 t", "2,5 t", never "2.0"."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _


def tidy_hours(value, places=2):
    """A number of hours rounded to `places` decimals without trailing zeros, so it prints
    as 2 or 2,5 (and still compares equal to 2.0 or 2.5)."""
    if value is None:
        return None
    step = Decimal(1).scaleb(-places)
    rounded = Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return Decimal(int(rounded))
    return Decimal(format(rounded, "f").rstrip("0"))


def minutes_as_hours(minutes, places=1):
    return tidy_hours(Decimal(minutes or 0) / 60, places)


def hours_label(value):
    """ "2 t", "2,5 t" in the active language's number format."""
    return _("%(h)s t") % {"h": number_format(tidy_hours(value or 0))}


def duration_label(minutes):
    """90 -> "1 t 30 min"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("%(m)s min") % {"m": rest}
    if not rest:
        return _("%(h)s t") % {"h": hours}
    return _("%(h)s t %(m)s min") % {"h": hours, "m": rest}
