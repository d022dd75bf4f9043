"""The compliance heat map, its CSV export, and group supervision totals."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import (
    AbsenceFactory,
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from supervision.factories import (
    GroupMeetingFactory,
    GroupMembershipFactory,
    SupervisionGroupFactory,
    SupervisionSessionFactory,
)
from supervision.models import GroupAttendance, GroupMeeting
from supervision.services import run_monthly_check
from supervision.units import hours_label, minutes_as_hours

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2025(programme, bergen_centre, stord, carol):
    """Two placements checked Jan–Apr 2025: Bergen (Dan) and Stord (Eva)."""
    dan = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Dan Dale"),
        centre=bergen_centre,
        start=date(2024, 9, 1),
    )
    eva = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Eva Eik"),
        centre=MedicalCentreFactory(municipality=stord),
        start=date(2024, 9, 1),
    )
    SupervisorAssignmentFactory(placement=dan, supervisor=carol)
    for month in (1, 2, 3):
        SupervisionSessionFactory(placement=dan, date=date(2025, month, 10), minutes=120)
    AbsenceFactory(placement=eva, start=date(2025, 2, 1), end=date(2025, 2, 28))
    for month in (1, 2, 3, 4):
        run_monthly_check(date(2025, month, 1), notify=False)
    return dan, eva


def test_leader_sees_everyone_in_the_heat_map(client_for, liv_mfa, year_2025):
    page = client_for(liv_mfa).get(reverse("supervision:compliance"), {"ar": 2025})
    html = page.content.decode()
    assert "Dan Dale" in html and "Eva Eik" in html
    assert html.count('aria-label="Oppfylt: 120/120 min"') == 3
    assert 'aria-label="Fritatt: 0/0 min"' in html  # Eva's February
    assert html.count('aria-label="Underskudd') == 4  # Dan's April, Eva's Jan, Mar, Apr


def test_manager_filters_and_sees_own_municipality(client_for, alice, year_2025):
    html = client_for(alice).get(reverse("supervision:compliance"), {"ar": 2025}).content.decode()
    assert "Dan Dale" in html and "Eva Eik" not in html


def test_supervisor_sees_own_row_and_the_rolling_total(client_for, carol, year_2025):
    html = client_for(carol).get(reverse("supervision:compliance"), {"ar": 2025}).content.decode()
    assert "Dan Dale" in html and "Eva Eik" not in html
    assert "360 / 480 min" in html  # Jan–Apr logged against required


def test_filter_by_municipality(client_for, liv_mfa, year_2025):
    html = (
        client_for(liv_mfa)
        .get(reverse("supervision:compliance"), {"ar": 2025, "kommune": "4614"})
        .content.decode()
    )
    assert "Eva Eik" in html and "Dan Dale" not in html


def test_csv_export(client_for, liv_mfa, year_2025):
    response = client_for(liv_mfa).get(
        reverse("supervision:compliance"), {"ar": 2025, "format": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0] == (
        "Utdanningsstilling (id);Lege;Kommunenummer;Måned;Tellende dager;Krav (minutter);"
        "Registrert (minutter);Status"
    )
    assert len(lines) == 1 + 8
    assert lines[1].endswith(";2025-01;31;120;120;Oppfylt")
    assert ";deficit" not in response.content.decode() and ";Underskudd" in lines[4]


def test_xlsx_export(client_for, liv_mfa, year_2025):
    from io import BytesIO

    from openpyxl import load_workbook

    response = client_for(liv_mfa).get(
        reverse("supervision:compliance"), {"ar": 2025, "format": "xlsx"}
    )
    assert response["Content-Disposition"] == 'attachment; filename="veiledning-2025.xlsx"'
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Utdanningsstilling (id)", "Lege", "Kommunenummer", "Måned")
    assert rows[1][1:] == ("Dan Dale", "4601", "2025-01", 31, 120, 120, "Oppfylt")
    assert len(rows) == 9


def test_heat_map_query_count(client_for, liv_mfa, year_2025, django_assert_num_queries):
    client = client_for(liv_mfa)
    client.get(reverse("supervision:compliance"))
    # session read and idle-timeout write, user, access (3), MFA check; then years,
    # municipalities, placement count, placements page, checks for the page, rolling totals;
    # the leader's model permissions (user, groups) for the menu's admin link
    with django_assert_num_queries(16):
        client.get(reverse("supervision:compliance"), {"ar": 2025})


def test_researcher_sees_no_rows(client_for, erin_mfa, year_2025):
    html = client_for(erin_mfa).get(reverse("supervision:compliance")).content.decode()
    assert "Dan Dale" not in html and "Ingen månedskontroller" in html


def test_group_running_total_against_120_hours(client_for, liv_mfa, programme, bergen_centre):
    group = SupervisionGroupFactory(programme=programme, name="Vestland 1")
    dan = GroupMembershipFactory(
        group=group,
        placement=PlacementFactory(
            doctor=DoctorFactory(programme=programme, name="Dan Dale"), centre=bergen_centre
        ),
    )
    eva = GroupMembershipFactory(
        group=group,
        placement=PlacementFactory(
            doctor=DoctorFactory(programme=programme, name="Eva Eik"), centre=bergen_centre
        ),
    )
    for month in range(1, 5):
        meeting = GroupMeetingFactory(group=group, date=date(2025, month, 5), hours=7.5)
        GroupAttendance.objects.create(meeting=meeting, membership=dan)
        if month % 2:
            GroupAttendance.objects.create(meeting=meeting, membership=eva)
    html = client_for(liv_mfa).get(reverse("supervision:group_detail", args=[group.pk]))
    members = {m["membership"].pk: m for m in html.context["members"]}
    assert members[dan.pk]["hours"] == Decimal("30.00") and members[dan.pk]["percent"] == 25
    assert members[eva.pk]["hours"] == Decimal("15.00")


def test_group_leader_records_a_meeting_with_attendance(client_for, carol, programme):
    group = SupervisionGroupFactory(programme=programme, leader=carol)
    member = GroupMembershipFactory(group=group)
    url = reverse("supervision:meeting_create", args=[group.pk])
    response = client_for(carol).post(url, {"date": "2030-01-01", "hours": "7.5"})
    assert "fram i tid" in response.content.decode()
    response = client_for(carol).post(
        url,
        {"date": "2025-03-05", "hours": "7.5", "topic": "Multimorbiditet", "present": [member.pk]},
    )
    assert response.status_code == 302
    meeting = GroupMeeting.objects.get()
    assert list(meeting.attendees.all()) == [member]


def test_someone_else_cannot_record_a_meeting(client_for, alice, programme, bergen_centre):
    group = SupervisionGroupFactory(programme=programme)
    GroupMembershipFactory(
        group=group,
        placement=PlacementFactory(doctor=DoctorFactory(programme=programme), centre=bergen_centre),
    )
    client = client_for(alice)
    assert client.get(reverse("supervision:group_detail", args=[group.pk])).status_code == 200
    url = reverse("supervision:meeting_create", args=[group.pk])
    assert client.post(url, {"date": "2025-03-05", "hours": "7.5"}).status_code == 403


def test_groups_outside_scope_are_404(client_for, bob, programme):
    group = SupervisionGroupFactory(programme=programme)
    assert (
        client_for(bob).get(reverse("supervision:group_detail", args=[group.pk])).status_code == 404
    )


def test_hours_read_as_people_write_them(client_for, liv_mfa, programme, bergen_centre):
    group = SupervisionGroupFactory(programme=programme, name="Vestland 2")
    member = GroupMembershipFactory(
        group=group,
        placement=PlacementFactory(doctor=DoctorFactory(programme=programme), centre=bergen_centre),
    )
    for month, hours in ((1, "7.5"), (2, "7.5"), (3, "5")):
        meeting = GroupMeetingFactory(group=group, date=date(2025, month, 5), hours=hours)
        GroupAttendance.objects.create(meeting=meeting, membership=member)
    html = client_for(liv_mfa).get(reverse("supervision:group_detail", args=[group.pk]))
    html = html.content.decode()
    assert '<td class="num">20 t</td>' in html and '<td class="num">7,5 t</td>' in html
    assert "7.50" not in html and "20.00" not in html


def test_the_supervisors_year_in_whole_and_half_hours(client_for, carol, year_2025):
    dan, _eva = year_2025
    html = client_for(carol).get(reverse("placements:my_alis")).content.decode()
    assert "2.0" not in html and "0.0" not in html
    assert hours_label(minutes_as_hours(90)) == "1,5 t"
    assert hours_label(minutes_as_hours(120)) == "2 t"
