"""One request id per request, on every log line it causes, in the web process and in the
Celery tasks it sends: an operator follows one click from the access line to the e-mail the
worker sent. The id comes from the proxy's X-Request-ID when it is a plausible one, else a
new uuid4, and is returned in the response's X-Request-ID header.

The access line names the route pattern ("invitasjon/<str:token>/"), never the path, so ids,
invitation tokens and query strings (search terms: names) stay out of the logs."""

import contextvars
import logging
import re
import time
import uuid

import sentry_sdk
from celery import signals
from django.http import HttpRequest

REQUEST_ID = contextvars.ContextVar("request_id", default=None)
HEADER = "X-Request-ID"
TASK_HEADER = "request_id"
# Letters, digits and - _ . : only, so a client cannot forge log lines or inject markup.
VALID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")

access_log = logging.getLogger("alisvest.request")


def current():
    return REQUEST_ID.get()


def incoming_id(value):
    return value if value and VALID.match(value) else uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Puts the request id (or None) on every record, as `request_id`. Django's own lines
    about a request ("Not Found: /invitasjon/<token>/") get the route instead of the path."""

    def filter(self, record):
        request = getattr(record, "request", None)
        if not hasattr(record, "request_id"):
            record.request_id = getattr(request, "request_id", None) or REQUEST_ID.get()
        if isinstance(request, HttpRequest):
            redact_path(record, request)
        return True


def route_of(request):
    match = getattr(request, "resolver_match", None)
    return match.route if match else "-"


def redact_path(record, request):
    route = route_of(request)
    paths = {request.path, request.path.encode("unicode_escape").decode("ascii")}
    if isinstance(record.args, tuple):
        record.args = tuple(route if arg in paths else arg for arg in record.args)
    record.request = f"{request.method} {route}"


class RequestIdMiddleware:
    """First in MIDDLEWARE: every later middleware's and view's log lines carry the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = incoming_id(request.headers.get(HEADER))
        token = REQUEST_ID.set(request_id)
        request.request_id = request_id
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            log_request(request, response.status_code, started)
            return response
        finally:
            REQUEST_ID.reset(token)


# Probes and scrapes come every few seconds: their lines only at DEBUG, unless they fail.
QUIET_VIEWS = {"healthz", "readyz", "metrics"}


def log_request(request, status, started):
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    quiet = match is not None and match.view_name in QUIET_VIEWS and status < 400
    access_log.log(
        logging.DEBUG if quiet else logging.INFO,
        "%s %s %s",
        request.method,
        route_of(request),
        status,
        extra={
            "method": request.method,
            "route": route_of(request),
            "view": match.view_name if match else None,
            "status": status,
            "duration_ms": round((time.monotonic() - started) * 1000, 1),
            "user_id": user.pk if user is not None and user.is_authenticated else None,
        },
    )


# --- Into Celery: the publisher puts the id in the message headers, the worker restores it.


@signals.before_task_publish.connect(weak=False)
def _add_request_id(headers=None, **kwargs):
    request_id = REQUEST_ID.get()
    if request_id and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


@signals.task_prerun.connect(weak=False)
def _restore_request_id(task=None, **kwargs):
    # A worker runs one task at a time per thread or process: set here, cleared after.
    REQUEST_ID.set(getattr(task.request, TASK_HEADER, None) if task is not None else None)


@signals.task_postrun.connect(weak=False)
def _forget_request_id(**kwargs):
    REQUEST_ID.set(None)


def init_sentry(dsn, **options):
    """Error reports (web and worker: the SDK finds Django and Celery itself) without
    personal data: no user e-mail, IP address, cookies, request bodies or local variables."""
    sentry_sdk.init(
        dsn=dsn,
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,  # locals hold names and e-mail addresses
        before_send=sentry_before_send,
        **options,
    )


def sentry_before_send(event, hint):
    """Sentry events carry the request id, to find the log lines of a reported error, and
    the route pattern instead of the path and query string (tokens, ids, searched names)."""
    request_id = REQUEST_ID.get()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    request = event.get("request")
    if request:
        for key in ("query_string", "cookies", "data"):
            request.pop(key, None)
        request["url"] = event.get("transaction") or "-"
    return event
