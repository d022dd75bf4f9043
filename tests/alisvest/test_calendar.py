"""Each person's calendar feed: their deadlines, group meetings and courses as iCal, behind a
token in the address that a new address revokes."""

from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from alisvest import calendar
from alisvest.roles import Role
from placements.plans.models import EducationPlan, PlannedCourse
from placements.register.factories import DoctorFactory, PlacementFactory
from supervision.factories import (
    GroupMeetingFactory,
    GroupMembershipFactory,
    SupervisionGroupFactory,
    SupervisionSessionFactory,
)
from tests.conftest import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def dan(programme, bergen_centre, carol):
    """An ALIS in post with a course on the plan, a group meeting and a session to confirm."""
    user = person("dan@example.no", "Dan Dahl", Role.ALIS)
    today = timezone.localdate()
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, user=user, email=user.email),
        centre=bergen_centre,
        start=today - timedelta(days=400),
    )
    plan = EducationPlan.objects.create(placement=placement)
    PlannedCourse.objects.create(plan=plan, name="Akuttmedisin", date=today + timedelta(days=20))
    group = SupervisionGroupFactory(programme=programme, leader=carol, name="Gruppe Vest")
    GroupMembershipFactory(group=group, placement=placement)
    GroupMeetingFactory(group=group, date=today + timedelta(days=10), topic="Palliasjon")
    GroupMeetingFactory(group=group, date=today - timedelta(days=400))  # too old to list
    SupervisionSessionFactory(placement=placement, supervisor=carol, date=today - timedelta(days=5))
    return user


def feed_of(client, user):
    path = reverse("calendar_feed", args=[calendar.feed_token(user)])
    return client.get(path)


def events(response):
    parsed = icalendar.Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in parsed.walk("VEVENT")}


def test_the_feed_parses_back_with_the_persons_own_events(client, dan):
    response = feed_of(client, dan)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    found = events(response)
    today = timezone.localdate()
    assert found["Kurs: Akuttmedisin"]["dtstart"].dt == today + timedelta(days=20)
    meeting = found["Gruppeveiledning: Gruppe Vest"]
    assert meeting["dtstart"].dt == today + timedelta(days=10)
    assert str(meeting["description"]) == "Palliasjon"
    assert str(meeting["url"]).startswith("http") and "/veiledning/grupper/" in str(meeting["url"])
    [deadline] = [title for title in found if title.startswith("Frist: Bekreft")]
    assert found[deadline]["dtstart"].dt == today - timedelta(days=5) + timedelta(days=60)
    # The next course is a task on the to-do list too: one event, not two.
    assert not [title for title in found if "Neste kurs" in title]
    # The next half-year review (day 400 is in the third half-year, due at its end).
    [review] = [title for title in found if title.startswith("Halvårsvurdering 3")]
    assert found[review]["dtstart"].dt > today
    assert len(found) == 4  # the old meeting is outside the feed's window


def test_the_supervisor_sees_the_meetings_of_the_group_they_lead(client, dan, carol):
    found = events(feed_of(client, carol))
    assert "Gruppeveiledning: Gruppe Vest" in found
    assert "Kurs: Akuttmedisin" not in found  # the ALIS's own plan


def test_a_new_address_stops_the_old_one(client, dan):
    old = reverse("calendar_feed", args=[calendar.feed_token(dan)])
    client.force_login(dan)
    response = client.post(reverse("calendar_new_address"))
    assert response.status_code == 302
    client.logout()
    assert client.get(old).status_code == 404
    dan.refresh_from_db()
    assert feed_of(client, dan).status_code == 200
    assert reverse("calendar_feed", args=[calendar.feed_token(dan)]) != old


def test_an_altered_or_borrowed_token_is_refused(client, dan, carol):
    token = calendar.feed_token(dan)
    pk, digest = token.split("-")
    altered = digest[:-1] + ("0" if digest[-1] != "0" else "1")
    for bad in (f"{pk}-{altered}", f"{carol.pk}-{digest}", digest, "x-y", f"{pk}-"):
        assert client.get(reverse("calendar_feed", args=[bad])).status_code == 404, bad
    dan.is_active = False
    dan.save()
    assert client.get(reverse("calendar_feed", args=[token])).status_code == 404


def test_me_in_the_api_gives_the_feed_address(client, dan):
    api = APIClient()
    api.force_authenticate(dan)
    body = api.get("/api/v1/me/").json()
    assert (body["name"], body["email"]) == ("Dan Dahl", "dan@example.no")
    assert body["calendar_url"].endswith(reverse("calendar_feed", args=[calendar.feed_token(dan)]))
    path = "/" + body["calendar_url"].split("://", 1)[1].split("/", 1)[1]
    assert client.get(path).status_code == 200
    assert api.get("/api/v1/me/", {"x": "1"}).status_code == 400
    assert APIClient().get("/api/v1/me/").status_code in (401, 403)


def test_the_profile_shows_the_address_and_a_button_for_a_new_one(client, dan):
    client.force_login(dan)
    page = client.get(reverse("profile")).content.decode()
    assert calendar.calendar_url(dan) in page
    assert reverse("calendar_new_address") in page
