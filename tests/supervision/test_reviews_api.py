"""Half-year reviews and post evaluations over the API: the pages' scope and rules."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from alisvest.factories import UserFactory
from alisvest.models import ApiToken
from alisvest.roles import Role, grant_role
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from supervision.models import PostEvaluation

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def api(user):
    client = Client()
    _token, raw = ApiToken.issue(user, "test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


@pytest.fixture
def dan(db):
    user = UserFactory(email="dan@example.no", name="Dan Dale")
    grant_role(user, Role.ALIS)
    return user


@pytest.fixture
def placement(programme, bergen_centre, carol, dan):
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, user=dan),
        centre=bergen_centre,
        start=TODAY - timedelta(days=200),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    return placement


URL = "/api/v1/progress-reviews/"


def test_write_sign_comment_acknowledge_and_amend(placement, carol, dan, liv_mfa, alice):
    body = {"placement": placement.pk, "number": 1, "summary": "Godt.", "plan_next": "Kurs."}
    assert api(dan).post(URL, body, content_type="application/json").status_code == 403
    created = api(carol).post(URL, body, content_type="application/json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    sign = f"{URL}{pk}/sign/"
    assert api(dan).post(sign, {"role": "alis"}, content_type="application/json").status_code == 403
    assert api(carol).post(
        sign, {"role": "supervisor"}, content_type="application/json"
    ).status_code in (200, 201)
    response = api(dan).post(
        sign, {"role": "alis", "comment": "Enig."}, content_type="application/json"
    )
    assert response.json()["alis_comment"] == "Enig."
    response = api(liv_mfa).post(sign, {"role": "leader"}, content_type="application/json")
    assert response.json()["status"] == "complete"
    assert [s["role"] for s in response.json()["signatures"]] == ["supervisor", "alis", "leader"]
    frozen = api(carol).patch(f"{URL}{pk}/", {"summary": "Nytt"}, content_type="application/json")
    assert frozen.status_code == 403
    amended = api(carol).post(f"{URL}{pk}/amend/")
    assert amended.status_code == 201 and amended.json()["version"] == 2
    assert api(alice).get(f"{URL}{pk}/").status_code == 404  # health managers stay out
    assert api(alice).get(URL).json()["results"] == []


def test_a_half_year_the_placement_does_not_have_is_a_400(placement, carol):
    body = {"placement": placement.pk, "number": 9, "summary": "Godt.", "plan_next": "Kurs."}
    response = api(carol).post(URL, body, content_type="application/json")
    assert response.status_code == 400 and "number" in response.json()


def test_the_alis_answers_and_the_leader_reads_only_the_aggregate(placement, dan, liv_mfa):
    body = {"placement": placement.pk, "supervision_quality": 4, "workload": 3, "centre": 5}
    assert api(dan).post(
        "/api/v1/post-evaluations/", body, content_type="application/json"
    ).status_code in (200, 201)
    again = api(dan).post("/api/v1/post-evaluations/", body, content_type="application/json")
    assert again.status_code == 400
    assert PostEvaluation.objects.count() == 1
    assert api(liv_mfa).get("/api/v1/post-evaluations/").json()["results"] == []
    [group] = api(liv_mfa).get("/api/v1/post-evaluations/aggregate/").json()
    assert group["suppressed"] and group["means"]["centre"] is None
    assert api(dan).get("/api/v1/post-evaluations/aggregate/").status_code == 403
