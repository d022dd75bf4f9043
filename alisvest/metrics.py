"""Our own Prometheus metrics, beside django-prometheus's request and database ones.

Each is read at scrape time from the place that knows it (the database, Redis, the backup
directory), so every web process and every server answers the same, and nothing is lost
when a process restarts. settings.METRICS_COLLECTORS names the functions that yield them;
a higher floor adds its own there (supervision's monthly check), as with settings.PANELS.

Task counts are kept in Redis, because a task is queued in a web process and fails in a
worker, and Prometheus scrapes only the web: Celery's signals count them there."""

import logging
import time
from functools import cache

import redis
from celery import signals
from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone
from django.utils.module_loading import import_string
from prometheus_client.core import CollectorRegistry, CounterMetricFamily, GaugeMetricFamily

from .backup import default_name
from .models import OutboxMessage

log = logging.getLogger(__name__)

QUEUED = "queued"
FAILED = "failed"


@cache
def _redis(url):
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)


def _task_key(kind):
    return f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:metrics:tasks:{kind}"


def count_task(kind, name):
    """Never in the way of the task itself: a Redis error only loses one count."""
    try:
        _redis(settings.REDIS_URL).hincrby(_task_key(kind), name or "unknown", 1)
    except redis.RedisError as error:
        log.warning("metrics: could not count a %s task: %s", kind, error)


@signals.after_task_publish.connect(weak=False)
def _count_queued(sender=None, **kwargs):
    count_task(QUEUED, sender)


@signals.task_failure.connect(weak=False)
def _count_failed(sender=None, **kwargs):
    count_task(FAILED, getattr(sender, "name", None))


def tasks():
    for kind, help_text in (
        (QUEUED, "Celery tasks sent to the broker, by task"),
        (FAILED, "Celery tasks that failed after their last try, by task"),
    ):
        family = CounterMetricFamily(f"alisvest_celery_tasks_{kind}", help_text, labels=["task"])
        counts = _redis(settings.REDIS_URL).hgetall(_task_key(kind))
        for name, value in sorted(counts.items()):
            family.add_metric([name.decode()], int(value))
        yield family


def outbox():
    pending = OutboxMessage.objects.filter(sent_at=None).aggregate(
        count=Count("pk"), oldest=Min("created_at")
    )
    yield GaugeMetricFamily(
        "alisvest_outbox_pending_messages",
        "Outbox rows not yet sent to the broker",
        value=pending["count"],
    )
    age = (timezone.now() - pending["oldest"]).total_seconds() if pending["oldest"] else 0
    yield GaugeMetricFamily(
        "alisvest_outbox_oldest_pending_age_seconds",
        "Age of the oldest outbox row not yet sent (0 when none is pending)",
        value=age,
    )


def last_backup():
    """The newest backup file in the backup directory (manage.py backup's default)."""
    directory = default_name().parent
    times = [p.stat().st_mtime for p in directory.glob("alisvest-*.tar*") if p.is_file()]
    if not times:
        return
    newest = max(times)
    yield GaugeMetricFamily(
        "alisvest_backup_last_timestamp_seconds",
        "When the newest backup file was written (Unix time)",
        value=newest,
    )
    yield GaugeMetricFamily(
        "alisvest_backup_age_seconds", "Age of the newest backup file", value=time.time() - newest
    )


class _Collectors:
    """The collectors of settings.METRICS_COLLECTORS. One that fails (Redis or the database
    down) leaves out its own metrics, not the others', and says so in
    alisvest_metrics_collector_up, so the scrape still answers."""

    def __init__(self, paths):
        self.collectors = {path: import_string(path) for path in paths}

    def collect(self):
        up = GaugeMetricFamily(
            "alisvest_metrics_collector_up",
            "1 when the collector could read its source at this scrape, else 0",
            labels=["collector"],
        )
        for path, function in self.collectors.items():
            try:
                families = list(function())
            except Exception as error:  # noqa: BLE001 - any source failure: report it as 0
                log.warning("metrics: %s failed: %s", path, error)
                families = None
            up.add_metric([path], 0 if families is None else 1)
            yield from families or []
        yield up


@cache
def registry():
    """Ours, apart from prometheus_client's global one: nothing is read at registration,
    only when scraped."""
    ours = CollectorRegistry(auto_describe=False)
    ours.register(_Collectors(settings.METRICS_COLLECTORS))
    return ours
