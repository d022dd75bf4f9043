"""The 10.5-month rule: under a programme's yearly rule (the national scheme) the supervision
a placement owes is the monthly minimum × 10.5 per 12-month year, pro rata for part years
and absences; a month below the monthly figure is "behind", and only the year, once over,
decides a deficit.

Required minutes for a year = ceil(minimum × 10.5 × eligible days / days in the year), in
integer arithmetic (× 21 / 2). Eligible days are those of supervision/requirement.py (the
placement's period less its absences), summed over the year's twelve months. National:
240 × 10.5 = 2520 minutes (42 hours) in a full year; from 1 July 2025 it is
ceil(2520 × 184 / 365) = 1271.

One query answers any number of placements (year_rows); run_yearly_check stores the answer
for a year that is over, in three statements, and notifies each deficit once."""

from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from placements.models import Programme

from .models import SupervisionSession, YearlyCheck
from .requirement import REQUIRED
from .services import _send_on_commit

YEARLY_DEFICIT_TASK = "supervision.tasks.send_yearly_deficit_notice"
YEARLY = Programme.SupervisionRule.YEARLY_AVERAGE

# Per placement active in the year: its rule and minimum, eligible days (all, and in the
# months already over), minutes logged, minutes required month by month (all, and over),
# and the months already over that fell short of their monthly figure.
_YEAR = f"""
WITH {REQUIRED},
logged AS (
    SELECT s.placement_id, date_trunc('month', s.date)::date AS month,
           SUM(s.minutes)::int AS minutes
      FROM supervision_supervisionsession s
     WHERE s.date BETWEEN %(first)s::date AND %(last)s::date
       AND s.kind = %(individual)s AND s.status <> %(disputed)s
       AND (%(placements)s::bigint[] IS NULL OR s.placement_id = ANY(%(placements)s::bigint[]))
     GROUP BY 1, 2
),
per_month AS (
    SELECT r.placement_id, r.days, r.minutes AS required, COALESCE(l.minutes, 0) AS logged,
           r.month < %(this_month)s::date AS over
      FROM required r
      LEFT JOIN logged l ON l.placement_id = r.placement_id AND l.month = r.month
)
SELECT m.placement_id, pr.supervision_rule, pr.monthly_supervision_minutes,
       SUM(m.days)::int, COALESCE(SUM(m.days) FILTER (WHERE m.over), 0)::int,
       SUM(m.logged)::int, SUM(m.required)::int,
       COALESCE(SUM(m.required) FILTER (WHERE m.over), 0)::int,
       COUNT(*) FILTER (WHERE m.over AND m.logged < m.required)::int
  FROM per_month m
  JOIN placements_placement p ON p.id = m.placement_id
  JOIN placements_programme pr ON pr.id = p.programme_id
 WHERE (%(rule)s::text IS NULL OR pr.supervision_rule = %(rule)s::text)
 GROUP BY m.placement_id, pr.supervision_rule, pr.monthly_supervision_minutes
"""  # noqa: S608 (constant SQL text; every value is a parameter)


def year_bounds(year):
    return date(year, 1, 1), date(year, 12, 31)


def days_in(year):
    return (date(year + 1, 1, 1) - date(year, 1, 1)).days


