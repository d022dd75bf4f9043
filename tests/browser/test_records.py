"""The project leader's records on a phone (390 px): the audit log pages, filters and
downloads as CSV, its tables shown as cards; erasing a supervisor, from finding her to the
confirmation that says what goes and what stays."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from supervision.factories import SupervisionSessionFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("participating")]
PHONE = {"width": 390, "height": 844}

FITS = """() => ({
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  scrollingTables: [...document.querySelectorAll(".table-wrap")]
    .filter((el) => el.scrollWidth > el.clientWidth + 1).length,
})"""


def login_as(page, live_server, user):
    """The project leader logs in with a second factor; the browser gets a session made
    server-side instead of typing a TOTP code."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def assert_fits(page):
    measured = page.evaluate(FITS)
    assert measured["scrollWidth"] <= measured["innerWidth"], measured
    assert measured["scrollingTables"] == 0, measured


def test_the_audit_log_pages_filters_and_downloads_on_a_phone(page, live_server, liv_mfa, bergen):
    for n in range(55):
        MedicalCentreFactory(municipality=bergen, name=f"Legesenter {n:02d}")
    MedicalCentreFactory(municipality=bergen, name="Fjellsiden legesenter")
    page.set_viewport_size(PHONE)
    login_as(page, live_server, liv_mfa)
    page.goto("/revisjon/")
    page.get_by_label("Type post").select_option(label="Legesenter")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_test_id("audit-count")).to_have_text("56 endringer passer filteret.")
    assert_fits(page)
    first_card = page.locator("table.cards tbody tr").first
    expect(first_card.locator("td").first).to_have_attribute("data-label", "Tidspunkt")
    page.get_by_role("link", name="Neste").first.click()
    expect(page.get_by_text("Side 2 av 2")).to_be_visible()

    page.get_by_label("Søk i posten").fill("fjellsiden")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_test_id("audit-count")).to_have_text("1 endring passer filteret.")
    expect(page.get_by_text("Fjellsiden legesenter")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_test_id("audit-export").click()
    assert download.value.suggested_filename == "revisjonslogg.csv"
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Fjellsiden legesenter" in text and "Legesenter 01" not in text


def test_the_project_leader_erases_a_supervisor_on_a_phone(
    page, live_server, liv_mfa, carol, programme, bergen_centre
):
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Dan Dale"),
        centre=bergen_centre,
        start=timezone.localdate() - timedelta(days=60),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    SupervisionSessionFactory.create_batch(2, placement=placement, supervisor=carol)
    page.set_viewport_size(PHONE)
    login_as(page, live_server, liv_mfa)
    page.goto("/personvern/")
    page.get_by_label("Navn eller e-post").fill("Carol")
    page.get_by_role("button", name="Søk").click()
    assert_fits(page)
    page.get_by_role("link", name="Slett personopplysninger").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Slett personopplysninger om Carol Corneliussen"
    )
    expect(page.get_by_test_id("kept")).to_contain_text("2 veiledningstime(r) (2,0 timer)")
    expect(page.get_by_test_id("research")).to_contain_text("0 forskningssamtykker")
    assert_fits(page)
    page.get_by_role("button", name="Slett personopplysningene").click()
    # Nothing happens until the box is ticked; the page says which field is missing.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Carol Corneliussen")
    page.get_by_label("Jeg forstår at personopplysningene slettes for godt").check()
    page.get_by_role("button", name="Slett personopplysningene").click()
    expect(page.get_by_text("Personopplysningene er slettet.")).to_be_visible()
    page.get_by_label("Navn eller e-post").fill("Carol")
    page.get_by_role("button", name="Søk").click()
    expect(page.get_by_text("Ingen personer passer søket.").first).to_be_visible()
    carol.refresh_from_db()
    assert carol.name.startswith("Slettet veileder ") and not carol.is_active
