"""Issue 23: the product's own error pages in the person's language, a menu that links
only to pages the person may open, the accessibility statement, and API docs that load
under the Content-Security-Policy."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from tests.conftest import person
from tests.product.test_permission_matrix import graph

pytestmark = pytest.mark.django_db
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_a_missing_page_is_ours_in_the_persons_language(client_for, carol):
    client = client_for(carol)
    page = client.get("/finnes-ikke/").content.decode()
    assert "Fant ikke siden" in page and 'lang="nb"' in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert 'lang="en"' in response.content.decode()


@pytest.mark.urls("tests.alisvest.error_urls")
@pytest.mark.parametrize(
    "headers, text, lang", [({}, "Noe gikk galt", "nb"), (ENGLISH, "Something went wrong", "en")]
)
def test_a_server_error_is_our_page_in_the_requests_language(headers, text, lang):
    client = Client(raise_request_exception=False, **headers)
    response = client.get("/feiler/")
    assert response.status_code == 500
    page = response.content.decode()
    assert text in page and f'lang="{lang}"' in page
    assert "Traceback" not in page


@pytest.mark.urls("tests.alisvest.error_urls")
def test_a_bad_request_is_our_page_in_the_requests_language():
    response = Client(**ENGLISH).get("/ugyldig/")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()
    assert 'lang="en"' in response.content.decode()


@pytest.mark.parametrize("debug, shown", [(None, "False"), ("1", "True")])
def test_make_run_shows_technical_pages_only_when_debug_is_set(debug, shown):
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env["DJANGO_SETTINGS_MODULE"] = "alisvest.settings.dev"
    if debug:
        env["DEBUG"] = debug
    out = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DEBUG)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    assert out.stdout.strip() == shown


def admin_link(client):
    return reverse("admin:index") in client.get(reverse("dashboard")).content.decode()


def test_the_admin_link_is_shown_only_to_those_the_admin_lets_in(client_for, liv_mfa, alice):
    # A project leader is staff but holds no model permission: the admin would be empty.
    assert liv_mfa.is_staff and not admin_link(client_for(liv_mfa))
    assert not admin_link(client_for(alice))
    liv_mfa.user_permissions.add(Permission.objects.get(codename="view_medicalcentre"))
    liv_mfa.refresh_from_db()
    assert admin_link(client_for(liv_mfa))
    assert client_for(liv_mfa).get(reverse("admin:index")).status_code == 200


def test_a_superuser_sees_the_admin_link(client_for):
    root = person("root@example.no", "Root", None)
    root.is_staff = root.is_superuser = True
    root.save()
    assert admin_link(client_for(root))


def test_the_accessibility_statement(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "uu@vestland.no"
    page = client.get("/tilgjengelighet/").content.decode()
    assert "WCAG 2.1" in page and "nivå AA" in page
    assert "Kjente mangler" in page
    assert 'href="mailto:uu@vestland.no"' in page
    english = Client(**ENGLISH).get("/tilgjengelighet/").content.decode()
    assert "Accessibility statement" in english and "Known gaps" in english


@pytest.mark.parametrize(
    "who, url",
    [
        (None, "/accounts/login/"),
        (None, "/tilgjengelighet/"),
        (None, "/finnes-ikke/"),
        ("carol", "/oversikt/"),
        ("carol", "/profil/"),
        ("carol", "/finnes-ikke/"),
    ],
)
def test_every_page_links_to_the_accessibility_statement(client, request, who, url):
    if who:
        client.force_login(request.getfixturevalue(who))
    page = client.get(url).content.decode()
    assert re.search(r'<footer[\s\S]*href="/tilgjengelighet/"[\s\S]*</footer>', page), url


def test_the_api_docs_page_needs_no_inline_style_or_script(client_for, carol):
    response = client_for(carol).get(reverse("api-docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<style" not in html and "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert 'href="/static/css/api-docs.css"' in html
    assert "box-sizing" in Path(finders.find("css/api-docs.css")).read_text()


def menu_links(html):
    nav = re.search(r'<nav aria-label="Hovedmeny"[\s\S]*?</nav>', html).group(0)
    return re.findall(r'<a class="ds-link" href="([^"]+)"', nav)


def test_every_menu_link_opens_for_every_role():
    world = graph()
    wrong = []
    for role, user in world["users"].items():
        client = Client()
        client.force_login(user)
        for url in menu_links(client.get(reverse("dashboard")).content.decode()):
            status = client.get(url).status_code
            if status != 200:
                wrong.append(f"{role}: {url} answers {status}")
    assert not wrong, "\n".join(wrong)
