"""Assessments through the API: the same rules, scope and summary as the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alisvest.factories import UserFactory
from alisvest.roles import Role, grant_role
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from supervision.assessments import services
from supervision.models import Assessment

from .test_assessments import assessors, msf_answers

pytestmark = pytest.mark.django_db
URL = "/api/v1/assessments/"


@pytest.fixture
def dan(db):
    user = UserFactory(email="dan@example.no", name="Dan Dale")
    grant_role(user, Role.ALIS)
    return user


@pytest.fixture
def placement(programme, bergen_centre, carol, dan):
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Dan Dale", user=dan),
        centre=bergen_centre,
        start=timezone.localdate() - timedelta(days=400),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    return placement


def test_the_alis_creates_an_msf_over_the_api_and_reads_only_the_summary(
    client_for, dan, placement
):
    api = client_for(dan)
    refused = api.post(
        URL,
        {"placement": placement.pk, "kind": "multikilde", "assessors": assessors(4)},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "assessors" in refused.json()
    created = api.post(
        URL,
        {"placement": placement.pk, "kind": "multikilde", "assessors": assessors(5)},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["summary"] == {"invited": 5, "answered": 0, "needed": 5, "ready": False}
    msf = Assessment.objects.get()
    for i, invitation in enumerate(msf.invitations.all(), start=1):
        services.submit_response(invitation, msf_answers(i), now=timezone.now())
    detail = api.get(f"{URL}{msf.pk}/").json()
    assert detail["status"] == "fullfort"
    assert detail["summary"]["ready"] is True
    assert [m["mean"] for m in detail["summary"]["means"]] == [3.0] * 5
    assert "responses" not in detail["summary"]
    assert "Kollega" not in str(detail)


def test_others_get_404_and_an_empty_list(client_for, dan, placement, alice, erin_mfa):
    msf = services.request_assessment(placement, "multikilde", assessors(5), by=dan)
    for user in (alice, erin_mfa):
        api = client_for(user)
        assert api.get(f"{URL}{msf.pk}/").status_code == 404
        assert api.get(URL).json()["results"] == []


def test_a_supervisor_may_not_request_for_the_alis(client_for, carol, placement):
    response = client_for(carol).post(
        URL,
        {"placement": placement.pk, "kind": "kasusdiskusjon", "assessors": assessors(1)},
        content_type="application/json",
    )
    assert response.status_code == 403
