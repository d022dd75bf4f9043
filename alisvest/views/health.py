"""Readiness and metrics for the operator (docs/operations.md). Liveness is /healthz
(pages.healthz): the process answers and reaches its database. Readiness asks more: may a
load balancer send this server traffic, with everything it depends on reachable?"""

import ipaddress
import logging
import os
import secrets
import time

import redis
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Min
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)

from alisvest.access import OK, access
from alisvest.metrics import registry
from alisvest.models import OutboxMessage

log = logging.getLogger(__name__)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {}


def check_redis():
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()
    return {}


def check_storage():
    name = default_storage.save("readyz/probe.txt", ContentFile(b"ok"))
    default_storage.delete(name)
    return {}


def check_outbox():
    oldest = OutboxMessage.objects.filter(sent_at=None).aggregate(oldest=Min("created_at"))
    age = (timezone.now() - oldest["oldest"]).total_seconds() if oldest["oldest"] else 0
    limit = settings.READYZ_OUTBOX_MAX_AGE_MINUTES * 60
    if age > limit:
        raise RuntimeError(f"oldest pending message is {age:.0f} s old (limit {limit} s)")
    return {"oldest_pending_seconds": round(age)}


CHECKS = {
    "database": check_database,
    "redis": check_redis,
    "storage": check_storage,
    "outbox": check_outbox,
}


def run_check(name, check):
    started = time.monotonic()
    try:
        result = {"ok": True, **check()}
    except Exception as error:  # noqa: BLE001 - any failure makes the server unready
        log.warning("readyz: %s failed: %s", name, error)
        # The kind of error only: messages may name hosts and users.
        result = {"ok": False, "error": type(error).__name__}
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


@access(OK, anonymous=OK)
@never_cache
def readyz(request):
    results = {name: run_check(name, check) for name, check in CHECKS.items()}
    ready = all(r["ok"] for r in results.values())
    return JsonResponse(
        {"status": "ok" if ready else "fail", "checks": results}, status=200 if ready else 503
    )


def metrics_allowed(request):
    """From an allowed network (METRICS_ALLOWED_NETWORKS), or with the bearer token."""
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer "):
        return secrets.compare_digest(header.removeprefix("Bearer ").encode(), token.encode())
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(network, strict=False)
        for network in settings.METRICS_ALLOWED_NETWORKS
    )


def process_registry():
    """django-prometheus's request and database metrics. Under gunicorn with several workers
    each process counts its own: with PROMETHEUS_MULTIPROC_DIR set they are added up."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    combined = CollectorRegistry()
    multiprocess.MultiProcessCollector(combined)
    return combined


# Every role is OK here because the test client comes from 127.0.0.1, an allowed network;
# elsewhere the network or the token decides, not the login.
@access(OK, anonymous=OK)
@never_cache
def metrics(request):
    if not metrics_allowed(request):
        return JsonResponse({"detail": "forbidden"}, status=403)
    body = generate_latest(process_registry()) + generate_latest(registry())
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
