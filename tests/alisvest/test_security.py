import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_strict_csp_and_headers(client_for, alice):
    response = client_for(alice).get(reverse("dashboard"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "name", ["dashboard", "profile", "invitations", "placements:municipality_list"]
)
def test_pages_have_no_inline_script_or_style(client_for, alice, name):
    html = client_for(alice).get(reverse(name)).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "style=" not in html
    assert "<style" not in html


def test_login_page_has_no_inline_script(client):
    html = client.get(reverse("account_login")).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
