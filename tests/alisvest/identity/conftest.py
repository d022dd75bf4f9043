"""The real local OpenID provider (scripts/oidc-provider/server.mjs, panva's oidc-provider on
Node) started once per test session on free ports of 127.0.0.1, and a browser that follows
redirects between our app (Django's test client) and the provider (real HTTP)."""

import json
import os
import socket
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts/oidc-provider/server.mjs"
PEOPLE = {
    p["sub"]: p
    for p in json.loads((ROOT / "scripts/oidc-provider/people.json").read_text())["people"]
}
DEV_KEY = (ROOT / "scripts/oidc-provider/dev-keys/client-private.jwk.json").read_text()
RP_BASE = "http://testserver"  # the test client's host: the redirect URIs registered


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the OpenID provider stopped: {process.stdout.read()}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError("the OpenID provider did not start")


@pytest.fixture(scope="session")
def oidc_provider():
    """Both issuers of the local provider, configured in settings for the whole session."""
    ports = {"helseid": _free_port(), "idporten": _free_port()}
    env = {
        **os.environ,
        "OIDC_HELSEID_PORT": str(ports["helseid"]),
        "OIDC_IDPORTEN_PORT": str(ports["idporten"]),
        "OIDC_RP_BASE_URL": RP_BASE,
        "OIDC_TEST_SWITCHES": "1",
    }
    process = subprocess.Popen(  # noqa: S603
        ["node", str(SCRIPT)],  # noqa: S607
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    saved = json.dumps(settings.IDENTITY_PROVIDERS)
    try:
        for port in ports.values():
            _wait(port, process)
        for name, port in ports.items():
            settings.IDENTITY_PROVIDERS[name].update(
                issuer=f"http://127.0.0.1:{port}", client_id="alisvest-dev", private_key=DEV_KEY
            )
        yield {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    finally:
        settings.IDENTITY_PROVIDERS.update(json.loads(saved))
        process.terminate()
        process.wait(timeout=10)


def misbehave(issuer, mode):
    """The provider's test switch: its next ID token has one thing wrong."""
    response = requests.post(f"{issuer}/__test__/next-id-token", params={"mode": mode}, timeout=5)
    assert response.status_code == 204


class _Forms(HTMLParser):
    """The forms of a page: action, method, hidden inputs and buttons."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"attrs": attrs, "fields": {}, "names": set(), "buttons": []})
        elif tag == "input" and self.forms:
            self.forms[-1]["names"].add(attrs.get("name"))
            if attrs.get("type") == "hidden":
                self.forms[-1]["fields"][attrs.get("name")] = attrs.get("value", "")
        elif tag == "button":
            owner = attrs.get("form")
            form = next((f for f in self.forms if f["attrs"].get("id") == owner), None)
            (form or self.forms[-1])["buttons"].append(attrs)


def forms_of(html):
    parser = _Forms()
    parser.feed(html)
    return parser.forms


class Browser:
    """Follows redirects across our app (test client) and the provider (requests)."""

    def __init__(self, client):
        self.client = client
        self.web = requests.Session()
        self.url = ""
        self.page = ""

    def _one(self, method, url, data):
        if urlsplit(url).netloc in ("", "testserver"):
            path = urlsplit(url)._replace(scheme="", netloc="").geturl()
            send = getattr(self.client, method)
            response = send(path, data) if data else send(path)
            return response.status_code, response.get("Location"), response.content.decode()
        response = getattr(self.web, method)(url, data=data, allow_redirects=False, timeout=10)
        return response.status_code, response.headers.get("Location"), response.text

    def go(self, url, method="get", data=None):
        for _hop in range(20):
            status, location, body = self._one(method, url, data)
            if status not in (301, 302, 303, 307):
                self.url, self.page = url, body
                return status
            url, method, data = urljoin(url, location), "get", None
        raise AssertionError("too many redirects")

    def submit(self, having, **fields):
        """Submit the page's form that has an input named `having`."""
        form = next(f for f in forms_of(self.page) if having in f["names"])
        action = urljoin(self.url, form["attrs"].get("action") or self.url)
        return self.go(action, "post", {**form["fields"], **fields})

    def choose_person(self, sub):
        """The provider's login page: pick the demo person."""
        assert "Velg testperson" in self.page, self.page[:500]
        return self.go(
            urljoin(self.url, forms_of(self.page)[0]["attrs"]["action"]), "post", {"person": sub}
        )

    def login(self, provider, sub, query=""):
        self.go(f"/innlogging/{provider}/{query}")
        return self.choose_person(sub)


@pytest.fixture
def browser(client, oidc_provider):
    return Browser(client)
