"""Issue 21: a statement breaks its expenses down by category, and shows the settlement's
payment reference and its deadline on a working day, on its page and in its PDF."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from funding import payments, services, tasks
from funding.factories import ExpenseFactory, GrantSchemeFactory
from funding.models import Expense, PaymentSetup
from tests.funding.test_statements import pdf_text, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(programme, bergen):
    """Bergen's 2017 statement from two categories of approved expenses and one returned."""
    GrantSchemeFactory(programme=programme)
    placement = place(programme, bergen, date(2017, 9, 1))
    ExpenseFactory(placement=placement, amount=Decimal("60000"))
    ExpenseFactory(placement=placement, category=Expense.Category.TRAVEL, amount=Decimal("12345"))
    ExpenseFactory(
        placement=placement,
        category=Expense.Category.TRAVEL,
        amount=Decimal("999"),
        status=Expense.Status.RETURNED,
        review_comment="Mangler kvittering",
    )
    [issued] = services.issue_statements(2017)
    return issued


def test_the_pdf_breaks_the_expenses_down_by_category(statement):
    text = pdf_text(tasks.pdf_bytes(statement))
    assert "Godkjente utgifter per kategori" in text
    assert "Kursavgifter kr 60 000" in text
    assert "Reise kr 12 345" in text and "13 344" not in text  # the returned one is left out


def test_the_page_breaks_the_expenses_down_by_category(statement, client_for, alice):
    response = client_for(alice).get(reverse("funding:statement_detail", args=[statement.pk]))
    assertContains(response, '<td>Kursavgifter</td><td class="num">kr\u00a060\u00a0000</td>')
    assertContains(response, '<td>Reise</td><td class="num">kr\u00a012\u00a0345</td>')


def test_the_pdf_gives_the_categories_in_the_statements_language(statement):
    statement.language = "en"  # not saved: the PDF renders from the row in hand
    text = pdf_text(tasks.pdf_bytes(statement))
    assert "Approved expenses by category" in text
    assert "Course fees kr 60 000" in text and "Travel kr 12 345" in text


def test_the_page_and_pdf_show_the_reference_and_the_working_day_deadline(
    statement, programme, client_for, alice
):
    PaymentSetup.objects.create(programme=programme, kid_agreement=True)
    kid = payments.payment_reference(statement)
    due = payments.due_date(statement)
    assert kid != statement.number and due.weekday() < 5
    response = client_for(alice).get(reverse("funding:statement_detail", args=[statement.pk]))
    assertContains(response, f'<dd data-testid="reference">{kid}</dd>')
    assertContains(response, f'<dd data-testid="due">{due:%d.%m.%Y}</dd>')
    text = pdf_text(tasks.pdf_bytes(statement))
    assert f"Betalingsreferanse: {kid}" in text and f"Forfall: {due:%d.%m.%Y}" in text


def test_a_municipality_that_pays_is_told_to_mark_the_payment_with_the_reference(
    scheme_for_stord,
):
    statement = scheme_for_stord
    text = " ".join(pdf_text(tasks.pdf_bytes(statement)).replace("-\n", "-").split())
    reference = payments.payment_reference(statement)
    due = payments.due_date(statement)
    assert f"merk innbetalingen med {reference}" in text
    assert f"Betalingsreferanse: {reference}" in text
    assert f"forfall {due:%d.%m.%Y}" in text


@pytest.fixture
def scheme_for_stord(programme, stord):
    """Stord's 2017 statement without expenses: the municipality pays its own share."""
    programme.host_account_number = "12345678901"
    programme.save()
    GrantSchemeFactory(programme=programme)
    place(programme, stord, date(2017, 9, 1))
    [issued] = services.issue_statements(2017)
    assert issued.settlement_amount < 0
    return issued


def test_an_expense_keeps_its_ore_on_the_statement_page_and_pdf(
    programme, bergen, client_for, alice
):
    GrantSchemeFactory(programme=programme, annual_cap=Decimal(300_000))
    placement = place(programme, bergen, date(2017, 1, 1))
    ExpenseFactory(placement=placement, amount=Decimal("250000.50"))
    [statement] = services.issue_statements(2017)
    assert statement.total_expenses == statement.total_grant == Decimal("250000.50")
    response = client_for(alice).get(reverse("funding:statement_detail", args=[statement.pk]))
    assertContains(response, "kr\u00a0250\u00a0000,50")
    assertContains(response, "kr\u00a0200\u00a0000,50")  # the settlement, own share netted
    text = pdf_text(tasks.pdf_bytes(statement))
    assert "kr 250 000,50" in text
    assert statement.net == Decimal("250000.50") - statement.total_own_share
