"""The 10.5-month rule in the browser, at desktop width and on a phone: the project leader
sees a summer month "behind" (not a deficit) and the year's running total on the heat map,
runs the yearly check for the year just ended, and the short year becomes a deficit."""

from datetime import date

import pytest
from playwright.sync_api import expect

from placements.models import Programme
from placements.register.factories import DoctorFactory, PlacementFactory
from supervision.factories import SupervisionSessionFactory
from supervision.models import YearlyCheck
from supervision.services import run_monthly_check

from .test_journeys import VIEWPORTS, assert_fits
from .test_register import login_as

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=VIEWPORTS, ids=list(VIEWPORTS))
def screen(request, page):
    page.set_viewport_size(VIEWPORTS[request.param])
    return page


def test_leader_sees_behind_months_and_runs_the_yearly_check(
    screen, live_server, liv_mfa, programme, bergen_centre
):
    Programme.objects.filter(pk=programme.pk).update(
        supervision_rule=Programme.SupervisionRule.YEARLY_AVERAGE, monthly_supervision_minutes=240
    )
    dan = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Dan Dale"),
        centre=bergen_centre,
        start=date(2024, 9, 1),
    )
    for month in [1, 2, 3, 4, 5, 6, 8, 9, 10]:
        SupervisionSessionFactory(placement=dan, date=date(2025, month, 10), minutes=240)
    for month in range(1, 13):
        run_monthly_check(date(2025, month, 1), notify=False)

    login_as(screen, live_server, liv_mfa)
    screen.goto("/veiledning/etterlevelse/?ar=2025")
    # July, November and December: behind, none a deficit
    assert screen.locator('svg[aria-label="Under månedstallet: 0/240 min"]').count() == 3
    assert screen.locator('svg[aria-label^="Underskudd"]').count() == 0
    expect(screen.get_by_text("2160 / 2520 min hittil i året (årskrav 2520)")).to_be_visible()
    assert_fits(screen)
    screen.get_by_role("button", name="Kjør årskontrollen for 2025").click()
    screen.wait_for_url("**/veiledning/etterlevelse/?ar=2025")
    expect(
        screen.get_by_text("Årskontrollen for 2025 er kjørt: 1 utdanningsstilling,")
    ).to_be_visible()
    assert YearlyCheck.objects.get(placement=dan).status == "deficit"
