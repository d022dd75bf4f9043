"""The benchmark suite at national scale (`make bench`).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alisvest .venv/bin/python bench/run.py \
        [--seed 1] [--requests 20] [--regenerate] [--only NAME]

Uses its own database (<name>_bench on the same server, never the one in DATABASE_URL),
fills it once with `generate_synthetic --scale national` and reuses it while the seed, the
generator and the migrations are the same. Then it measures every figure, prints a table
and writes bench/results.json. Figures move with the machine: nothing here is a test.
"""

import argparse
import hashlib
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results.json"
NOT_YET = "not yet available"


# --- the bench database -------------------------------------------------------------------


def bench_url(url):
    parts = urlsplit(url)
    name = (parts.path.lstrip("/") or "alisvest") + "_bench"
    if name.endswith("_bench_bench"):
        name = name[: -len("_bench")]
    return urlunsplit(parts._replace(path=f"/{name}")), name, parts


def admin_connect(parts):
    import psycopg

    return psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True)


def fingerprint(seed):
    """What the generated data depends on: the seed, the generator and the migrations."""
    digest = hashlib.sha256(f"seed={seed}".encode())
    for path in sorted(
        [ROOT / "alisvest" / "synthetic.py", *ROOT.glob("*/migrations/0*.py")],
        key=lambda p: str(p.relative_to(ROOT)),
    ):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_data(url, name, parts, seed, regenerate):
    """(reused, generation figures); generates in a subprocess so its peak RSS is its own."""
    import psycopg

    wanted = fingerprint(seed)
    with admin_connect(parts) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if exists and not regenerate:
        with psycopg.connect(url) as conn:
            try:
                row = conn.execute(
                    "SELECT value FROM bench_meta WHERE key = 'generation'"
                ).fetchone()
            except psycopg.Error:
                row = None
        if row and json.loads(row[0]).get("fingerprint") == wanted:
            return True, json.loads(row[0])
    with admin_connect(parts) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": url}
    manage = [sys.executable, str(ROOT / "manage.py")]
    print(f"» Lager nasjonale syntetiske data i {name} (frø {seed}) …", flush=True)
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)  # noqa: S603
    start = time.perf_counter()
    out = subprocess.run(  # noqa: S603
        [*manage, "generate_synthetic", "--scale", "national", "--seed", str(seed)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    print(out, end="")
    wall = time.perf_counter() - start
    match = re.search(r"time=([\d.]+)s peak_rss=(\d+)MiB", out)
    figures = {
        "fingerprint": wanted,
        "seed": seed,
        "seconds": float(match[1]) if match else wall,
        "wall_seconds": round(wall, 1),
        "peak_rss_mib": int(match[2]) if match else None,
    }
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE bench_meta (key text PRIMARY KEY, value text NOT NULL)")
        conn.execute("INSERT INTO bench_meta VALUES ('generation', %s)", [json.dumps(figures)])
        conn.execute("VACUUM ANALYZE")
    return False, figures


# --- measuring ----------------------------------------------------------------------------


def summary(times):
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times) * 1000, p95 * 1000


def row(name, *, median=None, p95=None, queries=None, ratio=None, target="", met=None, note=""):
    return {
        "name": name,
        "median_ms": None if median is None else round(median, 1),
        "p95_ms": None if p95 is None else round(p95, 1),
        "queries": queries,
        "ratio_to_floor": None if ratio is None else round(ratio, 2),
        "target": target,
        "met": met,
        "note": note,
    }


class Rollback(Exception):
    pass


def rolled_back(function, after=None):
    """Run function in a transaction that is always rolled back; (seconds, queries, value),
    value from after() if given (run untimed, before the rollback)."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    try:
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            value = function()
            elapsed = time.perf_counter() - start
            count = len(queries)
            if after is not None:
                value = after()
            raise Rollback
    except Rollback:
        pass
    return elapsed, count, value


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


def bench_monthly_check(runs):
    from django.db import connection
    from django.utils import timezone

    from supervision.models import MonthlyCheck
    from supervision.months import month_bounds, previous_month
    from supervision.services import run_monthly_check

    month = previous_month(timezone.localdate())
    first, last = month_bounds(month)
    params = {"first": first, "last": last, "days": last.day}

    def check():
        run_monthly_check(month, notify=True)  # the claim runs too; rolled back, none sent

    def first_run():
        MonthlyCheck.objects.filter(month=first).delete()  # untimed: as before the 1st run
        start = time.perf_counter()
        run_monthly_check(month, notify=True)
        return time.perf_counter() - start

    def totals():
        with connection.cursor() as cursor:
            cursor.execute(CHECK_TOTALS, params)
            return cursor.fetchone()

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(FLOOR, params)
            return cursor.fetchone()

    rolled_back(check)  # warm the caches
    check_runs = [rolled_back(check, totals) for _ in range(runs)]
    floor_runs = [rolled_back(floor) for _ in range(runs)]
    first_runs = [rolled_back(first_run)[2] for _ in range(runs)]
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


def bench_pages(requests):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from alisvest.models import User

    rows = []
    from bench.pages import pages

    for name, email, url in pages():
        if url is None:
            rows.append(row(name, note=NOT_YET, target="median ≤ 150 ms"))
            continue
        client = Client()
        client.force_login(User.objects.get(email=email))
        client.get(url)  # warm-up: caches, first-use imports
        times, queries, status = [], None, None
        for _ in range(requests):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - start)
            status = response.status_code
            queries = len(captured)
        median, p95 = summary(times)
        rows.append(
            row(
                name,
                median=median,
                p95=p95,
                queries=queries,
                target="median ≤ 150 ms",
                met=median <= 150 and status == 200,
                note=f"{url} → {status}",
            )
        )
        print(f"  {name:<44} {median:8.1f} ms  {queries:>4} spørringer", flush=True)
    return rows


def children_of(pid):
    """Process ids whose parent is pid (the Celery pool processes)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def peak_rss_mib(pid):
    """VmHWM: the highest resident set size the process has had."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0


def bench_statements(runs, url):
    """Grant statements for every municipality for last year: computed only, then the PDFs
    rendered by two Celery worker processes (the funding app's own task)."""
    try:
        from funding.models import GrantStatement
        from funding.services import compute_statements
        from funding.tasks import render_and_send
    except ImportError:
        return [
            row("Tilskuddsoppgjør, beregning", note=NOT_YET, target="≤ 2000 ms"),
            row("Tilskuddsoppgjør med PDF, 2 Celery-arbeidere", note=NOT_YET, target="≤ 60 s"),
            row("Minne: oppgjørsjobben (topp RSS)", note=NOT_YET),
        ]
    from celery import group
    from django.utils import timezone

    from alisvest.celery import app
    from demo.synthetic import PROGRAMME_SLUG
    from placements.models import Programme

    programme = Programme.objects.get(slug=PROGRAMME_SLUG)
    year = timezone.localdate().year - 1

    def compute():
        return compute_statements(year, programmes=[programme.pk])

    rolled_back(compute)
    computed = [rolled_back(compute) for _ in range(runs)]
    drafts = computed[0][2]
    median, p95 = summary([t for t, _q, _v in computed])
    rows = [
        row(
            f"Tilskuddsoppgjør {year}, beregning ({len(drafts)} kommuner, "
            f"{sum(len(d.lines) for d in drafts)} linjer)",
            median=median,
            p95=p95,
            queries=computed[0][1],
            target="≤ 2000 ms",
            met=p95 <= 2000,
        )
    ]
    statements = GrantStatement.objects.current().filter(year=year, programme=programme)
    ids = list(statements.values_list("pk", flat=True))
    storage = GrantStatement._meta.get_field("pdf").storage
    for path in statements.exclude(pdf="").values_list("pdf", flat=True):
        storage.delete(path)
    statements.update(pdf="", pdf_generated_at=None)
    queue = f"bench-{os.getpid()}"
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-q", "-A", "alisvest", "worker", "-c", "2", "-Q", queue,
         "-n", f"{queue}@%h", "--without-gossip", "--without-mingle", "-l", "warning"],
        env={**os.environ, "DATABASE_URL": url},
        cwd=ROOT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        me = [f"{queue}@{socket.gethostname()}"]
        while time.monotonic() < deadline and not app.control.ping(me, timeout=1):
            time.sleep(0.5)
        start = time.perf_counter()
        result = group(render_and_send.s(pk, False).set(queue=queue) for pk in ids).apply_async()
        result.get(timeout=900, disable_sync_subtasks=False)
        elapsed = time.perf_counter() - start
        pool = children_of(worker.pid)
        peak = max([peak_rss_mib(pid) for pid in pool] or [0])
        main = peak_rss_mib(worker.pid)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    made = statements.exclude(pdf="").count()
    rows.append(
        row(
            f"Tilskuddsoppgjør {year} med PDF, 2 Celery-arbeidere ({made} PDF-er)",
            median=elapsed * 1000,
            p95=elapsed * 1000,
            target="≤ 60 s",
            met=elapsed <= 60 and made == len(ids),
            note="én kjøring",
        )
    )
    rows.append(
        row(
            "Minne: oppgjørsjobben (topp RSS)",
            note=f"{peak:.0f} MiB per arbeiderprosess, {main:.0f} MiB hovedprosessen",
        )
    )
    return rows


# --- output -------------------------------------------------------------------------------


def machine():
    cpus = os.cpu_count()
    with open("/proc/meminfo") as f:
        mem_kib = int(f.readline().split()[1])
    model = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return (
        f"{cpus} CPU ({model}), {mem_kib / 1024 / 1024:.0f} GiB, Python {platform.python_version()}"
    )


def print_table(rows):
    header = f"{'Figur':<46} {'median':>10} {'p95':>10} {'spørr.':>6} {'gulv×':>6}  mål"
    print(header)
    print("-" * len(header))
    for r in rows:

        def ms(value):
            return "" if value is None else f"{value:.1f} ms"

        mark = {True: "OK", False: "IKKE NÅDD", None: ""}[r["met"]]
        print(
            f"{r['name'][:46]:<46} {ms(r['median_ms']):>10} {ms(r['p95_ms']):>10} "
            f"{'' if r['queries'] is None else r['queries']:>6} "
            f"{'' if r['ratio_to_floor'] is None else r['ratio_to_floor']:>6}  "
            f"{r['target']} {mark} {r['note'] if r['note'] == NOT_YET else ''}".rstrip()
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--check-runs", type=int, default=7)
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()

    url, name, parts = bench_url(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/alisvest")
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alisvest.settings.dev")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
    reused, generation = ensure_data(url, name, parts, args.seed, args.regenerate)
    os.environ["DATABASE_URL"] = url

    import django

    django.setup()

    rows = []
    print("» Månedskontroll mot SQL-gulvet …", flush=True)
    rows += bench_monthly_check(args.check_runs)
    print("» Tilskuddsoppgjør …", flush=True)
    rows += bench_statements(args.check_runs, url)
    print(f"» Sider, {args.requests} forespørsler hver …", flush=True)
    rows += bench_pages(args.requests)
    rows.append(
        row(
            "Minne: syntetisk generator (topp RSS)",
            note=f"{generation['peak_rss_mib']} MiB, {generation['seconds']:.1f} s "
            f"(nasjonal skala, frø {generation['seed']})",
            target="≤ 5 min",
            met=generation["seconds"] <= 300,
        )
    )
    result = {
        "machine": machine(),
        "taken_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        # The machine is shared: its load average says how much of it the run had.
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "database": name,
        "data_reused": reused,
        "generation": generation,
        "rows": rows,
    }
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print()
    print(f"Maskin: {result['machine']}")
    print_table(rows)
    print(f"\nSkrevet til {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
