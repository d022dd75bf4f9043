"""Learning objectives and their progress over the API: scoped like the pages, and a step
goes through the same role checks."""

from datetime import date
from pathlib import Path

import pytest

from alisvest.factories import UserFactory
from alisvest.models import ApiToken
from alisvest.roles import Role, grant_role
from placements.plans.catalogue import import_objectives, parse_objectives
from placements.plans.models import LearningObjective
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[3] / "placements/data/laeringsmal-eksempel.csv"


@pytest.fixture
def dan(db):
    user = UserFactory(email="dan@example.no", name="Dan Dale")
    grant_role(user, Role.ALIS)
    return user


@pytest.fixture
def catalogue(programme):
    import_objectives(programme, parse_objectives(SAMPLE.read_bytes()))
    return LearningObjective.objects.filter(programme=programme).order_by("order")


@pytest.fixture
def placement(programme, bergen_centre, carol, dan):
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, user=dan),
        centre=bergen_centre,
        start=date(2017, 9, 1),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    return placement


def api(client, user):
    token = ApiToken.issue(user, "test")[1]
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def test_steps_over_the_api_check_role_and_order(client, placement, catalogue, dan, carol, alice):
    objective = catalogue.first()
    body = {"placement": placement.pk, "objective": objective.pk}
    response = api(client, carol).post(
        "/api/v1/objective-progress/", body | {"step": "sign"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "aktivitet" in response.json()["detail"]
    response = api(client, dan).post(
        "/api/v1/objective-progress/",
        body | {"step": "log_activity", "note": "Legevakt"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["status"] == "aktivitet"
    assert response.json()["logged_by"] == "Dan Dale"
    api(client, carol).post(
        "/api/v1/objective-progress/", body | {"step": "sign"}, content_type="application/json"
    )
    response = api(client, alice).post(
        "/api/v1/objective-progress/", body | {"step": "approve"}, content_type="application/json"
    )
    assert response.json()["status"] == "godkjent"


def test_an_alis_reads_only_their_own_progress(client, placement, catalogue, dan, programme):
    other = PlacementFactory(doctor=DoctorFactory(programme=programme), centre=placement.centre)
    response = api(client, dan).post(
        "/api/v1/objective-progress/",
        {
            "placement": other.pk,
            "objective": catalogue.first().pk,
            "step": "log_activity",
            "note": "x",
        },
        content_type="application/json",
    )
    assert response.status_code == 400  # another placement does not exist for dan
    assert "placement" in response.json()
    listed = api(client, dan).get("/api/v1/objective-progress/").json()
    assert listed["count"] == 0 if isinstance(listed, dict) else listed == []
    objectives = api(client, dan).get("/api/v1/learning-objectives/?programme=alis-vest").json()
    results = objectives["results"] if isinstance(objectives, dict) else objectives
    assert len(results) >= 1 and results[0]["code"] == "EKS-ALM-01"


def test_someone_without_placements_sees_no_objectives(client, catalogue, bob):
    response = api(client, bob).get("/api/v1/learning-objectives/")
    body = response.json()
    results = body["results"] if isinstance(body, dict) else body
    assert results == []
