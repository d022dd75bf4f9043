"""The monthly supervision-hour check: exact figures for each case in the issue."""

import json
import time
from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from alisvest.factories import UserFactory
from placements.models import Placement
from placements.municipalities.factories import MedicalCentreFactory, ProgrammeFactory
from placements.register.factories import (
    AbsenceFactory,
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from supervision.factories import SupervisionSessionFactory
from supervision.models import MonthlyCheck, SupervisionSession
from supervision.months import parse_month, previous_month
from supervision.services import deficit_recipients, run_monthly_check
from tests.conftest import wait_for

APRIL = date(2025, 4, 1)  # 30 days
MAY = date(2025, 5, 1)  # 31 days


def placement_in(programme, start=date(2024, 9, 1), actual_end=None, **kwargs):
    extra = (
        {"actual_end": actual_end, "end_reason": Placement.EndReason.FAMILY} if actual_end else {}
    )
    return PlacementFactory(
        doctor=DoctorFactory(programme=programme), start=start, **extra, **kwargs
    )


def log(placement, day, minutes, **kwargs):
    return SupervisionSessionFactory(placement=placement, date=day, minutes=minutes, **kwargs)


def result(placement, month=APRIL):
    check = MonthlyCheck.objects.get(placement=placement, month=month)
    return check.eligible_days, check.required_minutes, check.logged_minutes, check.status


@pytest.fixture
def vest(db):
    return ProgrammeFactory(slug="alis-vest", monthly_supervision_minutes=120)


def test_placement_starting_on_the_16th_of_a_30_day_month(vest):
    placement = placement_in(vest, start=date(2025, 4, 16))
    log(placement, date(2025, 4, 20), 60)
    run_monthly_check(APRIL, notify=False)
    # 15 of 30 days: ceil(120 × 15 / 30) = 60.
    assert result(placement) == (15, 60, 60, "ok")


def test_a_partial_month_rounds_the_requirement_up(vest):
    placement = placement_in(vest, start=date(2025, 5, 16))
    log(placement, date(2025, 5, 20), 45)
    run_monthly_check(MAY, notify=False)
    # 16 of 31 days: 120 × 16 / 31 = 61.9 -> 62.
    assert result(placement, MAY) == (16, 62, 45, "deficit")


def test_a_ten_day_absence(vest):
    placement = placement_in(vest)
    AbsenceFactory(placement=placement, start=date(2025, 4, 1), end=date(2025, 4, 10))
    log(placement, date(2025, 4, 15), 90)
    run_monthly_check(APRIL, notify=False)
    # 20 of 30 days: 80 minutes required.
    assert result(placement) == (20, 80, 90, "ok")


def test_overlapping_absences_do_not_count_a_day_twice(vest):
    placement = placement_in(vest)
    AbsenceFactory(placement=placement, start=date(2025, 3, 25), end=date(2025, 4, 10))
    AbsenceFactory(placement=placement, start=date(2025, 4, 5), end=date(2025, 4, 12))
    run_monthly_check(APRIL, notify=False)
    assert result(placement) == (18, 72, 0, "deficit")


def test_exactly_120_minutes_is_ok(vest):
    placement = placement_in(vest)
    log(placement, date(2025, 4, 3), 60)
    log(placement, date(2025, 4, 24), 60)
    log(placement, date(2025, 3, 31), 60)  # another month: not counted
    run_monthly_check(APRIL, notify=False)
    assert result(placement) == (30, 120, 120, "ok")


def test_105_minutes_is_a_deficit(vest):
    placement = placement_in(vest)
    log(placement, date(2025, 4, 3), 60)
    log(placement, date(2025, 4, 24), 45)
    log(placement, date(2025, 4, 25), 60, kind=SupervisionSession.Kind.OTHER)  # not individual
    run_monthly_check(APRIL, notify=False)
    assert result(placement) == (30, 120, 105, "deficit")


def test_a_disputed_session_is_excluded_until_resolved(vest):
    placement = placement_in(vest)
    log(placement, date(2025, 4, 3), 90)
    disputed = log(placement, date(2025, 4, 10), 30, status=SupervisionSession.Status.DISPUTED)
    run_monthly_check(APRIL, notify=False)
    assert result(placement) == (30, 120, 90, "deficit")

    disputed.status = SupervisionSession.Status.RESOLVED
    disputed.save()
    run_monthly_check(APRIL, notify=False)
    assert result(placement) == (30, 120, 120, "ok")


def test_a_placement_ended_mid_month(vest):
    placement = placement_in(vest, actual_end=date(2025, 4, 10))
    log(placement, date(2025, 4, 8), 30)
    run_monthly_check(APRIL, notify=False)
    # 10 of 30 days: 40 minutes required.
    assert result(placement) == (10, 40, 30, "deficit")


def test_a_whole_month_of_absence_is_exempt(vest):
    placement = placement_in(vest)
    AbsenceFactory(
        placement=placement,
        kind="foreldrepermisjon",
        start=date(2025, 3, 1),
        end=date(2025, 6, 30),
    )
    run_monthly_check(APRIL, notify=False)
    assert result(placement) == (0, 0, 0, "exempt")


def test_a_programme_whose_minimum_is_240(db):
    national = ProgrammeFactory(slug="nasjonal", monthly_supervision_minutes=240)
    placement = placement_in(national)
    log(placement, date(2025, 4, 3), 120)
    log(placement, date(2025, 4, 17), 90)
    run_monthly_check(APRIL, notify=False)
    assert result(placement) == (30, 240, 210, "deficit")


def test_placements_outside_the_month_get_no_row(vest):
    placement_in(vest, start=date(2025, 5, 1))
    placement_in(vest, start=date(2023, 1, 1), actual_end=date(2025, 3, 31))
    run_monthly_check(APRIL, notify=False)
    assert MonthlyCheck.objects.count() == 0


def test_a_rerun_updates_the_rows_and_never_duplicates(vest):
    placement = placement_in(vest)
    log(placement, date(2025, 4, 3), 60)
    run_monthly_check(APRIL)
    first = MonthlyCheck.objects.get()
    assert first.status == "deficit" and first.notified_at is not None

    log(placement, date(2025, 4, 4), 60)  # late logging
    run = run_monthly_check(APRIL)
    check = MonthlyCheck.objects.get()
    assert check.pk == first.pk
    assert (check.logged_minutes, check.status) == (120, "ok")
    assert check.corrected_late  # shown as corrected after the notice
    assert run.claimed == []  # and nobody is notified


def test_a_shortened_placement_loses_its_stale_row(vest):
    placement = placement_in(vest)
    run_monthly_check(APRIL, notify=False)
    placement.actual_end = date(2025, 3, 20)
    placement.end_reason = Placement.EndReason.FAMILY
    placement.save()
    run_monthly_check(APRIL, notify=False)
    assert not MonthlyCheck.objects.filter(placement=placement).exists()


def test_the_check_runs_a_fixed_number_of_queries(vest, django_assert_num_queries):
    def make(n):
        for _ in range(n):
            placement = placement_in(vest, centre=MedicalCentreFactory())
            log(placement, date(2025, 4, 3), 60)
            AbsenceFactory(placement=placement, start=date(2025, 4, 7), end=date(2025, 4, 9))

    make(2)
    # savepoint, prune, upsert, claim, release savepoint
    with django_assert_num_queries(5):
        run_monthly_check(APRIL)
    make(20)
    with django_assert_num_queries(5):
        run = run_monthly_check(APRIL)
    assert MonthlyCheck.objects.filter(month=APRIL).count() == 22
    assert len(run.claimed) == 20  # only the new deficits are claimed


def test_command_prints_json_with_the_agreed_keys(vest):
    placement = placement_in(vest)
    log(placement, date(2025, 4, 3), 120)
    out = StringIO()
    call_command("check_supervision", "--month", "2025-04", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert rows == [
        {
            "placement_id": placement.pk,
            "doctor": placement.doctor.name,
            "municipality_number": placement.municipality.number,
            "month": "2025-04",
            "eligible_days": 30,
            "required_minutes": 120,
            "logged_minutes": 120,
            "status": "ok",
        }
    ]


def test_command_summary_and_a_bad_month(vest):
    placement_in(vest)
    out = StringIO()
    call_command("check_supervision", "--month", "2025-04", stdout=out)
    assert "1 utdanningsstillinger – 0 oppfylt, 1 underskudd, 0 fritatt" in out.getvalue()
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM"):
        call_command("check_supervision", "--month", "april")


def test_month_helpers():
    assert parse_month("2026-03") == date(2026, 3, 1)
    assert previous_month(date(2026, 1, 1)) == date(2025, 12, 1)
    assert previous_month(date(2026, 3, 31)) == date(2026, 2, 1)


def test_beat_runs_the_check_on_the_first_at_six_oslo_time():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["supervision-monthly-check"]
    assert entry["task"] == "supervision.tasks.check_previous_month"
    schedule = entry["schedule"]
    assert schedule.day_of_month == {1} and schedule.hour == {6} and schedule.minute == {0}
    assert settings.CELERY_TIMEZONE == "Europe/Oslo"


@pytest.mark.django_db(transaction=True)
def test_running_twice_notifies_supervisor_alis_and_manager_once(
    celery_worker, register, alice, carol
):
    bergen = register.current().get(number="4601")
    for user in (alice, carol):  # both chose each event over their role's digest
        user.email_frequency = "each"
        user.save(update_fields=["email_frequency"])
    vest = ProgrammeFactory(slug="alis-vest-mail")
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=vest, name="Dan Dale", email="dan@example.no"),
        centre=MedicalCentreFactory(municipality=bergen),
        start=date(2024, 9, 1),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    log(placement, date(2025, 4, 3), 105)

    call_command("check_supervision", "--month", "2025-04", stdout=StringIO())
    assert wait_for(lambda: len(mail.outbox) == 3), [m.to for m in mail.outbox]
    call_command("check_supervision", "--month", "2025-04", stdout=StringIO())
    time.sleep(1)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "alice@bergen.kommune.no",
        "carol@bergen.kommune.no",
        "dan@example.no",
    ]
    assert "For lite veiledning for Dan Dale" in mail.outbox[0].subject
    assert "105 minutter" in mail.outbox[0].body
    assert MonthlyCheck.objects.count() == 1


