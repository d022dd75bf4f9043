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
    span = max((last - first).days, 1)
    inner = WIDTH - 2 * PAD

    def x(day):
        return round(PAD + (day - first).days / span * inner, 1)

    lanes = []
    y = PAD
    for kind in PeriodKind:
        bars = []
        for p in periods:
            if p.kind != kind:
                continue
            left, right = x(p.start), x(p.end)
            title = f"{kind.label}: {_day(p.start)}–{_day(p.end)}"
            if p.institution:
                title += f" ({p.institution})"
            bars.append(
                {
                    "x": left,
                    "width": max(round(right - left, 1), 2),
                    "title": title,
                    "label": p.institution if right - left > 8 * len(p.institution) else "",
                }
            )
        lanes.append({"kind": kind, "label": kind.label, "css": CSS[kind], "y": y, "bars": bars})
        y += LANE_HEIGHT + LANE_GAP
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
