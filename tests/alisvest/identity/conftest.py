"""The real local OpenID provider (scripts/oidc-provider/server.mjs, panva's oidc-provider on
Node) started once per test session on free ports of 127.0.0.1, and a browser that follows
redirects between our app (Django's test client) and the provider (real HTTP)."""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from .provider import configure, running_provider

RP_BASE = "http://testserver"  # the test client's host: the redirect URIs registered


@pytest.fixture(scope="session")
def _provider_process():
    with running_provider(RP_BASE) as issuers:
        yield issuers


@pytest.fixture
def oidc_provider(_provider_process, settings):
    """The provider's issuers, with the settings pointing at them for this test."""
    configure(settings, _provider_process)
    return _provider_process


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
