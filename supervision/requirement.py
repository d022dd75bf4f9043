"""How many minutes of individual supervision a placement owes in a month: the one answer
the monthly check stores and every page shows ("45 av 60 min").

Eligible days are the days of the month inside the placement's period not covered by any
absence; required minutes are ceil(minimum × eligible / days in month) in integer
arithmetic. The SQL below is shared: services.run_monthly_check builds on REQUIRED for
every placement of one month, month_requirements() asks it for a few placements and
months in one query."""

from dataclasses import dataclass

from django.db import connection

# Restricts a query to some placements, or none when %(placements)s is NULL.
IN_PLACEMENTS = "(%(placements)s::bigint[] IS NULL OR {column} = ANY(%(placements)s::bigint[]))"

# months: the months asked about (first days); active: each placement with at least one
# day in a month, and its first and last day there.
ACTIVE = f"""
months AS (
    SELECT m::date AS month,
           ((m + interval '1 month')::date - 1) AS last,
           EXTRACT(day FROM (m + interval '1 month')::date - 1)::int AS month_days
      FROM unnest(%(months)s::date[]) AS m
),
active AS (
    SELECT p.id AS placement_id, mo.month, mo.month_days,
           pr.monthly_supervision_minutes AS minimum,
           GREATEST(p.start, mo.month) AS lo,
           LEAST(COALESCE(p.actual_end, p.planned_end), mo.last) AS hi
      FROM months mo
      JOIN placements_placement p
        ON p.start <= mo.last AND COALESCE(p.actual_end, p.planned_end) >= mo.month
      JOIN placements_programme pr ON pr.id = p.programme_id
     WHERE {IN_PLACEMENTS.format(column="p.id")}
)"""  # noqa: S608 (constant SQL text; every value is a parameter)

REQUIRED = f"""{ACTIVE},
-- Absence days inside the period, overlapping absences merged (range_agg), so eligible
-- days are range arithmetic rather than a row per day (EXPLAIN: 234 ms -> a few ms).
absent AS (
    SELECT a.placement_id, a.month,
           range_agg(daterange(ab.start, ab."end", '[]') * daterange(a.lo, a.hi, '[]'))
             AS days
      FROM active a
      JOIN placements_absence ab ON ab.placement_id = a.placement_id
       AND ab.start <= a.hi AND ab."end" >= a.lo
     GROUP BY a.placement_id, a.month
),
eligible AS (
    SELECT a.placement_id, a.month, a.minimum, a.month_days,
           GREATEST(a.hi - a.lo + 1, 0)
           - COALESCE((SELECT SUM(upper(r) - lower(r)) FROM unnest(ab.days) AS r), 0)::int
             AS days
      FROM active a
      LEFT JOIN absent ab ON ab.placement_id = a.placement_id AND ab.month = a.month
),
required AS (
    SELECT placement_id, month, days,
           (minimum * days + month_days - 1) / month_days AS minutes
      FROM eligible
)"""  # noqa: S608

_SELECT = f"WITH {REQUIRED} SELECT placement_id, month, days, minutes FROM required"  # noqa: S608


@dataclass(frozen=True)
class Requirement:
    eligible_days: int
    minutes: int


def month_requirements(placements, months):
    """{(placement id, month): Requirement} for the placements (objects or ids) active in
    the months (first days), in one query. A placement not active in a month is absent."""
    ids = [getattr(p, "pk", p) for p in placements]
    months = sorted({m.replace(day=1) for m in months})
    if not ids or not months:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_SELECT, {"placements": ids, "months": months})
        return {(pk, month): Requirement(days, minutes) for pk, month, days, minutes in cursor}


def required_minutes(placement, month):
    """The minutes one placement owes in one month (0 when it is not active then)."""
    found = month_requirements([placement], [month]).get((placement.pk, month.replace(day=1)))
    return found.minutes if found else 0


def with_month_requirement(placements, month):
    """The placements as a list, each with `month_required`: its minutes owed in `month`."""
    placements = list(placements)
    found = month_requirements(placements, [month])
    first = month.replace(day=1)
    for placement in placements:
        requirement = found.get((placement.pk, first))
        placement.month_required = requirement.minutes if requirement else 0
    return placements