def test_seed_demo_gives_sessions_deficits_a_dispute_and_an_absence(register):
    from placements.models import Absence

    call_command("seed_demo", stdout=StringIO())
    counts = (SupervisionSession.objects.count(), MonthlyCheck.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (SupervisionSession.objects.count(), MonthlyCheck.objects.count()) == counts
    assert counts[0] > 30
    assert MonthlyCheck.objects.filter(status="deficit").exists()
    assert MonthlyCheck.objects.filter(status="ok").exists()
    assert SupervisionSession.objects.filter(status=SupervisionSession.Status.DISPUTED).count() == 1
    # ALIS-VEST's one course absence; the national programme has its parental leave.
    assert Absence.objects.filter(placement__programme__slug="alis-vest").count() == 1


def test_the_current_supervisor_is_notified_despite_an_earlier_ended_assignment(vest):
    carol = UserFactory(email="carol@example.no")
    earlier = placement_in(vest, start=date(2022, 1, 1), actual_end=date(2023, 12, 31))
    SupervisorAssignmentFactory(placement=earlier, supervisor=carol, end=date(2023, 12, 31))
    placement = placement_in(vest)
    former = UserFactory(email="former@example.no")
    SupervisorAssignmentFactory(placement=placement, supervisor=former, end=date(2024, 12, 31))
    SupervisorAssignmentFactory(placement=placement, supervisor=carol, start=date(2025, 1, 1))
    run_monthly_check(APRIL, notify=False)
    recipients = deficit_recipients(MonthlyCheck.objects.get(placement=placement))
    assert "carol@example.no" in recipients
    assert "former@example.no" not in recipients
