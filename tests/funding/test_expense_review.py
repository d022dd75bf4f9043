"""Expenses are reviewed: a health manager's entry is submitted, the project leader
approves it or returns it with a comment, and only approved expenses count in statements."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alisvest.todo import tasks_for
from funding import reviews, services
from funding.factories import GrantSchemeFactory
from funding.models import Expense
from tests.funding.test_statements import place

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement(programme, bergen):
    GrantSchemeFactory(programme=programme)
    return place(programme, bergen, date(2017, 1, 1))


def add(placement, by, amount, category="kursavgift"):
    return services.add_expense(
        placement, by=by, year=2017, category=category, amount=Decimal(amount)
    )


def test_a_managers_entry_is_submitted_a_leaders_approved(placement, alice, liv):
    assert add(placement, alice, 100).status == Expense.Status.SUBMITTED
    assert add(placement, liv, 100).status == Expense.Status.APPROVED


def test_returned_expenses_are_excluded_from_statements(placement, alice, liv):
    kept = add(placement, alice, "80000.50")
    returned = add(placement, alice, 30_000, "reise")
    waiting = add(placement, alice, 5_000, "annet")
    reviews.approve_expense(kept, by=liv)
    reviews.return_expense(returned, by=liv, comment="Mangler kvittering.")
    [statement] = services.issue_statements(2017)
    assert waiting.status == Expense.Status.SUBMITTED
    assert statement.total_expenses == Decimal("80000.50")  # the øre kept on the statement
    returned.refresh_from_db()
    assert (returned.status, returned.review_comment) == ("returned", "Mangler kvittering.")


def test_a_return_needs_a_comment_and_a_leader(placement, alice, liv):
    expense = add(placement, alice, 100)
    with pytest.raises(ValidationError) as error:
        reviews.return_expense(expense, by=liv, comment="  ")
    assert "comment" in error.value.error_dict
    with pytest.raises(PermissionDenied):
        reviews.approve_expense(expense, by=alice)
    expense.refresh_from_db()
    assert expense.status == Expense.Status.SUBMITTED


def test_a_corrected_return_goes_back_for_review(placement, alice, liv):
    expense = add(placement, alice, 100)
    reviews.return_expense(expense, by=liv, comment="Feil beløp.")
    services.update_expense(expense, by=alice, amount=Decimal("120.50"))
    expense.refresh_from_db()
    assert expense.status == Expense.Status.SUBMITTED and expense.amount == Decimal("120.50")


def test_the_manager_sees_the_comment_and_the_leader_has_a_task(placement, alice, liv, client_for):
    expense = add(placement, alice, "1250.50")
    [task] = [t for t in tasks_for(liv) if t.kind == "funding.review_expenses"]
    assert task.url == reverse("funding:expense_review")
    reviews.return_expense(expense, by=liv, comment="Legg ved kvittering.")
    assert not [t for t in tasks_for(liv) if t.kind == "funding.review_expenses"]
    page = client_for(alice).get(reverse("funding:expenses", args=[placement.pk, 2017]))
    html = page.content.decode()
    assert "Legg ved kvittering." in html and "Returnert" in html
    assert "kr\xa01\xa0250,50" in html  # the øre kept


def test_the_leader_returns_from_the_review_page(placement, alice, liv_mfa, client_for):
    expense = add(placement, alice, 100)
    client = client_for(liv_mfa)
    assert expense.description in client.get(reverse("funding:expense_review")).content.decode()
    url = reverse("funding:expense_return", args=[expense.pk])
    client.post(url, {"comment": "", "next": "review"})
    expense.refresh_from_db()
    assert expense.status == Expense.Status.SUBMITTED  # refused: no comment
    answer = client.post(url, {"comment": "Feil kategori.", "next": "review"})
    assert answer.status_code == 302 and answer.url == reverse("funding:expense_review")
    expense.refresh_from_db()
    assert expense.status == Expense.Status.RETURNED
