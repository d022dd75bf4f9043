"""The monthly supervision check on the national data, against a hand-written SQL floor.

Needs Django set up (bench/django_setup.py) before it is imported."""

import time

from django.db import connection
from django.utils import timezone

from bench.measure import rolled_back, row, summary
from supervision.models import MonthlyCheck
from supervision.months import month_bounds, previous_month
from supervision.services import run_monthly_check

# The floor: one hand-written aggregate giving the check's numbers for every placement with
# a day in the month: eligible days from range arithmetic (absences merged with range_agg),
# logged minutes from the sessions, required = ceil(minimum × eligible / days in month).
FLOOR = """
WITH p AS (
    SELECT p.id, pr.monthly_supervision_minutes AS minimum,
           daterange(GREATEST(p.start, %(first)s), LEAST(COALESCE(p.actual_end, p.planned_end),
                     %(last)s), '[]') AS span
      FROM placements_placement p JOIN placements_programme pr ON pr.id = p.programme_id
     WHERE p.start <= %(last)s AND COALESCE(p.actual_end, p.planned_end) >= %(first)s
), absent AS (
    SELECT p.id, range_agg(daterange(a.start, a."end", '[]') * p.span) AS days
      FROM p JOIN placements_absence a ON a.placement_id = p.id
       AND a.start <= upper(p.span) - 1 AND a."end" >= lower(p.span)
     GROUP BY p.id
), e AS (
    SELECT p.id, p.minimum,
           upper(p.span) - lower(p.span)
           - COALESCE((SELECT sum(upper(r) - lower(r)) FROM unnest(absent.days) r), 0)::int
             AS eligible
      FROM p LEFT JOIN absent ON absent.id = p.id
), logged AS (
    SELECT placement_id, sum(minutes)::int AS minutes
      FROM supervision_supervisionsession
     WHERE date BETWEEN %(first)s AND %(last)s AND kind = 'individuell'
       AND status <> 'bestridt'
     GROUP BY placement_id
)
SELECT count(*) FILTER (WHERE s.status = 'ok'), count(*) FILTER (WHERE s.status = 'deficit'),
       count(*) FILTER (WHERE s.status = 'exempt'), sum(s.eligible), sum(s.required),
       sum(s.logged)
  FROM (SELECT e.eligible, r.required, COALESCE(l.minutes, 0) AS logged,
               CASE WHEN e.eligible = 0 THEN 'exempt'
                    WHEN COALESCE(l.minutes, 0) >= r.required THEN 'ok'
                    ELSE 'deficit' END AS status
          FROM e LEFT JOIN logged l ON l.placement_id = e.id
          CROSS JOIN LATERAL (SELECT (e.minimum * e.eligible + %(days)s - 1) / %(days)s
                                     AS required) r) s
"""

CHECK_TOTALS = """
SELECT count(*) FILTER (WHERE status = 'ok'), count(*) FILTER (WHERE status = 'deficit'),
       count(*) FILTER (WHERE status = 'exempt'), sum(eligible_days), sum(required_minutes),
       sum(logged_minutes)
  FROM supervision_monthlycheck WHERE month = %(first)s
"""


def fetch_one(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def measure(month, params, runs):
    """(check runs, floor runs, first-run seconds), each check run with its totals."""
    first = params["first"]

    def check():
        run_monthly_check(month, notify=True)  # the claim runs too; rolled back, none sent

    def first_run():
        MonthlyCheck.objects.filter(month=first).delete()  # untimed: as before the 1st run
        start = time.perf_counter()
        run_monthly_check(month, notify=True)
        return time.perf_counter() - start

    rolled_back(check)  # warm the caches
    check_runs = [rolled_back(check, lambda: fetch_one(CHECK_TOTALS, params)) for _ in range(runs)]
    floor_runs = [rolled_back(lambda: fetch_one(FLOOR, params)) for _ in range(runs)]
    first_runs = [rolled_back(first_run)[2] for _ in range(runs)]
    return check_runs, floor_runs, first_runs


def check_rows(month, check_runs, floor_runs, first_runs):
    same = check_runs[0][2] == floor_runs[0][2]
    check_median, check_p95 = summary([t for t, _q, _v in check_runs])
    floor_median, floor_p95 = summary([t for t, _q, _v in floor_runs])
    first_median, first_p95 = summary(first_runs)
    totals_by_status = dict(zip(["ok", "deficit", "exempt"], check_runs[0][2][:3], strict=True))
    label = f"Månedskontroll {month:%Y-%m} ({sum(totals_by_status.values())} stillinger)"
    return [
        row(
            f"{label}, ny kjøring",
            median=check_median,
            p95=check_p95,
            queries=check_runs[0][1],
            ratio=check_median / floor_median,
            target="≤ 2000 ms, ≤ 1.5 × gulv",
            met=check_p95 <= 2000 and check_median <= 1.5 * floor_median and same,
            note=("samme tall som gulvet" if same else "AVVIKER fra gulvet")
            + f" {totals_by_status}",
        ),
        row(
            f"{label}, første kjøring (alle rader nye)",
            median=first_median,
            p95=first_p95,
            queries=check_runs[0][1],
            ratio=first_median / floor_median,
            target="≤ 2000 ms",
            met=first_p95 <= 2000,
        ),
        row(
            "Månedskontroll, gulv (én SQL-spørring)",
            median=floor_median,
            p95=floor_p95,
            queries=1,
            note="håndskrevet aggregat, bare lesing",
        ),
    ]


def bench_monthly_check(runs):
    month = previous_month(timezone.localdate())
    first, last = month_bounds(month)
    params = {"first": first, "last": last, "days": last.day}
    return check_rows(month, *measure(month, params, runs))
