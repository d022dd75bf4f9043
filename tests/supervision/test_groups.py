"""Group supervision set up in the browser by a project leader, and the ALIS's hours on
their own plan page."""

from datetime import date

import pytest
from django.urls import reverse

from alisvest.factories import UserFactory
from alisvest.roles import Role, grant_role
from placements.register.factories import DoctorFactory, PlacementFactory
from supervision.factories import (
    GroupMeetingFactory,
    GroupMembershipFactory,
    SupervisionGroupFactory,
)
from supervision.models import GroupAttendance, GroupMeeting, GroupMembership, SupervisionGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def dan(programme, bergen_centre):
    user = UserFactory(email="dan@example.no", name="Dan Dale")
    grant_role(user, Role.ALIS)
    return PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Dan Dale", user=user),
        centre=bergen_centre,
        start=date(2024, 9, 1),
    )


@pytest.fixture
def eva(programme, bergen_centre):
    return PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Eva Eik"),
        centre=bergen_centre,
        start=date(2024, 9, 1),
    )


def test_a_project_leader_sets_up_a_group_in_the_browser(
    client_for, liv_mfa, carol, programme, dan, eva
):
    grant_role(carol, Role.SUPERVISOR)
    client = client_for(liv_mfa)
    assert (
        reverse("supervision:group_create")
        in client.get(reverse("supervision:group_list")).content.decode()
    )
    response = client.post(
        reverse("supervision:group_create"),
        {
            "name": "Vestland 2025",
            "programme": programme.pk,
            "leader": carol.pk,
            "start": "2025-01-01",
            "end": "2024-12-31",
        },
    )
    assert "«Til» kan ikke være før «fra»." in response.content.decode()
    assert "Vestland 2025" in response.content.decode()  # kept
    response = client.post(
        reverse("supervision:group_create"),
        {
            "name": "Vestland 2025",
            "programme": programme.pk,
            "leader": carol.pk,
            "start": "2025-01-01",
            "end": "2026-12-31",
        },
    )
    group = SupervisionGroup.objects.get()
    assert response.status_code == 302 and group.leader == carol

    members = reverse("supervision:group_members", args=[group.pk])
    for placement in (dan, eva):
        assert client.post(members, {"action": "add", "placement": placement.pk}).status_code == 302
    assert group.memberships.count() == 2
    dan_member = group.memberships.get(placement=dan)

    response = client.post(
        reverse("supervision:meeting_create", args=[group.pk]),
        {"date": "2025-02-05", "hours": "7.5", "topic": "Oppstart", "present": [dan_member.pk]},
    )
    assert response.status_code == 302
    meeting = GroupMeeting.objects.get()
    edit = reverse("supervision:meeting_edit", args=[group.pk, meeting.pk])
    assert edit in client.get(reverse("supervision:group_detail", args=[group.pk])).content.decode()
    eva_member = group.memberships.get(placement=eva)
    response = client.post(
        edit, {"date": "2025-02-05", "hours": "6", "topic": "Oppstart", "present": [eva_member.pk]}
    )
    assert response.status_code == 302
    assert list(meeting.attendance.values_list("membership", flat=True)) == [eva_member.pk]
    meeting.refresh_from_db()
    assert meeting.hours == 6

    # Eva attended, so she stays; Dan did not and can be removed.
    response = client.post(members, {"action": "remove", "membership": eva_member.pk})
    assert response.status_code == 200 and "har oppmøte registrert" in response.content.decode()
    assert GroupMembership.objects.filter(pk=eva_member.pk).exists()
    client.post(members, {"action": "remove", "membership": dan_member.pk})
    assert not GroupMembership.objects.filter(pk=dan_member.pk).exists()

    response = client.post(reverse("supervision:meeting_delete", args=[group.pk, meeting.pk]))
    assert response.status_code == 302 and not GroupMeeting.objects.exists()

    confirm = client.get(reverse("supervision:group_delete", args=[group.pk])).content.decode()
    assert "Slette «Vestland 2025»?" in confirm and "Gruppen har 1 medlem." in confirm
    assert client.post(reverse("supervision:group_delete", args=[group.pk])).status_code == 302
    assert not SupervisionGroup.objects.exists()
    assert SupervisionGroup.history.filter(history_type="-").count() == 1


def test_the_group_leader_records_meetings_but_cannot_change_the_group(
    client_for, carol, programme, dan
):
    group = SupervisionGroupFactory(programme=programme, leader=carol)
    GroupMembershipFactory(group=group, placement=dan)
    client = client_for(carol)
    assert client.get(reverse("supervision:meeting_create", args=[group.pk])).status_code == 200
    assert client.get(reverse("supervision:group_edit", args=[group.pk])).status_code == 403
    response = client.post(reverse("supervision:group_members", args=[group.pk]), {"action": "add"})
    assert response.status_code == 403
    assert client.get(reverse("supervision:group_create")).status_code == 403


def test_a_member_must_be_in_the_groups_programme(client_for, liv_mfa, programme, dan):
    group = SupervisionGroupFactory(programme=programme)
    stranger = PlacementFactory()
    response = client_for(liv_mfa).post(
        reverse("supervision:group_members", args=[group.pk]),
        {"action": "add", "placement": stranger.pk},
    )
    assert response.status_code == 200 and not group.memberships.exists()


def test_the_alis_sees_group_hours_with_the_running_total_on_their_plan(client_for, programme, dan):
    first = SupervisionGroupFactory(programme=programme, name="Vestland 1")
    second = SupervisionGroupFactory(programme=programme, name="Vestland 2")
    for group, month, hours in ((first, 2, "7.5"), (first, 3, "7.5"), (second, 4, "5")):
        membership, _new = GroupMembership.objects.get_or_create(group=group, placement=dan)
        meeting = GroupMeetingFactory(group=group, date=date(2025, month, 5), hours=hours)
        GroupAttendance.objects.create(meeting=meeting, membership=membership)
    html = client_for(dan.doctor.user).get(reverse("placements:my_plan")).content.decode()
    assert "Gruppeveiledning" in html
    assert "20 t av 120 t så langt (100 t igjen)." in html
    assert "5.3.2025 · Vestland 1 · 7,5 t" in html and "(i alt 15 t)" in html
    assert "(i alt 20 t)" in html


def test_an_alis_without_groups_sees_none_yet(client_for, dan):
    html = client_for(dan.doctor.user).get(reverse("placements:my_plan")).content.decode()
    assert "0 t av 120 t så langt" in html and "Ingen gruppemøter registrert på deg ennå." in html
