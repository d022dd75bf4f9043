from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from alisvest.factories import UserFactory
from funding.factories import ExpenseFactory, GrantSchemeFactory
from funding.models import Expense, GrantStatement
from tests.funding.test_statements import place

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)
# Screenshots for looking at, outside the source tree (test-results/ is ignored by git).
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


def test_manager_reports_an_expense_on_a_phone(page, register, programme, alice):
    bergen = register.current().get(number="4601")
    GrantSchemeFactory(programme=programme)
    placement = place(programme, bergen, date(2024, 9, 1))
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, alice.email)
    page.goto("/okonomi/")
    page.get_by_role("link", name="2024").click()
    page.wait_for_url(f"**/okonomi/stilling/{placement.pk}/2024/")
    page.get_by_label("Kategori").select_option(label="Kursavgifter")
    page.get_by_label("Beløp (kr)").fill("-100")
    page.get_by_role("button", name="Lagre utgiften").click()
    expect(page.get_by_text("Beløpet kan ikke være negativt").first).to_be_visible()
    page.get_by_label("Beløp (kr)").fill("12500")
    page.get_by_label("Beskrivelse").fill("Grunnkurs")
    page.get_by_role("button", name="Lagre utgiften").click()
    expect(page.get_by_text("Utgiften er registrert")).to_be_visible()
    expect(page.get_by_text("Kursavgifter · kr\u00a012\u00a0500")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "expenses-phone.png", full_page=True)
    assert Expense.objects.get().amount == Decimal(12_500)


def test_leader_generates_statements_and_watches_the_progress_bar(
    page, celery_worker, register, programme
):
    admin = UserFactory(email="admin@example.no", is_superuser=True, is_staff=True)
    GrantSchemeFactory(programme=programme)
    for number in ("4601", "4614", "4613"):
        municipality = register.current().get(number=number)
        ExpenseFactory(placement=place(programme, municipality, date(2017, 9, 1)), year=2017)
    login(page, admin.email)
    page.goto("/okonomi/oppgjor/generer/")
    page.locator("#id_year").fill("2017")
    page.get_by_role("button", name="Forhåndsvis årsoppgjørene").click()
    page.get_by_role("button", name="Utsted og send 3 årsoppgjør").click()
    page.wait_for_url("**/okonomi/oppgjor/kjoring/*/")
    # htmx replaces the bar every second until the group is done.
    page.get_by_text("3 av 3 ferdige (100 %)").wait_for(timeout=60_000)
    expect(page.get_by_text("Ferdig", exact=True)).to_be_visible()
    assert page.locator("progress#run-bar").get_attribute("value") == "3"
    page.screenshot(path=SCREENSHOTS / "statements-progress.png")
    assert GrantStatement.objects.exclude(pdf="").count() == 3
