"""Geometry of the education-plan timeline, drawn server-side as SVG by
placements/partials/plan_timeline.html. Colours come from CSS classes (CSP: no inline
style attributes)."""

from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from placements.plans.models import PeriodKind

WIDTH = 800
PAD = 12
LANE_HEIGHT = 26
LANE_GAP = 8
COURSE_LANE = 26
AXIS = 30

CSS = {
    PeriodKind.OPEN_PRACTICE: "tl-open",
    PeriodKind.OTHER_GP_WORK: "tl-other",
    PeriodKind.INSTITUTION: "tl-institution",
    PeriodKind.GROUP_SUPERVISION: "tl-group",
}


def _day(d):
    return date_format(d, "d.m.Y")


def build_timeline(placement, periods, courses, today=None):
    today = today or timezone.localdate()
    days = [placement.start, placement.end]
    days += [p.start for p in periods] + [p.end for p in periods] + [c.date for c in courses]
    first, last = min(days), max(days)
    x = _scale(first, last)
    lanes = _lanes(periods, x)
    y = PAD + len(lanes) * (LANE_HEIGHT + LANE_GAP)
    course_y = y + COURSE_LANE / 2
    markers = [
        {"x": x(c.date), "y": course_y, "title": f"{c.name}: {_day(c.date)}"} for c in courses
    ]
    axis_y = y + COURSE_LANE + 4
    ticks = [
        {"x": x(date(year, 1, 1)), "label": year}
        for year in range(first.year + 1, last.year + 1)
        if first < date(year, 1, 1) <= last
    ]
    return {
        "width": WIDTH,
        "height": axis_y + AXIS,
        "lanes": lanes,
        "lane_height": LANE_HEIGHT,
        "courses": markers,
        "axis_y": axis_y,
        "label_y": axis_y + 20,
        "ticks": ticks,
        "today_x": x(today) if first <= today <= last else None,
        "ended_x": x(placement.actual_end) if placement.actual_end else None,
        "ended_title": f"{_('Sluttet')} {_day(placement.actual_end)}"
        if placement.actual_end
        else "",
        "first": first,
        "last": last,
    }


def _scale(first, last):
    """Day -> x in the drawing, from the first to the last day shown."""
    span = max((last - first).days, 1)
    inner = WIDTH - 2 * PAD

    def x(day):
        return round(PAD + (day - first).days / span * inner, 1)

    return x


def _lanes(periods, x):
    """One lane per kind of period, top down, each with its bars."""
    lanes = []
    y = PAD
    for kind in PeriodKind:
        bars = [_bar(kind, p, x) for p in periods if p.kind == kind]
        lanes.append({"kind": kind, "label": kind.label, "css": CSS[kind], "y": y, "bars": bars})
        y += LANE_HEIGHT + LANE_GAP
    return lanes


def _bar(kind, period, x):
    left, right = x(period.start), x(period.end)
    title = f"{kind.label}: {_day(period.start)}–{_day(period.end)}"
    if period.institution:
        title += f" ({period.institution})"
    return {
        "x": left,
        "width": max(round(right - left, 1), 2),
        "title": title,
        "label": period.institution if right - left > 8 * len(period.institution) else "",
    }
