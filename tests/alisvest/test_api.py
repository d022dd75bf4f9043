import pytest
from django.urls import reverse

from alisvest.models import ApiToken
from placements.models import MedicalCentre

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_api(client, alice):
    _token, raw = ApiToken.issue(alice, "test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


def test_schema_and_docs_are_served(client_for, alice):
    client = client_for(alice)
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/centres/" in schema.content
    assert client.get("/api/v1/docs/").status_code == 200


def test_anonymous_api_is_refused(client):
    assert client.get("/api/v1/centres/").status_code in (401, 403)


def test_token_from_profile_page_works_once_shown(client_for, alice):
    client = client_for(alice)
    response = client.post(reverse("profile"), {"name": "Power BI", "days": "30"})
    raw = response.context["new_token"]
    assert raw.startswith("alv_")
    token = ApiToken.objects.get(user=alice)
    assert raw not in (token.digest, token.prefix)  # only a digest is stored
    client.logout()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    assert client.get("/api/v1/centres/").status_code == 200


def test_revoked_token_stops_working(client, alice):
    token, raw = ApiToken.issue(alice, "gammel")
    token.revoked_at = token.created_at
    token.save()
    response = client.get("/api/v1/centres/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401


def test_api_scope_matches_the_web(alice_api, bergen_centre, stord):
    from placements.municipalities.factories import MedicalCentreFactory

    stord_centre = MedicalCentreFactory(municipality=stord)
    listed = alice_api.get("/api/v1/centres/").json()["results"]
    assert [c["id"] for c in listed] == [bergen_centre.pk]
    assert alice_api.get(f"/api/v1/centres/{stord_centre.pk}/").status_code == 404


def test_api_create_and_bad_input(alice_api):
    good = {
        "municipality": "4601",
        "name": "Fyllingsdalen legesenter",
        "doctor_count": 3,
        "specialist_count": 1,
        "equipment": ["ekg"],
    }
    assert (
        alice_api.post("/api/v1/centres/", good, content_type="application/json").status_code == 201
    )
    assert MedicalCentre.objects.filter(name="Fyllingsdalen legesenter").exists()

    solo = {**good, "name": "Solo", "doctor_count": 1, "specialist_count": 0}
    response = alice_api.post("/api/v1/centres/", solo, content_type="application/json")
    assert response.status_code == 400
    assert "solopraksis" in response.json()["doctor_count"][0]

    other = {**good, "name": "Stord", "municipality": "4614"}
    response = alice_api.post("/api/v1/centres/", other, content_type="application/json")
    assert response.status_code == 400
    assert "municipality" in response.json()


def test_municipality_list_is_scoped(alice_api):
    numbers = [m["number"] for m in alice_api.get("/api/v1/municipalities/").json()["results"]]
    assert numbers == ["4601"]


def test_input_postgres_cannot_hold_is_a_400_not_a_500(alice_api):
    response = alice_api.post("/api/v1/centres/", {"name": "X", "municipality": "46\x0001"})
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
