"""The 10.5-month rule (the national scheme): hand calculations for a full year, a part year,
absences, a summer without supervision and a year that falls short; the yearly check stores
the year and notifies a deficit once."""

import json
import time
from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from placements.models import Programme
from placements.municipalities.factories import MedicalCentreFactory, ProgrammeFactory
from placements.register.factories import (
    AbsenceFactory,
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from supervision.factories import SupervisionSessionFactory
from supervision.models import MonthlyCheck, YearlyCheck
from supervision.services import run_monthly_check
from supervision.yearly import YearNotOver, run_yearly_check, year_status, yearly_minutes
from tests.conftest import wait_for

YEARLY = Programme.SupervisionRule.YEARLY_AVERAGE


@pytest.fixture
def national(db):
    return ProgrammeFactory(
        slug="nasjonal",
        rule_set=Programme.RuleSet.NATIONAL,
        supervision_rule=YEARLY,
        monthly_supervision_minutes=240,
    )


def placement_in(programme, start=date(2024, 9, 1), **kwargs):
    return PlacementFactory(doctor=DoctorFactory(programme=programme), start=start, **kwargs)


def log_months(placement, months, minutes, year=2025):
    for month in months:
        SupervisionSessionFactory(placement=placement, date=date(year, month, 10), minutes=minutes)


def status_2025(placement):
    return year_status([placement.pk], 2025)[placement.pk]


def test_a_full_year_needs_42_hours(national):
    placement = placement_in(national)
    log_months(placement, range(1, 11), 240)  # ten months of 4 hours: 2400
    log_months(placement, [11], 120)  # and half a month more: 2520
    # 240 × 10.5 × 365 / 365 = 2520 minutes = 42 hours.
    assert status_2025(placement) == {
        "required": 2520,
        "done": 2520,
        "target": 2520,
        "status": "ok",
    }


def test_a_year_that_falls_short_is_a_deficit(national):
    placement = placement_in(national)
    log_months(placement, range(1, 11), 240)  # 2400 of 2520
    assert status_2025(placement)["status"] == "deficit"
    assert status_2025(placement)["required"] - status_2025(placement)["done"] == 120


def test_a_part_year_from_1_july(national):
    placement = placement_in(national, start=date(2025, 7, 1))
    log_months(placement, range(7, 12), 240)  # 1200
    SupervisionSessionFactory(placement=placement, date=date(2025, 12, 5), minutes=60)
    # 184 of 365 days: 2520 × 184 / 365 = 1270.4 -> 1271; 1260 logged falls short.
    assert status_2025(placement) == {
        "required": 1271,
        "done": 1260,
        "target": 1271,
        "status": "deficit",
    }
    SupervisionSessionFactory(placement=placement, date=date(2025, 12, 12), minutes=15)
    assert status_2025(placement)["status"] == "ok"


def test_three_months_of_parental_leave(national):
    placement = placement_in(national)
    AbsenceFactory(
        placement=placement, kind="foreldrepermisjon", start=date(2025, 3, 1), end=date(2025, 5, 31)
    )
    log_months(placement, [1, 2, 6, 7, 8, 9, 10, 11, 12], 210)  # 1890
    # 365 - 92 = 273 days: 2520 × 273 / 365 = 1884.8 -> 1885.
    assert status_2025(placement) == {
        "required": 1885,
        "done": 1890,
        "target": 1885,
        "status": "ok",
    }


def test_a_summer_without_supervision_is_fine_when_the_year_adds_up(national):
    placement = placement_in(national)
    log_months(placement, [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12], 240)  # no July: 2640
    assert status_2025(placement)["status"] == "ok"
    run_monthly_check(date(2025, 7, 1))
    july = MonthlyCheck.objects.get(placement=placement, month=date(2025, 7, 1))
    # Below the month's 240 but not a deficit: the year decides.
    assert (july.required_minutes, july.logged_minutes, july.status) == (240, 0, "behind")
    assert not july.was_deficit and july.notified_at is None
    assert run_yearly_check(2025) == []
    assert YearlyCheck.objects.get(placement=placement).status == "ok"


def test_mid_year_the_running_total_is_measured_against_the_target_so_far(national):
    from supervision.yearly import year_rows

    placement = placement_in(national)
    log_months(placement, range(1, 7), 240)  # 1440 by the end of June, none in July
    row = year_rows(2025, placements=[placement.pk], today=date(2025, 8, 15))[placement.pk]
    # January–July are over: 212 days, 2520 × 212 / 365 = 1463.7 -> 1464.
    assert (row.required, row.target, row.done, row.status) == (2520, 1464, 1440, "behind")


def test_the_monthly_rule_is_unchanged(db):
    regional = ProgrammeFactory(slug="regional", monthly_supervision_minutes=120)
    placement = placement_in(regional)
    log_months(placement, [m for m in range(1, 13) if m != 7], 240)
    run_monthly_check(date(2025, 7, 1), notify=False)
    assert MonthlyCheck.objects.get(placement=placement).status == "deficit"
    assert status_2025(placement) == {
        "required": 1440,
        "done": 2640,
        "target": 1440,
        "status": "deficit",
    }


def test_a_placement_outside_the_year_owes_nothing(national):
    placement = placement_in(national, start=date(2026, 1, 1))
    assert status_2025(placement) == {"required": 0, "done": 0, "target": 0, "status": "ok"}


def test_the_formula_rounds_up():
    assert yearly_minutes(240, 366, 2024) == 2520
    assert yearly_minutes(240, 1, 2025) == 7  # 6.9 -> 7


def test_the_yearly_check_stores_only_yearly_rule_placements(national):
    short = placement_in(national)
    log_months(short, range(1, 11), 240)
    placement_in(ProgrammeFactory(slug="regional"))
    assert run_yearly_check(2025, notify=False) == []
    check = YearlyCheck.objects.get()
    assert (check.placement_id, check.required_minutes, check.logged_minutes) == (
        short.pk,
        2520,
        2400,
    )
    assert check.status == "deficit"


def test_the_yearly_check_refuses_a_year_not_over(national):
    with pytest.raises(YearNotOver):
        run_yearly_check(2025, today=date(2025, 12, 31))
    with pytest.raises(CommandError, match="ikke over"):
        call_command("check_supervision_year", "--year", "2099", stdout=StringIO())


def test_the_check_runs_a_fixed_number_of_queries(national, django_assert_num_queries):
    for _ in range(5):
        log_months(placement_in(national), range(1, 4), 240)
    # savepoint, compute, prune, upsert, claim, release.
    with django_assert_num_queries(6):
        assert len(run_yearly_check(2025)) == 5


def test_command_prints_json(national):
    placement = placement_in(national)
    out = StringIO()
    call_command("check_supervision_year", "--year", "2025", "--json", stdout=out)
    assert json.loads(out.getvalue()) == [
        {
            "placement_id": placement.pk,
            "year": 2025,
            "eligible_days": 365,
            "required_minutes": 2520,
            "logged_minutes": 0,
            "status": "deficit",
        }
    ]


def test_beat_runs_the_yearly_check_on_1_january():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["supervision-yearly-check"]
    assert entry["task"] == "supervision.tasks.check_previous_year"
    schedule = entry["schedule"]
    assert schedule.month_of_year == {1} and schedule.day_of_month == {1}
    assert settings.CLAIM_SUPERVISION_STATUS == "supervision.yearly.year_status"


@pytest.mark.django_db(transaction=True)
def test_a_yearly_deficit_is_notified_once(celery_worker, register, alice, carol):
    bergen = register.current().get(number="4601")
    for user in (alice, carol):
        user.email_frequency = "each"
        user.save(update_fields=["email_frequency"])
    national = ProgrammeFactory(
        slug="nasjonal-mail", supervision_rule=YEARLY, monthly_supervision_minutes=240
    )
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=national, name="Dan Dale", email="dan@example.no"),
        centre=MedicalCentreFactory(municipality=bergen),
        start=date(2024, 9, 1),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    log_months(placement, range(1, 11), 240)

    call_command("check_supervision_year", "--year", "2025", stdout=StringIO())
    assert wait_for(lambda: len(mail.outbox) == 3), [m.to for m in mail.outbox]
    call_command("check_supervision_year", "--year", "2025", stdout=StringIO())
    time.sleep(1)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "alice@bergen.kommune.no",
        "carol@bergen.kommune.no",
        "dan@example.no",
    ]
    assert "For lite veiledning for Dan Dale i 2025" in mail.outbox[0].subject
    assert "2400 minutter" in mail.outbox[0].body and "2520 minutter" in mail.outbox[0].body
    assert YearlyCheck.objects.count() == 1
