"""Plausibility limits: impossible numbers refused naming the field and the range, unusual
ones asked to be confirmed with everything typed kept."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alisvest.models import ApiToken
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from supervision.factories import (
    GroupMembershipFactory,
    SupervisionGroupFactory,
    SupervisionSessionFactory,
)
from supervision.models import GroupMeeting, SupervisionSession

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def placement(programme, bergen_centre, carol):
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Dan Dale"),
        centre=bergen_centre,
        start=TODAY - timedelta(days=400),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    return placement


def form(**overrides):
    return {
        "date": TODAY.isoformat(),
        "minutes": "60",
        "kind": SupervisionSession.Kind.INDIVIDUAL,
        "topics": "Sykmeldinger",
    } | overrides


def test_a_session_over_three_hours_asks_for_confirmation(client_for, carol, placement):
    client = client_for(carol)
    url = reverse("supervision:session_create", args=[placement.pk])
    response = client.post(url, form(minutes="240", topics="Hele dagen"))
    html = response.content.decode()
    assert response.status_code == 200 and not SupervisionSession.objects.exists()
    assert "Varighet 4 t er uvanlig lang" in html
    assert 'type="checkbox" name="confirm_unusual"' in html
    assert "Hele dagen" in html  # nothing typed is lost
    response = client.post(url, form(minutes="240", confirm_unusual="on"))
    assert response.status_code == 302
    assert SupervisionSession.objects.get().minutes == 240


def test_a_usual_session_shows_no_checkbox(client_for, carol, placement):
    html = (
        client_for(carol)
        .get(reverse("supervision:session_create", args=[placement.pk]))
        .content.decode()
    )
    assert 'type="checkbox" name="confirm_unusual"' not in html


def test_more_than_forty_hours_in_a_month_is_refused(client_for, carol, placement):
    first = TODAY.replace(day=1)
    for _day in range(5):
        SupervisionSessionFactory(
            placement=placement, supervisor=carol, date=first, minutes=480
        )  # 40 hours
    response = client_for(carol).post(
        reverse("supervision:session_create", args=[placement.pk]),
        form(date=first.isoformat(), minutes="60", confirm_unusual="on"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Varighet: høyst 40 t veiledning per måned" in html and "0–0 min" in html
    assert SupervisionSession.objects.count() == 5


def test_the_duration_names_the_field_and_range(client_for, carol, placement):
    response = client_for(carol).post(
        reverse("supervision:session_create", args=[placement.pk]), form(minutes="600")
    )
    assert "Varighet må være mellom 15 minutter og 8 timer" in response.content.decode()


def test_a_batch_longer_than_31_rows_is_refused(client_for, carol, placement):
    data = {"form-TOTAL_FORMS": "32", "form-INITIAL_FORMS": "0"}
    response = client_for(carol).post(
        reverse("supervision:session_batch", args=[placement.pk]), data
    )
    assert "Listen kan ha 1–31 timer om gangen" in response.content.decode()


def test_a_batch_counts_its_own_rows_towards_the_month(client_for, carol, placement):
    day = TODAY.isoformat()
    data = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0"}
    for i in range(2):
        data |= {f"form-{i}-date": day, f"form-{i}-minutes": "420", f"form-{i}-kind": "annet"}
    html = (
        client_for(carol)
        .post(reverse("supervision:session_batch", args=[placement.pk]), data)
        .content.decode()
    )
    assert "Med denne timen blir det 14 t veiledning" in html
    assert not SupervisionSession.objects.exists()


def test_the_api_refuses_and_asks_for_confirmation(client, carol, placement):
    _token, raw = ApiToken.issue(carol, "test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    body = {"placement": placement.pk, "date": TODAY.isoformat(), "kind": "individuell"}
    response = client.post("/api/v1/supervision-sessions/", body | {"minutes": 500})
    assert response.status_code == 400
    assert "mellom 15 minutter og 8 timer" in response.json()["minutes"][0]
    response = client.post("/api/v1/supervision-sessions/", body | {"minutes": 240})
    assert response.status_code == 400 and "uvanlig" in response.json()["confirm_unusual"][0]
    response = client.post(
        "/api/v1/supervision-sessions/", body | {"minutes": 240, "confirm_unusual": True}
    )
    assert response.status_code == 201, response.json()


def test_a_long_group_meeting_asks_and_an_impossible_one_is_refused(client_for, carol, programme):
    group = SupervisionGroupFactory(programme=programme, leader=carol)
    GroupMembershipFactory(group=group)
    url = reverse("supervision:meeting_create", args=[group.pk])
    client = client_for(carol)
    html = client.post(url, {"date": "2025-03-05", "hours": "13"}).content.decode()
    assert "Timer må være mellom 0,25 og 12." in html
    html = client.post(url, {"date": "2025-03-05", "hours": "10", "topic": "Lang dag"})
    html = html.content.decode()
    assert "uvanlig langt for ett gruppemøte" in html and "Lang dag" in html
    assert not GroupMeeting.objects.exists()
    response = client.post(url, {"date": "2025-03-05", "hours": "10", "confirm_unusual": "on"})
    assert response.status_code == 302 and GroupMeeting.objects.get().hours == 10
