"""The supervisor directory: leaders see every supervisor of their programme, a manager only
those of their municipality's placements; more than 3 ALIS is flagged; the hours column comes
from the floor that knows hours, through settings.PANELS."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alisvest.panels import panels
from alisvest.roles import Role
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import PlacementFactory, SupervisorAssignmentFactory
from tests.conftest import person

pytestmark = pytest.mark.django_db

URL = reverse("placements:supervisor_directory")


@pytest.fixture
def start():
    return timezone.localdate() - timedelta(days=200)


@pytest.fixture
def bergen_placements(programme, participating, bergen, start):
    centre = MedicalCentreFactory(municipality=bergen, name="Åsane legesenter")
    return [
        PlacementFactory(
            programme=programme,
            doctor__programme=programme,
            doctor__name=f"ALIS {n}",
            centre=centre,
            start=start,
        )
        for n in range(4)
    ]


@pytest.fixture
def stord_placement(programme, participating, stord, start):
    return PlacementFactory(
        programme=programme,
        doctor__programme=programme,
        doctor__name="Per Stord",
        centre=MedicalCentreFactory(municipality=stord, name="Stord legesenter"),
        start=start,
    )


@pytest.fixture
def dave(db):
    return person("dave@stord.kommune.no", "Dave Dahl", Role.SUPERVISOR)


@pytest.fixture
def supervised(carol, dave, bergen_placements, stord_placement, start):
    for placement in bergen_placements:
        SupervisorAssignmentFactory(placement=placement, supervisor=carol, start=start)
    SupervisorAssignmentFactory(
        placement=stord_placement, supervisor=dave, start=start, is_specialist=False
    )


def hours_panel(user, *, supervisors, year):
    return {"hours_by_supervisor": dict.fromkeys(supervisors, 12.5)}


def test_leader_sees_every_supervisor_with_centre_count_and_overload(
    client_for, liv_mfa, carol, dave, supervised
):
    response = client_for(liv_mfa).get(URL)
    rows = {r.supervisor: r for r in response.context["rows"]}
    assert set(rows) == {carol, dave}
    assert rows[carol].alis_count == 4 and rows[carol].overloaded
    assert [c.name for c in rows[carol].centres] == ["Åsane legesenter"]
    assert rows[dave].alis_count == 1 and not rows[dave].overloaded
    assert rows[dave].is_specialist is False
    html = response.content.decode()
    assert "Veileder for 4 ALIS samtidig, mer enn 3." in html
    assert 'href="' + URL + '"' in html  # the menu link


def test_manager_sees_only_her_municipalitys_supervisors(
    client_for, alice, bob, carol, dave, supervised
):
    assert [r.supervisor for r in client_for(alice).get(URL).context["rows"]] == [carol]
    assert [r.supervisor for r in client_for(bob).get(URL).context["rows"]] == [dave]
    assert "Carol" not in client_for(bob).get(URL).content.decode()


def test_ended_and_future_assignments_do_not_count(client_for, liv_mfa, carol, bergen_placements):
    today = timezone.localdate()
    first, second = bergen_placements[:2]
    SupervisorAssignmentFactory(
        placement=first, supervisor=carol, start=first.start, end=today - timedelta(days=1)
    )
    SupervisorAssignmentFactory(placement=second, supervisor=carol, start=today + timedelta(10))
    [row] = client_for(liv_mfa).get(URL).context["rows"]
    assert row.alis_count == 0 and row.current == []


def test_hours_come_from_the_registered_panel(client_for, liv_mfa, supervised, settings):
    settings.PANELS = {**settings.PANELS, "supervisor_directory": []}
    panels.cache_clear()
    try:
        response = client_for(liv_mfa).get(URL)
    finally:
        panels.cache_clear()
    assert response.context["has_hours"] is False  # no floor has said
    settings.PANELS = {
        **settings.PANELS,
        "supervisor_directory": [f"{__name__}.hours_panel"],
    }
    panels.cache_clear()
    try:
        response = client_for(liv_mfa).get(URL)
    finally:
        panels.cache_clear()
    assert {r.hours for r in response.context["rows"]} == {12.5}
    assert "12,5 t" in response.content.decode() or "12.5 t" in response.content.decode()


@pytest.mark.parametrize("who", ["carol", "stein"])
def test_supervisors_and_steering_group_are_refused(client_for, who, request, supervised):
    assert client_for(request.getfixturevalue(who)).get(URL).status_code == 403
