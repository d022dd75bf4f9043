"""The yearly rule on the pages: the heat map's "behind" months and the year's running
total, and the project leader's button for the yearly check."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from alisvest.todo import tasks_for
from placements.models import Programme
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from supervision.factories import SupervisionSessionFactory
from supervision.models import YearlyCheck
from supervision.services import run_monthly_check
from supervision.yearly import run_yearly_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def national_2025(programme, bergen_centre):
    """The fixture's programme on the yearly rule, 240 min; Dan has no supervision in July."""
    programme.supervision_rule = Programme.SupervisionRule.YEARLY_AVERAGE
    programme.monthly_supervision_minutes = 240
    programme.save()
    dan = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Dan Dale"),
        centre=bergen_centre,
        start=date(2024, 9, 1),
    )
    for month in [1, 2, 3, 4, 5, 6, 8, 9, 10]:
        SupervisionSessionFactory(placement=dan, date=date(2025, month, 10), minutes=240)
    for month in range(1, 13):
        run_monthly_check(date(2025, month, 1), notify=False)
    return dan


def test_heat_map_shows_behind_and_the_years_total(client_for, liv_mfa, national_2025):
    html = client_for(liv_mfa).get(reverse("supervision:compliance"), {"ar": 2025}).content
    html = html.decode()
    assert 'aria-label="Under månedstallet: 0/240 min"' in html  # July, not a deficit
    assert "Underskudd: " not in html
    # 9 × 240 = 2160 against 2520 for the year (all twelve months are over).
    assert "2160 / 2520 min hittil i året (årskrav 2520)" in html
    assert "Kjør årskontrollen for 2025" in html


def test_the_leader_runs_the_yearly_check(client_for, liv_mfa, national_2025):
    response = client_for(liv_mfa).post(reverse("supervision:yearly_check"), {"year": "2025"})
    assert response.status_code == 302 and response["Location"].endswith("?ar=2025")
    check = YearlyCheck.objects.get()
    assert (check.placement, check.required_minutes, check.logged_minutes, check.status) == (
        national_2025,
        2520,
        2160,
        "deficit",
    )
    assert check.notified_at is not None


def test_steering_and_managers_may_not_run_it(client_for, stein, alice, national_2025):
    for user in (stein, alice):
        response = client_for(user).post(reverse("supervision:yearly_check"), {"year": "2025"})
        assert response.status_code == 403
    html = client_for(stein).get(reverse("supervision:compliance"), {"ar": 2025}).content
    assert "Kjør årskontrollen" not in html.decode()
    assert not YearlyCheck.objects.exists()


def test_the_supervisor_finds_last_years_deficit_on_the_to_do_list(carol, programme, bergen_centre):
    programme.supervision_rule = Programme.SupervisionRule.YEARLY_AVERAGE
    programme.monthly_supervision_minutes = 240
    programme.save()
    last = timezone.localdate().year - 1
    eva = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Eva Eik"),
        centre=bergen_centre,
        start=date(last - 1, 1, 1),
    )
    SupervisorAssignmentFactory(placement=eva, supervisor=carol)
    SupervisionSessionFactory(placement=eva, date=date(last, 3, 1), minutes=480)
    run_yearly_check(last, notify=False)
    tasks = [t for t in tasks_for(carol) if t.kind == "supervision.yearly_deficit"]
    required = YearlyCheck.objects.get(placement=eva).required_minutes  # 2520
    assert [(t.title, t.detail) for t in tasks] == [
        (f"For lite veiledning i {last} for Eva Eik", f"480 av {required} minutter registrert.")
    ]
    assert required == 2520 and tasks[0].url.endswith(f"#month-{last}-12")
