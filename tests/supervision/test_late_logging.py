"""Late logging: a change to the sessions of a month that is over recomputes its check."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alisvest.factories import UserFactory
from alisvest.roles import Role, grant_role
from placements.register.factories import (
    AbsenceFactory,
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from supervision import services
from supervision.factories import SupervisionSessionFactory
from supervision.models import MonthlyCheck, SupervisionSession
from supervision.months import month_bounds
from supervision.requirement import required_minutes

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
# A month before the previous one: the monthly task never looks at it again.
EARLIER = (TODAY.replace(day=1) - timedelta(days=70)).replace(day=1)


@pytest.fixture
def placement(programme, bergen_centre, carol):
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Dan Dale"),
        centre=bergen_centre,
        start=EARLIER - timedelta(days=400),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    return placement


@pytest.fixture
def dan_user(placement):
    user = UserFactory(email="dan@example.no")
    grant_role(user, Role.ALIS)
    placement.doctor.user = user
    placement.doctor.save()
    return user


def check_of(placement, month=EARLIER):
    return MonthlyCheck.objects.get(placement=placement, month=month)


def test_logging_late_turns_a_notified_deficit_into_corrected_without_a_new_notice(placement, liv):
    services.run_monthly_check(EARLIER)
    notified = check_of(placement).notified_at
    assert check_of(placement).status == "deficit" and notified is not None

    session = services.log_session(
        placement, by=liv, date=EARLIER + timedelta(days=9), minutes=120, kind="individuell"
    )
    check = check_of(placement)
    assert (check.logged_minutes, check.status) == (120, "ok")
    assert check.corrected_late and check.notified_at == notified

    services.update_session(session, by=liv, minutes=60)
    assert (check_of(placement).logged_minutes, check_of(placement).status) == (60, "deficit")
    services.delete_session(session, by=liv)
    check = check_of(placement)
    assert (check.logged_minutes, check.notified_at) == (0, notified)


def test_moving_a_session_to_another_month_rechecks_both(placement, liv):
    later = (EARLIER + timedelta(days=40)).replace(day=1)
    session = SupervisionSessionFactory(
        placement=placement, date=EARLIER + timedelta(days=3), minutes=120
    )
    services.run_monthly_check(EARLIER, notify=False)
    services.run_monthly_check(later, notify=False)
    assert (check_of(placement).status, check_of(placement, later).status) == ("ok", "deficit")
    services.update_session(session, by=liv, date=later + timedelta(days=3))
    assert check_of(placement).status == "deficit"
    assert check_of(placement, later).status == "ok"


def test_a_dispute_and_its_resolution_recheck_the_month(placement, dan_user, liv):
    day = TODAY - timedelta(days=59)  # a past month, still open to a dispute
    session = SupervisionSessionFactory(placement=placement, date=day, minutes=120)
    services.run_monthly_check(day, notify=False)
    month = day.replace(day=1)
    services.dispute_session(session, by=dan_user, comment="Ble avlyst")
    assert check_of(placement, month).logged_minutes == 0
    services.resolve_session(session, by=liv, note="Ble holdt likevel")
    assert check_of(placement, month).logged_minutes == 120


def test_this_months_sessions_make_no_check_row(placement, carol):
    services.log_session(placement, by=carol, date=TODAY, minutes=60, kind="individuell")
    assert not MonthlyCheck.objects.filter(month=TODAY.replace(day=1)).exists()


def test_the_compliance_page_shows_the_deficit_as_corrected(client_for, liv_mfa, placement):
    services.run_monthly_check(EARLIER)
    client = client_for(liv_mfa)
    response = client.post(
        reverse("supervision:session_create", args=[placement.pk]),
        {
            "date": (EARLIER + timedelta(days=4)).isoformat(),
            "minutes": "120",
            "kind": SupervisionSession.Kind.INDIVIDUAL,
        },
    )
    assert response.status_code == 302
    html = client.get(reverse("supervision:compliance"), {"ar": EARLIER.year}).content.decode()
    assert "Oppfylt: 120 / 120 min (rettet etter kontrollen)" in html
    page = client.get(reverse("supervision:placement", args=[placement.pk])).content.decode()
    assert "rettet etter kontrollen" in page


def test_an_absence_added_later_lowers_the_months_requirement(placement):
    SupervisionSessionFactory(placement=placement, date=EARLIER + timedelta(days=20), minutes=60)
    services.run_monthly_check(EARLIER)
    assert check_of(placement).status == "deficit"
    absence = AbsenceFactory(placement=placement, start=EARLIER, end=EARLIER + timedelta(days=19))
    check = check_of(placement)
    assert check.required_minutes == required_minutes(placement, EARLIER) < 120
    assert check.eligible_days == month_bounds(EARLIER)[1].day - 20
    assert check.status == "ok" and check.corrected_late
    absence.delete()
    assert check_of(placement).required_minutes == 120
