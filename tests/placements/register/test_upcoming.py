"""A future supervisor assignment is shown as upcoming, not as past, on "Mine ALIS" and on
the placement page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import PlacementFactory, SupervisorAssignmentFactory
from tests.conftest import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def kari(programme, participating, bergen, today):
    return PlacementFactory(
        programme=programme,
        doctor__programme=programme,
        doctor__name="Kari Aktiv",
        centre=MedicalCentreFactory(municipality=bergen),
        start=today - timedelta(days=400),
    )


def test_my_alis_lists_a_future_assignment_as_upcoming(client_for, carol, kari, today):
    SupervisorAssignmentFactory(placement=kari, supervisor=carol, start=today + timedelta(30))
    response = client_for(carol).get(reverse("placements:my_alis"))
    context = response.context
    assert [a.placement for a in context["upcoming"]] == [kari]
    assert context["earlier"] == [] and context["current"] == []
    assert context["alis_count"] == 0
    assert "Kommende" in response.content.decode()


def test_assignment_on_a_placement_not_yet_started_is_upcoming(
    client_for, carol, programme, bergen, today
):
    later = PlacementFactory(
        programme=programme,
        doctor__programme=programme,
        centre=MedicalCentreFactory(municipality=bergen),
        start=today + timedelta(days=60),
    )
    SupervisorAssignmentFactory(placement=later, supervisor=carol, start=later.start)
    context = client_for(carol).get(reverse("placements:my_alis")).context
    assert [a.placement for a in context["upcoming"]] == [later]
    assert context["earlier"] == []


def test_ended_assignment_is_earlier_and_current_is_current(client_for, carol, kari, today):
    SupervisorAssignmentFactory(
        placement=kari, supervisor=carol, start=kari.start, end=today - timedelta(days=10)
    )
    other = PlacementFactory(
        programme=kari.programme,
        doctor__programme=kari.programme,
        centre=kari.centre,
        start=kari.start,
    )
    SupervisorAssignmentFactory(placement=other, supervisor=carol, start=kari.start)
    context = client_for(carol).get(reverse("placements:my_alis")).context
    assert [a.placement for a in context["earlier"]] == [kari]
    assert [a.placement for a in context["current"]] == [other]
    assert context["upcoming"] == []


def test_placement_page_tags_the_next_supervisor_as_upcoming(client_for, alice, carol, kari, today):
    dave = person("dave@bergen.kommune.no", "Dave Dahl", None)
    SupervisorAssignmentFactory(
        placement=kari, supervisor=dave, start=kari.start, end=today + timedelta(days=29)
    )
    SupervisorAssignmentFactory(placement=kari, supervisor=carol, start=today + timedelta(30))
    page = client_for(alice).get(reverse("placements:placement_detail", args=[kari.pk]))
    html = page.content.decode()
    carol_row = html[html.index("Carol Corneliussen") :].split("</td>")[0]
    dave_row = html[html.index("Dave Dahl") :].split("</td>")[0]
    assert "Kommende" in carol_row
    assert "Nå" in dave_row and "Kommende" not in dave_row
