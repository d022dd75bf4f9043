"""Issue 23: the accessibility statement passes axe-core's WCAG 2.1 A/AA checks, as the main
pages do (tests/browser/test_accessibility.py), and the login page's footer leads to it."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from funding import payments
from funding.factories import ExpenseFactory, GrantSchemeFactory
from funding.models import GrantStatement
from tests.funding.test_statements import place

from .conftest import login
from .test_accessibility import violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_statement_is_accessible_and_linked_from_the_footer(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nb-NO", bypass_csp=True)
    page = context.new_page()
    assert violations(page, "/tilgjengelighet/") == []
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Tilgjengelighetserklæring").click()
    page.wait_for_url("**/tilgjengelighet/")
    expect(page.get_by_role("heading", name="Kjente mangler")).to_be_visible()
    context.close()


# --- Issue 21: money that settles --------------------------------------------------------


def test_the_leader_issues_a_finished_year_after_previewing_and_the_manager_sees_it(
    browser, live_server, register, programme, liv_mfa, alice
):
    """Desktop: the project leader is refused 2030, previews last year's statements
    (amounts, recipients) and issues them; on a phone the health manager reads the one
    settlement amount, its payment reference and deadline, and the expenses by category."""
    bergen = register.current().get(number="4601")
    GrantSchemeFactory(programme=programme)
    ExpenseFactory(placement=place(programme, bergen, date(2017, 9, 1)), amount=Decimal(110_000))
    context = browser.new_context(base_url=live_server.url, locale="nb-NO")
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, liv_mfa.email)
    page.goto("/okonomi/oppgjor/generer/")
    page.locator("#id_year").fill("2030")
    page.get_by_role("button", name="Forhåndsvis årsoppgjørene").click()
    expect(page.locator("#id_year_error")).to_contain_text("2030 er et år fram i tid")
    page.locator("#id_year").fill("2017")
    page.get_by_role("button", name="Forhåndsvis årsoppgjørene").click()
    expect(page.get_by_text("Forhåndsvisning: 1 årsoppgjør for 2017")).to_be_visible()
    expect(page.get_by_text(alice.email)).to_be_visible()
    expect(page.get_by_text("Programmet betaler kommunen kr\u00a050\u00a0137")).to_be_visible()
    assert not GrantStatement.objects.exists()
    page.get_by_role("button", name="Utsted og send 1 årsoppgjør").click()
    page.wait_for_url("**/okonomi/oppgjor/kjoring/*/")
    expect(page.get_by_text("1 årsoppgjør for 2017 er utstedt")).to_be_visible()
    statement = GrantStatement.objects.get()
    context.close()

    context = browser.new_context(base_url=live_server.url, locale="nb-NO")
    phone = context.new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    login(phone, alice.email)
    phone.goto("/okonomi/oppgjor/")
    phone.get_by_role("link", name=statement.number).first.click()
    phone.wait_for_url(f"**/okonomi/oppgjor/{statement.pk}/")
    settlement = phone.locator("dd.settlement")
    expect(settlement).to_have_text(f"{programme.name} betaler Bergen kr\u00a050\u00a0137.")
    expect(phone.get_by_test_id("reference")).to_have_text(payments.payment_reference(statement))
    expect(phone.get_by_test_id("due")).to_have_text(f"{payments.due_date(statement):%d.%m.%Y}")
    expect(phone.get_by_test_id("by-category")).to_contain_text("Kursavgifter")
    expect(phone.get_by_role("heading", name="Historikk for Bergen 2017")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
