"""The supervisor logs a session with minutes on a phone, the follow-ups come back the next
time, the ALIS confirms and reads them, writes a shared and a private reflection, and the
supervisor sees only the shared one."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alisvest.factories import UserFactory
from alisvest.roles import Role, grant_role
from placements.models import LearningObjective
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from supervision.models import Reflection, SupervisionSession

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def assert_fits(page):
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"{page.url} scrolls sideways"


def test_minutes_and_reflections_from_phone_to_phone(page, programme, bergen_centre, carol):
    dan = UserFactory(email="dan@example.no", name="Dan Dale")
    grant_role(dan, Role.ALIS)
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Dan Dale", user=dan),
        centre=bergen_centre,
        start=timezone.localdate() - timedelta(days=300),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    alm = LearningObjective.objects.create(
        programme=programme, code="ALM-12", group="Allmennmedisin", text="Kronisk sykdom: KOLS"
    )
    LearningObjective.objects.create(
        programme=programme, code="FKM-3", group="Felles kompetansemål", text="Kommunikasjon"
    )

    page.set_viewport_size({"width": 390, "height": 844})
    login(page, carol.email)
    page.goto("/oversikt/")
    page.get_by_role("link", name="Logg veiledning for Dan Dale").click()  # tap 1
    page.get_by_label("Varighet").select_option("60")  # the one number
    page.locator("summary", has_text="Allmennmedisin").click()  # tap 2: open the group
    page.get_by_label("ALM-12 Kronisk sykdom: KOLS").check()  # tap 3
    page.get_by_label("Til neste gang").fill("Gå gjennom tre KOLS-pasienter")
    assert_fits(page)
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url(f"**/veiledning/stilling/{placement.pk}/")
    expect(page.get_by_text("Veiledningen er registrert")).to_be_visible()
    first = SupervisionSession.objects.get()
    assert list(first.record.objectives.all()) == [alm]

    # The next session: last time's follow-ups are on the form.
    page.get_by_role("link", name="Logg veiledning", exact=True).click()
    expect(page.locator("#follow-ups")).to_contain_text("Gå gjennom tre KOLS-pasienter")
    assert_fits(page)
    page.get_by_label("Avtalt").fill("To av tre pasienter gjennomgått")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url(f"**/veiledning/stilling/{placement.pk}/")
    second = SupervisionSession.objects.exclude(pk=first.pk).get()
    assert second.record.follows_up == first

    login(page, dan.email)
    page.goto("/veiledning/")
    card = page.locator(f"#time-{first.pk}")
    expect(card).to_contain_text("ALM-12")
    expect(card).to_contain_text("Gå gjennom tre KOLS-pasienter")
    assert_fits(page)
    card.get_by_role("button", name="Bekreft").click()
    expect(page.get_by_text("Timen er bekreftet")).to_be_visible()
    first.refresh_from_db()
    assert first.status == SupervisionSession.Status.CONFIRMED

    page.goto("/min-plan/")
    page.get_by_role("link", name="Skriv refleksjon").click()
    page.get_by_label("Gjelder").select_option(f"session:{first.pk}")
    page.get_by_label("Refleksjon").fill("Jeg har fått en fast rekkefølge for KOLS-kontroller")
    page.get_by_label("Delt med veilederen min").check()
    assert_fits(page)
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url("**/min-plan/")
    expect(page.locator("#reflections")).to_contain_text("fast rekkefølge")
    page.get_by_role("link", name="Skriv refleksjon").click()
    page.get_by_label("Gjelder").select_option(f"objective:{alm.pk}")
    page.get_by_label("Refleksjon").fill("Usikker på inhalasjonsteknikk")
    page.get_by_label("Privat: bare meg").check()
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url("**/min-plan/")
    expect(page.locator("#reflections")).to_contain_text("Usikker på inhalasjonsteknikk")
    assert_fits(page)
    assert Reflection.objects.filter(shared=True).count() == 1
    assert Reflection.objects.filter(shared=False).count() == 1

    login(page, carol.email)
    page.goto(f"/veiledning/stilling/{placement.pk}/")
    reflections = page.locator("#reflections")
    expect(reflections).to_contain_text("fast rekkefølge")
    expect(reflections).not_to_contain_text("inhalasjonsteknikk")
    expect(page.get_by_text("ALM-12").first).to_be_visible()
    assert_fits(page)
