"""The API says no: every list's filters are declared (and in the schema), a parameter no
filter declares answers 400 naming it instead of returning the whole list, and a bad value
answers 400 naming the filter. Pagination and the format still pass."""

import pytest
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from alisvest.pagination import Pagination
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import DoctorFactory, PlacementFactory
from research.factories import StudyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def liv_api(client_for, liv_mfa, participating):
    return client_for(liv_mfa)


@pytest.fixture
def two_placements(programme, bergen, stord):
    return [
        PlacementFactory(
            doctor=DoctorFactory(programme=programme),
            centre=MedicalCentreFactory(municipality=municipality),
        )
        for municipality in (bergen, stord)
    ]


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_a_declared_filter_narrows_the_list(liv_api, two_placements):
    bergen_placement, stord_placement = two_placements
    assert ids(liv_api.get("/api/v1/placements/")) == [bergen_placement.pk, stord_placement.pk]
    assert ids(liv_api.get("/api/v1/placements/?municipality=4614")) == [stord_placement.pk]
    assert ids(liv_api.get(f"/api/v1/placements/?doctor={bergen_placement.doctor_id}")) == [
        bergen_placement.pk
    ]


def test_an_unknown_parameter_is_refused_naming_it(liv_api, bergen_centre):
    response = liv_api.get("/api/v1/programmes/?municipality=4601")
    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["municipality"]
    assert "Ukjent parameter" in body["municipality"][0]
    # A misspelt filter is no longer ignored either.
    response = liv_api.get("/api/v1/centres/?kommune=4601")
    assert response.status_code == 400
    assert "kommune" in response.json()
    assert "municipality" in response.json()["kommune"][0]  # says what is allowed


@pytest.mark.parametrize(
    "query, name",
    [
        ("/api/v1/placements/?municipality=Bergen", "municipality"),
        ("/api/v1/placements/?doctor=abc", "doctor"),
        ("/api/v1/placements/?doctor=99999999999999999999", "doctor"),
        ("/api/v1/expenses/?year=1850", "year"),
        ("/api/v1/supervision-checks/?month=2024-13", "month"),
        ("/api/v1/supervision-sessions/?status=maybe", "status"),
        ("/api/v1/applications/?status=maybe", "status"),
    ],
)
def test_a_bad_value_is_refused_naming_the_filter(liv_api, query, name):
    response = liv_api.get(query)
    assert response.status_code == 400, response.content
    assert name in response.json()


def test_pagination_and_format_still_pass(liv_api, two_placements):
    response = liv_api.get("/api/v1/placements/?limit=1&offset=1&format=json")
    assert ids(response) == [two_placements[1].pk]
    assert liv_api.get("/api/v1/supervision-sessions/?cursor=").status_code == 200
    assert liv_api.get("/api/v1/tasks/?format=json").status_code == 200
    assert liv_api.get("/api/v1/tasks/?mine=1").status_code == 400


def test_a_page_is_at_most_500_rows(liv_api, two_placements):
    request = Request(APIRequestFactory().get("/api/v1/placements/?limit=100000"))
    assert Pagination().get_limit(request) == 500
    assert ids(liv_api.get("/api/v1/placements/?limit=100000")) == [p.pk for p in two_placements]


def test_an_action_takes_its_own_parameters_and_no_others(client_for, liv_mfa, programme):
    study = StudyFactory(programme=programme)
    client = client_for(liv_mfa)
    assert client.get(f"/api/v1/studies/{study.pk}/retention/?group_by=fase").status_code == 200
    response = client.get(f"/api/v1/studies/{study.pk}/retention/?table=stillinger")
    assert response.status_code == 400
    assert "table" in response.json()


def test_a_filter_by_id_does_not_tell_whether_an_object_outside_the_scope_exists(
    client_for, alice, two_placements
):
    """Bob's placement filters Alice's list to nothing, like an id that does not exist."""
    client = client_for(alice)
    stord_placement = two_placements[1]
    assert ids(client.get(f"/api/v1/absences/?placement={stord_placement.pk}")) == []
    assert ids(client.get("/api/v1/absences/?placement=2147483647")) == []


def test_the_schema_lists_the_filters(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/placements/"]["get"]["parameters"]}
    assert {"municipality", "doctor", "centre", "programme", "limit", "offset"} <= set(parameters)
    expenses = schema["paths"]["/api/v1/expenses/"]["get"]["parameters"]
    year = next(p for p in expenses if p["name"] == "year")
    assert year["schema"]["type"] == "integer"
