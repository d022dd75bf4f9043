"""Timing helpers of the benchmark (bench/run.py) and the page figures.

Needs Django set up (bench/django_setup.py) before it is imported."""

import statistics
import time

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alisvest.models import User
from bench.pages import pages
from bench.report import NOT_YET

PAGE_TARGET = "median ≤ 150 ms"


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


def time_page(client, url, requests):
    """(seconds per request, queries of the last, status of the last)."""
    times, queries, status = [], None, None
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        status = response.status_code
        queries = len(captured)
    return times, queries, status


def page_row(name, email, url, requests):
    client = Client()
    client.force_login(User.objects.get(email=email))
    client.get(url)  # warm-up: caches, first-use imports
    times, queries, status = time_page(client, url, requests)
    median, p95 = summary(times)
    print(f"  {name:<44} {median:8.1f} ms  {queries:>4} spørringer", flush=True)
    return row(
        name,
        median=median,
        p95=p95,
        queries=queries,
        target=PAGE_TARGET,
        met=median <= 150 and status == 200,
        note=f"{url} → {status}",
    )


def bench_pages(requests):
    rows = []
    for name, email, url in pages():
        if url is None:
            rows.append(row(name, note=NOT_YET, target=PAGE_TARGET))
        else:
            rows.append(page_row(name, email, url, requests))
    return rows
