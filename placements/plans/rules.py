"""Rule warnings for an education plan, as pure functions over (kind, start, end) periods.

The specialist rules since 1 March 2019 (DOMAIN.md, "Education"): at least 5 years in all,
at least 2 years of open unselected general practice, other GP work up to 2.5 years, at
least 6 months of institutional service, and group supervision with at least one of its
years in open unselected practice.

Durations are counted in days, both ends included, over the union of the periods (two
overlapping periods of the same kind do not count twice). A year is 365.25 days and a
month 30.44, rounded down: 2 years = 730 days, 5 years = 1826, 6 months = 182.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from placements.plans.models import PeriodKind

DAYS_PER_YEAR = 365.25


def years(n):
    return int(n * DAYS_PER_YEAR)


def months(n):
    return int(n * DAYS_PER_YEAR / 12)


MIN_TOTAL = years(5)
MIN_OPEN_PRACTICE = years(2)
MAX_OTHER_GP_WORK = years(2.5)
MIN_INSTITUTION = months(6)
MIN_GROUP_IN_OPEN_PRACTICE = years(1)


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date


@dataclass(frozen=True)
class Warning:
    code: str
    message: str


def merge(intervals):
    """Sorted, non-overlapping (start, end) intervals; adjacent days join."""
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def covered_days(intervals):
    return sum((end - start).days + 1 for start, end in merge(intervals))


def overlap_days(first, second):
    total = 0
    for a_start, a_end in merge(first):
        for b_start, b_end in merge(second):
            start, end = max(a_start, b_start), min(a_end, b_end)
            if start <= end:
                total += (end - start).days + 1
    return total


def _of(periods, *kinds):
    return [(p.start, p.end) for p in periods if p.kind in kinds]


def as_years(days):
    return f"{days / DAYS_PER_YEAR:.1f}".replace(".", ",")


def total_too_short(periods):
    days = covered_days(
        _of(periods, PeriodKind.OPEN_PRACTICE, PeriodKind.OTHER_GP_WORK, PeriodKind.INSTITUTION)
    )
    if days < MIN_TOTAL:
        return Warning(
            "total",
            _("Planen dekker %(years)s år; utdanningen skal vare minst 5 år.")
            % {"years": as_years(days)},
        )
    return None


def open_practice_too_short(periods):
    days = covered_days(_of(periods, PeriodKind.OPEN_PRACTICE))
    if days < MIN_OPEN_PRACTICE:
        return Warning(
            "open_practice",
            _("Åpen uselektert allmennpraksis er %(years)s år; det kreves minst 2 år.")
            % {"years": as_years(days)},
        )
    return None


def other_gp_work_too_long(periods):
    days = covered_days(_of(periods, PeriodKind.OTHER_GP_WORK))
    if days > MAX_OTHER_GP_WORK:
        return Warning(
            "other_gp_work",
            _("Annet allmennlegearbeid er %(years)s år; høyst 2,5 år kan telle med.")
            % {"years": as_years(days)},
        )
    return None


def institution_too_short(periods):
    days = covered_days(_of(periods, PeriodKind.INSTITUTION))
    if days < MIN_INSTITUTION:
        return Warning(
            "institution",
            _("Institusjonstjenesten er %(months)s måneder; det kreves minst 6 måneder.")
            % {"months": int(days / (DAYS_PER_YEAR / 12))},
        )
    return None


def group_supervision_outside_open_practice(periods):
    days = overlap_days(
        _of(periods, PeriodKind.GROUP_SUPERVISION), _of(periods, PeriodKind.OPEN_PRACTICE)
    )
    if days < MIN_GROUP_IN_OPEN_PRACTICE:
        if not _of(periods, PeriodKind.GROUP_SUPERVISION):
            message = _(
                "Planen mangler gruppeveiledning; minst ett av de to årene skal være i åpen "
                "uselektert allmennpraksis."
            )
        else:
            message = _(
                "Gruppeveiledningen ligger %(years)s år i åpen uselektert allmennpraksis; "
                "minst ett år skal det."
            ) % {"years": as_years(days)}
        return Warning("group_supervision", message)
    return None


RULES = [
    total_too_short,
    open_practice_too_short,
    other_gp_work_too_long,
    institution_too_short,
    group_supervision_outside_open_practice,
]


def plan_warnings(periods):
    """Every rule's warning for these periods, in a fixed order; [] when the plan is sound."""
    periods = [Period(p.kind, p.start, p.end) for p in periods]
    return [w for w in (rule(periods) for rule in RULES) if w is not None]