def yearly_minutes(minimum, eligible_days, year):
    """ceil(minimum × 10.5 × eligible_days / days in the year), exactly."""
    return -(-(minimum * 21 * eligible_days) // (2 * days_in(year)))


@dataclass(frozen=True)
class YearRow:
    """One placement's year: `required` for the whole year, `target` for the months over so
    far (the pro-rata target a running total is measured against), `done` logged."""

    placement_id: int
    rule: str
    eligible_days: int
    required: int
    target: int
    done: int
    short_months: int
    status: str


def year_rows(year, *, placements=None, rule=None, today=None):
    """{placement id: YearRow} for the placements (ids; None: all) active in `year`, one
    query. rule: only placements whose programme has this supervision rule."""
    today = today or timezone.localdate()
    first, last = year_bounds(year)
    params = {
        "months": [date(year, m, 1) for m in range(1, 13)],
        "placements": None if placements is None else list(placements),
        "first": first,
        "last": last,
        "this_month": today.replace(day=1),
        "individual": SupervisionSession.Kind.INDIVIDUAL,
        "disputed": SupervisionSession.Status.DISPUTED,
        "rule": rule,
    }
    with connection.cursor() as cursor:
        cursor.execute(_YEAR, params)
        return {row[0]: _year_row(year, today, *row) for row in cursor}


def _year_row(year, today, pk, rule, minimum, days, days_over, done, by_month, over, short):
    if rule == YEARLY:
        required = yearly_minutes(minimum, days, year)
        target = yearly_minutes(minimum, days_over, year)
    else:
        required, target = by_month, over
    row = YearRow(pk, rule, days, required, target, done, short, "")
    return YearRow(**{**row.__dict__, "status": _status(row, year, today)})


def _status(row, year, today):
    """ok / behind / deficit. Yearly rule: a year over is ok or deficit on its total; a year
    under way is behind while the running total is below the pro-rata target so far. The
    monthly rule: a deficit as soon as a month over fell short."""
    if row.rule != YEARLY:
        return "deficit" if row.short_months else "ok"
    if today > date(year, 12, 31):
        return "ok" if row.done >= row.required else "deficit"
    return "ok" if row.done >= row.target else "behind"


def year_status(placement_ids, year):
    """{placement id: {"required", "done", "status", "target"}} for every id asked, minutes;
    a placement not active in the year owes nothing ("ok"). The claim reads this."""
    rows = year_rows(year, placements=placement_ids)
    empty = {"required": 0, "done": 0, "target": 0, "status": "ok"}
    return {
        pk: (
            {"required": r.required, "done": r.done, "target": r.target, "status": r.status}
            if (r := rows.get(pk))
            else dict(empty)
        )
        for pk in placement_ids
    }


# --- The yearly check -------------------------------------------------------------------

_PRUNE = """
DELETE FROM supervision_yearlycheck
 WHERE year = %(year)s AND (%(placements)s::bigint[] IS NULL OR
       placement_id = ANY(%(placements)s::bigint[]))
   AND NOT (placement_id = ANY(%(kept)s::bigint[]))
"""

# Compare-and-set: claim each deficit once per placement-year; only claimed rows notify.
_CLAIM = """
UPDATE supervision_yearlycheck SET notified_at = now()
 WHERE year = %(year)s AND status = %(deficit)s AND notified_at IS NULL
   AND (%(placements)s::bigint[] IS NULL OR placement_id = ANY(%(placements)s::bigint[]))
RETURNING id
"""


class YearNotOver(ValueError):
    pass


def run_yearly_check(year, *, notify=True, placements=None, today=None):
    """Decide the deficits of `year` (over) for every yearly-rule placement (or only
    `placements`, ids), in four statements whatever their number: compute, prune, upsert,
    claim. Returns the ids of the rows newly claimed for a notice."""
    today = today or timezone.localdate()
    if today <= date(year, 12, 31):
        raise YearNotOver(f"Året {year} er ikke over; årskontrollen kjøres for et avsluttet år.")
    rows = year_rows(year, placements=placements, rule=YEARLY, today=today)
    now = timezone.now()
    checks = [
        YearlyCheck(
            placement_id=r.placement_id,
            year=year,
            eligible_days=r.eligible_days,
            required_minutes=r.required,
            logged_minutes=r.done,
            status=r.status,
            checked_at=now,
        )
        for r in rows.values()
    ]
    params = {
        "year": year,
        "placements": None if placements is None else list(placements),
        "kept": list(rows),
        "deficit": YearlyCheck.Status.DEFICIT,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_PRUNE, params)
        YearlyCheck.objects.bulk_create(
            checks,
            update_conflicts=True,
            unique_fields=["placement", "year"],
            update_fields=[
                "eligible_days",
                "required_minutes",
                "logged_minutes",
                "status",
                "checked_at",
            ],
        )
        if not notify:
            return []
        cursor.execute(_CLAIM, params)
        claimed = [row[0] for row in cursor.fetchall()]
        for check_id in claimed:
            _send_on_commit(YEARLY_DEFICIT_TASK, check_id)
    return claimed
