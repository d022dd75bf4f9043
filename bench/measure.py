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
from bench.sizes import NATIONAL, SMALL

RATIO_TARGET = 1.3
PAGE_TARGET = "×small ≤ 1.3, same queries, p95 ≤ 2 × median, first ≤ 2 × median"


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


def timed_get(client, url):
    """(seconds, queries, status) of one request."""
    connection.queries_log.clear()  # a full log (9,000 queries) would count 0 from then on
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
    return elapsed, len(captured), response.status_code


def signed_in(email):
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def page_figures(sizes, urls, requests):
    """{size: (times, queries of the last, status of the last, first load)}: the sizes
    take turns request by request, so a busy moment of the machine hits both alike."""
    clients, found = {}, {}
    for size, (email, url) in urls.items():
        with sizes.use(size):
            clients[size] = signed_in(email)
            first = timed_get(clients[size], url)[0]  # the first load in this process
            found[size] = ([], None, None, first)
    for _ in range(requests):
        for size, (_email, url) in urls.items():
            with sizes.use(size):
                elapsed, queries, status = timed_get(clients[size], url)
            times, *_rest, first = found[size]
            times.append(elapsed)
            found[size] = (times, queries, status, first)
    return found


def page_row(name, figures):
    small_times, queries_small, status_small, _ = figures[SMALL]
    times, queries, status, first = figures[NATIONAL]
    small_median = summary(small_times)[0]
    median, p95 = summary(times)
    ratio = median / small_median
    first_ms = first * 1000
    met = (
        ratio <= RATIO_TARGET
        and queries == queries_small
        and p95 <= 2 * median
        and first_ms <= 2 * median
        and status == status_small == 200
    )
    print(
        f"  {name:<44} {small_median:7.1f} → {median:7.1f} ms  ×{ratio:4.2f}  "
        f"{queries_small:>3}/{queries:<3} spørringer  første {first_ms:6.1f} ms",
        flush=True,
    )
    return {
        **row(name, median=median, p95=p95, queries=queries, target=PAGE_TARGET, met=met),
        "small_median_ms": round(small_median, 1),
        "queries_small": queries_small,
        "ratio_to_small": round(ratio, 2),
        "first_ms": round(first_ms, 1),
        "note": f"{status_small}/{status}",
    }


def page_lists(sizes):
    """{page name: {size: (email, url)}} for the pages found at both sizes."""
    found = {}
    for size in (SMALL, NATIONAL):
        with sizes.use(size):
            for name, email, url in pages():
                found.setdefault(name, {})[size] = (email, url)
    return found


def bench_pages(sizes, requests):
    rows = []
    for name, urls in page_lists(sizes).items():
        if any(url is None for _email, url in urls.values()):
            rows.append(row(name, note=NOT_YET, target=PAGE_TARGET))
        else:
            rows.append(page_row(name, page_figures(sizes, urls, requests)))
    return rows
