"""Tokens that do less than their owner may: read-only tokens refuse every change with 403,
and a token limited to some parts of the API (placements, supervision, funding, research,
tasks) gets 403 outside them. Both are chosen when the token is made on the profile page."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from alisvest.authentication import scope_of
from alisvest.models import ApiToken
from tests.product.test_permission_matrix import ROUTES

pytestmark = pytest.mark.django_db

GOOD_CENTRE = {
    "municipality": "4601",
    "name": "Nytt legesenter",
    "doctor_count": 3,
    "specialist_count": 1,
    "equipment": ["ekg"],
}


def bearer(client, raw):
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


def test_a_read_only_token_reads_but_cannot_change(client, alice, bergen_centre):
    _token, raw = ApiToken.issue(alice, "rapport", read_only=True)
    api = bearer(client, raw)
    assert api.get("/api/v1/centres/").status_code == 200
    response = api.post("/api/v1/centres/", GOOD_CENTRE, content_type="application/json")
    assert response.status_code == 403
    assert "bare lese" in response.json()["detail"]
    response = api.patch(
        f"/api/v1/centres/{bergen_centre.pk}/", {"name": "X"}, content_type="application/json"
    )
    assert response.status_code == 403
    bergen_centre.refresh_from_db()
    assert bergen_centre.name == "Åsane legesenter"


def test_the_same_change_with_a_full_token_is_saved(client, alice):
    _token, raw = ApiToken.issue(alice, "integrasjon")
    response = bearer(client, raw).post(
        "/api/v1/centres/", GOOD_CENTRE, content_type="application/json"
    )
    assert response.status_code == 201, response.content


def test_a_scoped_token_reaches_only_its_parts(client, alice, participating):
    _token, raw = ApiToken.issue(alice, "økonomi", scopes=[ApiToken.Scope.FUNDING])
    api = bearer(client, raw)
    assert api.get("/api/v1/expenses/").status_code == 200
    assert api.get("/api/v1/grant-statements/").status_code == 200
    for outside in ("/api/v1/placements/", "/api/v1/supervision-sessions/", "/api/v1/tasks/"):
        response = api.get(outside)
        assert response.status_code == 403, outside
        assert "gjelder ikke" in response.json()["detail"]
    assert api.get("/api/v1/").status_code == 200  # the index holds no data


def test_a_session_is_not_limited(client_for, alice):
    assert client_for(alice).get("/api/v1/placements/").status_code == 200


def test_every_api_view_belongs_to_a_part():
    """A new API room must be added to SCOPE_BY_MODULE, or scoped tokens cannot reach it."""
    for route in ROUTES:
        cls = getattr(route.callback, "cls", None)
        if route.path.startswith("api/v1/") and cls is not None:
            assert scope_of(cls()) != "", f"{route.path}: {cls.__module__} is in no ApiScope"


def test_only_known_scopes_are_stored(alice):
    with pytest.raises(IntegrityError):
        ApiToken.issue(alice, "feil", scopes=["everything"])


def test_the_profile_page_issues_a_limited_token(client_for, alice):
    client = client_for(alice)
    page = client.get(reverse("profile")).content.decode()
    assert 'name="read_only"' in page and 'value="research"' in page
    response = client.post(
        reverse("profile"),
        {"name": "Power BI", "days": "30", "read_only": "on", "scopes": ["placements", "tasks"]},
    )
    token = ApiToken.objects.get(user=alice)
    assert token.read_only and token.scopes == ["placements", "tasks"]
    page = response.content.decode()
    assert "Bare lesing: Stillinger, register og søknader, Oppgaver" in page


def test_the_profile_page_refuses_an_unknown_scope_naming_the_field(client_for, alice):
    response = client_for(alice).post(
        reverse("profile"), {"name": "Power BI", "days": "30", "scopes": ["everything"]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["scopes"]
    assert not ApiToken.objects.filter(user=alice).exists()
