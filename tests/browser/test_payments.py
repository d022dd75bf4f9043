"""Money that settles, in the browser: the leader records a payment for an open settlement
and the finance overview shows nothing open; a health manager on a phone submits expenses,
the leader returns one with a comment, and the manager reads the comment."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from funding.factories import ExpenseFactory, GrantSchemeFactory
from funding.models import Expense, Payment
from funding.services import issue_statements
from tests.funding.test_statements import place

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)
NBSP = "\u00a0"


def test_the_leader_records_a_payment_and_nothing_is_open(page, programme, bergen, liv_mfa):
    GrantSchemeFactory(programme=programme)
    year = timezone.localdate().year - 1
    placement = place(programme, bergen, date(year - 1, 1, 1))
    ExpenseFactory(placement=placement, year=year, amount=Decimal("250000.50"))
    [statement] = issue_statements(year, by=liv_mfa)
    login(page, liv_mfa.email)
    page.goto("/okonomi/oversikt/")
    expect(page.get_by_test_id("open-amount")).to_contain_text(f"kr{NBSP}150{NBSP}000")
    page.get_by_role("link", name="Alle oppgjør og betalinger").click()
    page.get_by_role("link", name=statement.number).click()
    page.get_by_label("Betalt dato").fill(timezone.localdate().isoformat())
    page.get_by_label("Beløp (kr)").fill("150000,00")
    page.get_by_role("button", name="Registrer betalingen").click()
    expect(page.get_by_text("Betalingen er registrert")).to_be_visible()
    page.goto("/okonomi/oversikt/")
    expect(page.get_by_test_id("open-amount")).to_contain_text(f"kr{NBSP}0")
    expect(page.get_by_test_id("overdue-amount")).to_contain_text(f"kr{NBSP}0")
    assert Payment.objects.get().amount == Decimal(150_000)


def test_a_returned_expense_carries_the_leaders_comment_to_the_phone(
    page, programme, bergen, alice, liv_mfa
):
    GrantSchemeFactory(programme=programme)
    placement = place(programme, bergen, date(2024, 9, 1))
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, alice.email)
    page.goto(f"/okonomi/stilling/{placement.pk}/2024/")
    for category, amount in (("Kursavgifter", "12500.50"), ("Reise", "800")):
        page.get_by_label("Kategori").select_option(label=category)
        page.get_by_label("Beløp (kr)").fill(amount)
        page.get_by_role("button", name="Lagre utgiften").click()
        expect(page.get_by_text("Utgiften er registrert")).to_be_visible()
    expect(page.get_by_test_id("expense-status").filter(has_text="Sendt inn")).to_have_count(2)
    expect(page.get_by_text(f"Kursavgifter · kr{NBSP}12{NBSP}500,50")).to_be_visible()

    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, liv_mfa.email)
    page.goto("/okonomi/utgifter/godkjenning/")
    travel = page.locator("li.ds-card").filter(has_text="Reise")
    travel.get_by_text("Returner med kommentar").click()
    travel.get_by_label("Kommentar til helselederen").fill("Legg ved kvitteringen for reisen.")
    travel.get_by_role("button", name="Returner utgiften").click()
    expect(page.get_by_text("Utgiften er returnert")).to_be_visible()
    page.locator("li.ds-card").filter(has_text="Kursavgifter").get_by_role(
        "button", name="Godkjenn"
    ).click()
    expect(page.get_by_text("Ingen utgifter venter på godkjenning.")).to_be_visible()

    page.set_viewport_size({"width": 390, "height": 844})
    login(page, alice.email)
    page.goto(f"/okonomi/stilling/{placement.pk}/2024/")
    expect(page.get_by_text("Legg ved kvitteringen for reisen.")).to_be_visible()
    expect(page.get_by_test_id("expense-status").filter(has_text="Returnert")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert set(Expense.objects.values_list("status", flat=True)) == {"approved", "returned"}
