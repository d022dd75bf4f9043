"""Annual grant statements at national scale: 357 municipalities, one statement each.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alisvest REDIS_URL=redis://127.0.0.1:6379/4 \
        .venv/bin/python bench/bench_statements.py [--per-municipality 3] [--workers 2]

Builds a separate database (<name>_statements_bench, dropped and recreated): one centre per
current municipality, `--per-municipality` placements each with four expenses. Then times
1. computing the year's statements (no writes), with its query count;
2. issuing them (computing and storing 357 numbered statements with their lines);
3. rendering all 357 PDFs through `--workers` Celery worker processes (one task per
   municipality, concurrency 1 each), from dispatch until the group has completed.
PDFs go to a temporary MEDIA_ROOT; nothing is e-mailed (no managers in the bench data)."""

# The repository goes on sys.path and Django is set up before the imports that need it:
# ruff: noqa: E402
import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.django_setup import setup

URL, NAME, PARTS = setup(
    "_statements_bench",
    environ={
        "MEDIA_ROOT": tempfile.mkdtemp(prefix="statements-bench-"),
        "EMAIL_URL": "dummymail://",
    },
)

# isort: split
from celery import group
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench.database import recreate
from funding import services, tasks
from funding.models import GrantScheme, GrantStatement
from placements.models import Programme

QUEUE = "bench-statements"
YEAR = 2024
CENTRES = """
    INSERT INTO placements_medicalcentre (municipality_id, name, ownership, address,
        doctor_count, specialist_count, doctor_ages, doctor_specialties, has_lis1,
        has_alis_office, support_staff_count, support_staff_competence, equipment,
        accepts_alis)
    SELECT id, 'Legesenter ' || number, 'municipal', '', 5, 2, '', '', false, true,
           3, '', '{}', true
      FROM placements_municipality WHERE valid_to IS NULL
"""
DOCTORS = """
    INSERT INTO placements_doctor (programme_id, name, email, hpr_number)
    SELECT %s, 'Lege ' || g, 'lege' || g || '@bench.no', (1000000 + g)::text
      FROM generate_series(1, (SELECT count(*) FROM placements_medicalcentre) * %s) g
"""
# Starts spread over 2021-2024, so some lines are part-year.
PLACEMENTS = """
    WITH d AS (SELECT id, row_number() OVER (ORDER BY id) AS g FROM placements_doctor),
         c AS (SELECT id, municipality_id, row_number() OVER (ORDER BY id) - 1 AS k,
                      count(*) OVER () AS total FROM placements_medicalcentre)
    INSERT INTO placements_placement (programme_id, doctor_id, municipality_id,
        centre_id, contract_type, position_percent, list_length, other_work_percent,
        start, planned_end, actual_end, end_reason, end_note, destination)
    SELECT %s, d.id, c.municipality_id, c.id, 'fastlonn', 100, 750, 0,
           date '2021-03-01' + ((d.g * 37) %% 1300)::int,
           date '2021-03-01' + ((d.g * 37) %% 1300)::int + 1826, NULL, '', '', ''
      FROM d JOIN c ON c.k = d.g %% c.total
"""
EXPENSES = """
    INSERT INTO funding_expense (placement_id, year, category, amount, description,
        attachment, attachment_name, attachment_type, created_at)
    SELECT p.id, %s, cat, 10000 + (p.id * 7919 + g * 104729) %% 60000, '', '', '',
           '', now()
      FROM placements_placement p
      CROSS JOIN generate_series(1, 4) g
      CROSS JOIN LATERAL (SELECT (ARRAY['kursavgift', 'vikar', 'reise',
                                        'veiledningsgruppe'])[g] AS cat) c
"""


def build(per):
    """Migrate and fill the empty database; the number of placements."""
    call_command("migrate", verbosity=0)
    programme = Programme.objects.create(name="Nasjonal", slug="nasjonal", started="2017-01-01")
    GrantScheme.objects.create(
        programme=programme,
        name="Bench",
        kind=GrantScheme.Kind.PER_YEAR,
        valid_from="2017-01-01",
        annual_cap=200_000,
        annual_own_share=50_000,
    )
    with connection.cursor() as cur:
        cur.execute(CENTRES)
        cur.execute(DOCTORS, [programme.pk, per])
        cur.execute(PLACEMENTS, [programme.pk])
        cur.execute(EXPENSES, [YEAR])
        cur.execute("SELECT count(*) FROM placements_placement")
        placements = cur.fetchone()[0]
    connection.close()
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    return placements


def start_workers(count, env):
    workers = []
    for i in range(count):
        workers.append(
            subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "alisvest",
                    "worker",
                    "-Q",
                    QUEUE,
                    "-c",
                    "1",
                    "-n",
                    f"bench{i}@%h",
                    "--loglevel",
                    "WARNING",
                    "--without-gossip",
                    "--without-mingle",
                ],
                cwd=ROOT,
                env=env,
            )  # fmt: skip
        )
    return workers


def compute_and_issue():
    """Time computing, then issuing, the year's statements; print both; the statements."""
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        drafts = services.compute_statements(YEAR)
        computed = time.perf_counter() - start
    lines = sum(len(d.lines) for d in drafts)
    with CaptureQueriesContext(connection) as issue_queries, transaction.atomic():
        start = time.perf_counter()
        statements = services.issue_statements(YEAR)
        issued = time.perf_counter() - start
    return statements, [
        f"compute {len(drafts)} statements, {lines} lines: {computed:.3f} s, "
        f"{len(queries)} queries",
        f"issue (compute + store): {issued:.3f} s, {len(issue_queries)} queries",
    ]


def render_pdfs(statements, count):
    """Render every statement's PDF through count workers; print the time."""
    workers = start_workers(count, dict(os.environ))
    try:
        time.sleep(8)  # let the workers connect before the clock starts
        ids = [s.pk for s in statements]
        start = time.perf_counter()
        result = group(tasks.render_and_send.s(pk, True).set(queue=QUEUE) for pk in ids)()
        while not result.ready():
            time.sleep(0.2)
        rendered = time.perf_counter() - start
        failed = sum(1 for r in result.results if r.failed())
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
    done = GrantStatement.objects.exclude(pdf="").count()
    print(
        f"PDFs through {count} workers: {done}/{len(ids)} in {rendered:.1f} s "
        f"({rendered / max(done, 1) * 1000:.0f} ms per statement, {failed} failed)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-municipality", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-pdf", action="store_true")
    args = parser.parse_args()

    recreate(PARTS, NAME)
    t0 = time.perf_counter()
    placements = build(args.per_municipality)
    built = time.perf_counter() - t0
    statements, lines = compute_and_issue()
    print(f"database {NAME}: {placements} placements (built in {built:.1f} s)")
    print("\n".join(lines))
    if not args.skip_pdf:
        render_pdfs(statements, args.workers)


if __name__ == "__main__":
    main()
