"""Funding access beyond the generated matrix (tests/product/test_permission_matrix.py, from
the @access declarations in funding/views.py): a receipt that is attached, and a POST on
another municipality's expense. Alice manages Bergen, Bob manages Stord, Liv leads the
programme, Stein sits in its steering group, Carol supervises elsewhere."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from funding.factories import ExpenseFactory
from tests.funding.test_statements import place

pytestmark = pytest.mark.django_db


@pytest.fixture
def expense(programme, participating, bergen):
    placement = place(programme, bergen, date(2017, 9, 1))
    expense = ExpenseFactory(placement=placement, year=2018, amount=Decimal(100))
    expense.attachment.save("receipt", ContentFile(b"%PDF-1.4"), save=False)
    expense.attachment_name, expense.attachment_type = "kvittering.pdf", "application/pdf"
    expense.save()
    return expense


def test_an_attached_receipt_is_for_the_own_manager_and_the_project_leader(
    client, client_for, expense, alice, bob, liv_mfa, stein, carol
):
    # The generated matrix's expense has no receipt, so there it is 404 for everyone.
    url = reverse("funding:expense_attachment", args=[expense.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    got = {u.email: client_for(u).get(url).status_code for u in (alice, bob, liv_mfa, stein, carol)}
    assert got == {
        alice.email: 200,
        bob.email: 404,
        liv_mfa.email: 200,
        stein.email: 404,
        carol.email: 404,
    }


def test_bob_cannot_change_or_delete_bergens_expense(client_for, bob, expense):
    from funding.models import Expense

    client = client_for(bob)
    data = {"year": 2018, "category": "annet", "amount": "1"}
    url = reverse("funding:expense_edit", args=[expense.pk])
    assert client.post(url, data).status_code == 404
    url = reverse("funding:expense_delete", args=[expense.pk])
    assert client.post(url).status_code == 404
    assert Expense.objects.get().amount == Decimal(100)
