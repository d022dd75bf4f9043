from datetime import date, timedelta

import pytest
from django.utils import timezone

from alisvest.factories import UserFactory
from alisvest.models import ApiToken
from alisvest.roles import Role, grant_role
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from supervision.factories import SupervisionSessionFactory
from supervision.models import SupervisionSession
from supervision.services import run_monthly_check

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def api(client, user):
    _token, raw = ApiToken.issue(user, "test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


@pytest.fixture
def placement(programme, bergen_centre, carol):
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme),
        centre=bergen_centre,
        start=date(2024, 1, 1),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    return placement


def session_data(placement, **overrides):
    return {
        "placement": placement.pk,
        "date": TODAY.isoformat(),
        "minutes": 60,
        "kind": "individuell",
        "topics": "Antibiotika",
    } | overrides


def test_supervisor_creates_lists_and_edits(client, carol, placement):
    client = api(client, carol)
    response = client.post("/api/v1/supervision-sessions/", session_data(placement))
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["status"] == "registrert"
    listed = client.get(f"/api/v1/supervision-sessions/?placement={placement.pk}").json()
    assert [s["id"] for s in listed["results"]] == [pk]
    response = client.patch(
        f"/api/v1/supervision-sessions/{pk}/", {"minutes": 75}, content_type="application/json"
    )
    assert response.status_code == 200
    assert SupervisionSession.objects.get().minutes == 75


def test_api_applies_the_rules(client, carol, placement):
    client = api(client, carol)
    future = session_data(placement, date=(TODAY + timedelta(days=1)).isoformat())
    response = client.post("/api/v1/supervision-sessions/", future)
    assert response.status_code == 400
    assert "fram i tid" in str(response.json()["date"])
    response = client.post("/api/v1/supervision-sessions/", session_data(placement, minutes=50))
    assert response.status_code == 400 and "minutes" in response.json()
    locked = SupervisionSessionFactory(
        placement=placement, supervisor=carol, date=TODAY - timedelta(days=90)
    )
    response = client.patch(
        f"/api/v1/supervision-sessions/{locked.pk}/",
        {"minutes": 30},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert client.delete(f"/api/v1/supervision-sessions/{locked.pk}/").status_code == 403


def test_another_supervisor_cannot_log_or_see(client, placement):
    olav = UserFactory(email="olav@example.no")
    grant_role(olav, Role.SUPERVISOR)
    SupervisionSessionFactory(placement=placement, date=TODAY)
    client = api(client, olav)
    response = client.post("/api/v1/supervision-sessions/", session_data(placement))
    assert response.status_code == 400  # the placement is not one they can choose
    assert client.get("/api/v1/supervision-sessions/").json()["results"] == []


def test_monthly_checks_are_read_only_and_scoped(client, alice, bob, placement):
    run_monthly_check(date(2025, 4, 1), notify=False)
    rows = api(client, alice).get("/api/v1/supervision-checks/?month=2025-04").json()["results"]
    assert [(r["placement"], r["month"], r["status"]) for r in rows] == [
        (placement.pk, "2025-04", "deficit")
    ]
    assert client.post("/api/v1/supervision-checks/", {}).status_code == 405
    assert client.get("/api/v1/supervision-checks/?month=april").status_code == 400
    client.defaults.pop("HTTP_AUTHORIZATION")
    assert api(client, bob).get("/api/v1/supervision-checks/").json()["results"] == []


def test_the_alis_confirms_and_disputes_over_the_api_within_sixty_days(client, carol, placement):
    alis = UserFactory(email="dina@example.no")
    grant_role(alis, Role.ALIS)
    placement.doctor.user = alis
    placement.doctor.save()
    recent = SupervisionSessionFactory(placement=placement, supervisor=carol, date=TODAY)
    old = SupervisionSessionFactory(
        placement=placement, supervisor=carol, date=TODAY - timedelta(days=61)
    )
    client = api(client, alis)
    response = client.post(f"/api/v1/supervision-sessions/{recent.pk}/dispute/", {})
    assert response.status_code == 400 and "comment" in response.json()
    response = client.post(
        f"/api/v1/supervision-sessions/{recent.pk}/dispute/", {"comment": "Kortere enn det"}
    )
    assert response.status_code == 200 and response.json()["status"] == "bestridt"
    response = client.post(f"/api/v1/supervision-sessions/{old.pk}/dispute/", {"comment": "Nei"})
    assert response.status_code == 403
    assert "låst" in response.json()["detail"]
    old.refresh_from_db()
    assert old.status == SupervisionSession.Status.LOGGED
    response = client.post(f"/api/v1/supervision-sessions/{old.pk}/confirm/")
    assert response.status_code == 200 and response.json()["status"] == "bekreftet"
