"""Grant statements on the national data: computed only, then the PDFs rendered by two
Celery worker processes (the funding app's own task).

Needs Django set up (bench/django_setup.py) before it is imported."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from celery import group
from django.utils import timezone

from alisvest.celery import app
from bench.measure import rolled_back, row, summary
from demo.synthetic import PROGRAMME_SLUG
from funding.models import GrantStatement
from funding.services import compute_statements
from funding.tasks import render_and_send
from placements.models import Programme

ROOT = Path(__file__).resolve().parent.parent


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


def compute_row(programme, year, runs):
    def compute():
        return compute_statements(year, programmes=[programme.pk])

    rolled_back(compute)
    computed = [rolled_back(compute) for _ in range(runs)]
    drafts = computed[0][2]
    median, p95 = summary([t for t, _q, _v in computed])
    return row(
        f"Tilskuddsoppgjør {year}, beregning ({len(drafts)} kommuner, "
        f"{sum(len(d.lines) for d in drafts)} linjer)",
        median=median,
        p95=p95,
        queries=computed[0][1],
        target="≤ 2000 ms",
        met=p95 <= 2000,
    )


def clear_pdfs(statements):
    """Delete the statements' PDFs so every one is rendered again."""
    storage = GrantStatement._meta.get_field("pdf").storage
    for path in statements.exclude(pdf="").values_list("pdf", flat=True):
        storage.delete(path)
    statements.update(pdf="", pdf_generated_at=None)


def start_worker(queue, url):
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-q", "-A", "alisvest", "worker", "-c", "2", "-Q", queue,
         "-n", f"{queue}@%h", "--without-gossip", "--without-mingle", "-l", "warning"],
        env={**os.environ, "DATABASE_URL": url},
        cwd=ROOT,
    )  # fmt: skip


def render(ids, url):
    """(seconds, peak RSS of a pool process, RSS of the main process) for rendering ids."""
    queue = f"bench-{os.getpid()}"
    worker = start_worker(queue, url)
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
    return elapsed, peak, main


def render_rows(programme, year, url):
    statements = GrantStatement.objects.current().filter(year=year, programme=programme)
    ids = list(statements.values_list("pk", flat=True))
    clear_pdfs(statements)
    elapsed, peak, main = render(ids, url)
    made = statements.exclude(pdf="").count()
    return [
        row(
            f"Tilskuddsoppgjør {year} med PDF, 2 Celery-arbeidere ({made} PDF-er)",
            median=elapsed * 1000,
            p95=elapsed * 1000,
            target="≤ 60 s",
            met=elapsed <= 60 and made == len(ids),
            note="én kjøring",
        ),
        row(
            "Minne: oppgjørsjobben (topp RSS)",
            note=f"{peak:.0f} MiB per arbeiderprosess, {main:.0f} MiB hovedprosessen",
        ),
    ]


def bench_statements(runs, url):
    """Last year's statements for every municipality of the synthetic programme."""
    programme = Programme.objects.get(slug=PROGRAMME_SLUG)
    year = timezone.localdate().year - 1
    return [compute_row(programme, year, runs), *render_rows(programme, year, url)]
