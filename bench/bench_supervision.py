"""The monthly supervision check at national scale: 5 000 placements, 1 million sessions.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alisvest .venv/bin/python \
        bench/bench_supervision.py [--placements 5000] [--sessions 1000000] [--month 2025-03]

Builds a separate database (<name>_bench, dropped and recreated) so no real data is
touched, fills it with generate_series in SQL, then times run_monthly_check for one month:
the first run (5 000 inserts), and a re-run (5 000 updates), each with the compare-and-set
claim of deficits. Both runs are rolled back after timing so no notice is ever sent.
Target: at most 2 seconds, and the same number of queries whatever the scale."""

# The repository goes on sys.path and Django is set up before the imports that need it:
# ruff: noqa: E402
import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.django_setup import setup

URL, NAME, PARTS = setup("_bench")

# isort: split
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from alisvest.models import User
from bench.database import recreate
from placements.models import Programme
from supervision.models import MonthlyCheck
from supervision.months import parse_month
from supervision.services import run_monthly_check

# One centre per current municipality.
CENTRES = """
    INSERT INTO placements_medicalcentre (municipality_id, name, ownership, address,
        doctor_count, specialist_count, doctor_ages, doctor_specialties, has_lis1,
        has_alis_office, support_staff_count, support_staff_competence, equipment,
        accepts_alis)
    SELECT id, 'Legesenter ' || number, 'municipal', '', 5, 2, '', '', false, true,
           3, '', '{}', true
      FROM placements_municipality WHERE valid_to IS NULL
"""
# Doctors and placements: starts spread over 2021-04 .. 2025-02, five years each,
# one in ten ended early (some mid-month in the checked month).
DOCTORS = """
    INSERT INTO placements_doctor (programme_id, name, email, hpr_number)
    SELECT %s, 'Lege ' || g, 'lege' || g || '@bench.no', (1000000 + g)::text
      FROM generate_series(1, %s) g
"""
PLACEMENTS = """
    WITH d AS (SELECT id, row_number() OVER (ORDER BY id) AS g FROM placements_doctor),
         c AS (SELECT id, municipality_id, row_number() OVER (ORDER BY id) - 1 AS k,
                      count(*) OVER () AS total FROM placements_medicalcentre),
         s AS (SELECT d.id AS doctor_id, d.g,
                      date '2021-04-01' + ((d.g * 37) %% 1400)::int AS start
                 FROM d)
    INSERT INTO placements_placement (programme_id, doctor_id, municipality_id,
        centre_id, contract_type, position_percent, list_length, other_work_percent,
        start, planned_end, actual_end, end_reason, end_note, destination)
    SELECT %s, s.doctor_id, c.municipality_id, c.id, 'fastlonn', 100, 750, 0,
           s.start, (s.start + interval '5 years')::date,
           CASE WHEN s.g %% 10 = 0 THEN date '2025-03-01' + (s.g %% 28)::int END,
           CASE WHEN s.g %% 10 = 0 THEN 'familie' ELSE '' END, '', ''
      FROM s JOIN c ON c.k = s.g %% c.total
"""
ASSIGNMENTS = """
    INSERT INTO placements_supervisorassignment (placement_id, supervisor_id, start,
        "end", is_specialist, same_centre)
    SELECT id, %s, start, NULL, true, true FROM placements_placement
"""
# Absences: one placement in four has one, 3 to 40 days long.
ABSENCES = """
    INSERT INTO placements_absence (placement_id, kind, start, "end",
        substitute_arranged, note, end_decision)
    SELECT id, 'sykdom', start + (id * 53 % 1000)::int,
           start + (id * 53 % 1000)::int + (3 + id % 38)::int, false, '', ''
      FROM placements_placement WHERE id % 4 = 0
"""
# Sessions: `per` per placement, spread evenly over the placement's period up to
# today; 15–120 minutes; one in ten "other"; one in fifty disputed.
SESSIONS = """
    INSERT INTO supervision_supervisionsession (placement_id, supervisor_id, date,
        minutes, kind, topics, status, alis_comment,
        resolution_note, created_at)
    SELECT p.id, %(supervisor)s,
           p.start + ((g * (LEAST(COALESCE(p.actual_end, p.planned_end),
                                  current_date) - p.start)) / %(per)s)::int,
           15 * (1 + (p.id + g) %% 8),
           CASE WHEN g %% 10 = 0 THEN 'annet' ELSE 'individuell' END,
           '',
           CASE WHEN (p.id + g) %% 50 = 0 THEN 'bestridt' ELSE 'bekreftet' END,
           '', '', now()
      FROM placements_placement p CROSS JOIN generate_series(0, %(per)s - 1) g
"""


class Rollback(Exception):
    pass


def timed_run(month, *, keep):
    """One check, timed; rolled back unless keep (so on-commit notices never fire)."""
    try:
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            run = run_monthly_check(month, notify=not keep)
            elapsed = time.perf_counter() - start
            if not keep:
                raise Rollback
    except Rollback:
        pass
    return elapsed, len(queries), run


def build(n, per):
    """Migrate and fill the empty database: n placements with per sessions each; the
    number of sessions."""
    call_command("migrate", verbosity=0)
    programme = Programme.objects.create(name="Nasjonal", slug="nasjonal", started="2017-01-01")
    supervisor = User.objects.create_user(email="veileder@bench.no", name="Veileder")
    with connection.cursor() as cur:
        cur.execute(CENTRES)
        cur.execute(DOCTORS, [programme.pk, n])
        cur.execute(PLACEMENTS, [programme.pk])
        cur.execute(ASSIGNMENTS, [supervisor.pk])
        cur.execute(ABSENCES)
        cur.execute(SESSIONS, {"supervisor": supervisor.pk, "per": per})
        cur.execute("SELECT count(*) FROM supervision_supervisionsession")
        sessions = cur.fetchone()[0]
    connection.close()
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    return sessions


def report(args, n, sessions, built, runs):
    (first_time, first_queries, first_run), (rerun_time, rerun_queries, rerun_run) = runs
    month = parse_month(args.month)
    rows = MonthlyCheck.objects.filter(month=month)
    by_status = {s: rows.filter(status=s).count() for s in ("ok", "deficit", "exempt")}
    print(f"database {NAME}: {n} placements, {sessions} sessions (built in {built:.1f} s)")
    print(f"month {args.month}: {rows.count()} placements checked, {by_status}")
    print(
        f"first run: {first_time:.3f} s, {first_queries} queries, "
        f"{len(first_run.claimed)} deficits claimed"
    )
    print(
        f"re-run:    {rerun_time:.3f} s, {rerun_queries} queries, "
        f"{len(rerun_run.claimed)} deficits claimed"
    )
    worst = max(first_time, rerun_time)
    print(("OK" if worst <= 2 else "TOO SLOW") + f": worst {worst:.3f} s against a 2 s target")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--placements", type=int, default=5000)
    parser.add_argument("--sessions", type=int, default=1_000_000)
    parser.add_argument("--month", default="2025-03")
    args = parser.parse_args()

    recreate(PARTS, NAME)
    t0 = time.perf_counter()
    n, per = args.placements, max(1, args.sessions // args.placements)
    sessions = build(n, per)
    built = time.perf_counter() - t0

    month = parse_month(args.month)
    first = timed_run(month, keep=False)
    timed_run(month, keep=True)  # leave rows behind so the re-run updates them
    rerun = timed_run(month, keep=False)
    report(args, n, sessions, built, (first, rerun))


if __name__ == "__main__":
    main()
