"""Error reports when SENTRY_DSN is set: a server error reaches a Sentry-compatible service
(here a tiny one on 127.0.0.1) with the request id, and without the user's e-mail."""

import gzip
import json
import threading
import zlib
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import sentry_sdk
from django.test import Client
from django.urls import path

from alisvest.access import OK, access
from alisvest.logs import init_sentry

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@access(OK)
def broken(request, token):
    raise ZeroDivisionError("a bug")


urlpatterns = [path("broken/<str:token>/", broken)]


@pytest.fixture
def sentry_server():
    received = []

    class Envelope(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the http.server API
            body = self.rfile.read(int(self.headers["Content-Length"]))
            encoding = self.headers.get("Content-Encoding")
            if encoding == "gzip":
                body = gzip.decompress(body)
            elif encoding == "deflate":
                body = zlib.decompress(body)
            received.append(body.decode())
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Envelope)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    init_sentry(
        f"http://public@127.0.0.1:{server.server_port}/1",
        _experiments={"transport_compression_algo": "gzip"},
    )
    yield received
    sentry_sdk.init(dsn=None)
    server.shutdown()


def test_a_server_error_is_reported_with_the_request_id_and_no_email(sentry_server, alice):
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    request_id = {"X-Request-ID": "req-sentry-0001"}
    response = client.get("/broken/secret-token/?q=Anna+Alis", headers=request_id)
    assert response.status_code == 500
    sentry_sdk.flush(timeout=5)
    events = [
        json.loads(line)
        for body in sentry_server
        for line in body.splitlines()
        if line.startswith("{") and '"exception"' in line
    ]
    assert events, "no error event reached the server"
    [event] = events
    assert event["tags"]["request_id"] == "req-sentry-0001"
    assert event["exception"]["values"][-1]["type"] == "ZeroDivisionError"
    text = json.dumps(event)
    assert alice.email not in text
    assert "secret-token" not in text and "Anna" not in text
