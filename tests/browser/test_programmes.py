"""A project leader's programme from the browser, at desktop width and on a phone: create a
national programme (its defaults already filled in), invite its health manager from the
programme's page, and switch the dashboard between the two programmes."""

import pytest
from playwright.sync_api import expect

from alisvest.models import Invitation
from placements.models import Programme

from .test_journeys import VIEWPORTS, assert_fits
from .test_register import login_as

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=VIEWPORTS, ids=list(VIEWPORTS))
def screen(request, page):
    page.set_viewport_size(VIEWPORTS[request.param])
    return page


def test_leader_creates_a_national_programme_invites_a_manager_and_switches(
    screen, live_server, liv_mfa, programme, bergen
):
    login_as(screen, live_server, liv_mfa)
    screen.goto("/programmer/")
    assert_fits(screen)
    screen.get_by_role("link", name="Nytt program").click()
    assert screen.get_by_label("Krav til individuell veiledning").input_value() == "240"
    screen.get_by_label("Navn").fill("ALIS Vestland nasjonal")
    screen.get_by_label("Startet").fill("2023-01-01")
    assert_fits(screen)
    screen.get_by_role("button", name="Opprett program").click()
    screen.wait_for_url("**/programmer/alis-vestland-nasjonal/")
    expect(screen.get_by_text("Programmet ALIS Vestland nasjonal er opprettet")).to_be_visible()
    expect(screen.get_by_text("42 timer i et helt år")).to_be_visible()
    assert_fits(screen)
    national = Programme.objects.get(slug="alis-vestland-nasjonal")
    assert national.supervision_rule == "yearly_average" and national.is_national

    screen.get_by_role("link", name="Inviter personer").click()
    screen.get_by_label("Navn").fill("Hanne Helse")
    screen.get_by_label("E-post").fill("hanne@bergen.kommune.no")
    screen.get_by_label("Rolle").select_option(label="Helseleder")
    screen.get_by_label("Kommune").select_option(str(bergen.pk))
    assert screen.get_by_label("Program").input_value() == str(national.pk)
    screen.get_by_role("button", name="Send invitasjon").click()
    expect(screen.get_by_text("Invitasjonen er sendt til hanne@bergen.kommune.no")).to_be_visible()
    invitation = Invitation.objects.get(email="hanne@bergen.kommune.no")
    assert (invitation.role, invitation.programme) == ("manager", national)

    screen.goto("/oversikt/")
    expect(screen.locator(f"#programme-{national.pk}")).to_be_visible()  # the one just made
    with screen.expect_navigation():  # the switch posts and comes back to the same address
        screen.get_by_role("button", name="Bytt til ALIS-VEST").click()
    expect(screen.locator(f"#programme-{programme.pk}")).to_be_visible()
    assert screen.locator(f"#programme-{national.pk}").count() == 0
    assert_fits(screen)
