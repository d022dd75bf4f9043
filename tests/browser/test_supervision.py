from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alisvest.factories import UserFactory
from alisvest.roles import Role, grant_role
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from supervision.models import SupervisionSession

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_supervisor_logs_from_the_dashboard_and_the_alis_confirms(
    page, programme, bergen_centre, carol
):
    dan = UserFactory(email="dan@example.no", name="Dan Dale")
    grant_role(dan, Role.ALIS)
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Dan Dale", user=dan),
        centre=bergen_centre,
        start=timezone.localdate() - timedelta(days=300),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)

    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    login(page, carol.email)
    page.goto("/oversikt/")  # the start page is the to-do list; the full form is on the overview
    page.get_by_role("link", name="Logg veiledning for Dan Dale").click()  # click 1
    page.get_by_label("Varighet").select_option(label="1 t 30 min")
    page.get_by_label("Tema").fill("Sykmeldingsarbeid")
    page.get_by_role("button", name="Lagre").click()  # click 2
    page.wait_for_url(f"**/veiledning/stilling/{placement.pk}/")
    expect(page.get_by_text("Veiledningen er registrert")).to_be_visible()
    session = SupervisionSession.objects.get()
    assert (session.minutes, session.topics) == (90, "Sykmeldingsarbeid")

    login(page, dan.email)
    page.goto("/veiledning/")
    expect(page.get_by_text("Timer som venter på din bekreftelse")).to_be_visible()
    page.get_by_role("button", name="Bekreft").click()
    expect(page.get_by_text("Timen er bekreftet")).to_be_visible()
    session.refresh_from_db()
    assert session.status == SupervisionSession.Status.CONFIRMED
