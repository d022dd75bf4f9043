"""Every funding URL × role: outside scope 404, in scope but not allowed 403, anonymous to
the login page. Alice manages Bergen (the statement's recipient), Bob manages Stord, Liv
leads the programme, Stein sits in its steering group, Carol supervises elsewhere."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from funding import services
from funding.factories import ExpenseFactory, GrantSchemeFactory
from funding.models import StatementRun
from tests.funding.test_statements import place

pytestmark = pytest.mark.django_db

OK, FORBIDDEN, MISSING = 200, 403, 404

# url name → expected status for (alice, bob, liv, stein, carol)
MATRIX = {
    "home": (OK, OK, OK, OK, OK),
    "expenses": (OK, MISSING, OK, MISSING, MISSING),
    "expense_edit": (OK, MISSING, OK, MISSING, MISSING),
    "expense_attachment": (OK, MISSING, OK, MISSING, MISSING),
    "scheme_list": (OK, OK, OK, OK, OK),
    "scheme_create": (FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN),
    "scheme_edit": (FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN),
    "statement_list": (OK, OK, OK, OK, OK),
    "statement_detail": (OK, MISSING, OK, MISSING, MISSING),
    "statement_pdf": (OK, MISSING, OK, MISSING, MISSING),
    "generate": (FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN),
    # A statement run is the project leader's: outside their programmes it does not exist.
    "run": (MISSING, MISSING, OK, MISSING, MISSING),
    "run_progress": (MISSING, MISSING, OK, MISSING, MISSING),
    "overview": (FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN),
    "overview_xlsx": (FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN),
}
PEOPLE = ("alice", "bob", "liv_mfa", "stein", "carol")


@pytest.fixture
def world(programme, participating, bergen):
    scheme = GrantSchemeFactory(programme=programme)
    placement = place(programme, bergen, date(2017, 9, 1))
    expense = ExpenseFactory(placement=placement, year=2018, amount=Decimal(100))
    expense.attachment.save("receipt", ContentFile(b"%PDF-1.4"), save=False)
    expense.attachment_name, expense.attachment_type = "kvittering.pdf", "application/pdf"
    expense.save()
    [statement] = services.issue_statements(2017)
    run = StatementRun.objects.create(programme=programme, year=2017, total=1)
    args = {
        "expenses": [placement.pk, 2018],
        "expense_edit": [expense.pk],
        "expense_attachment": [expense.pk],
        "scheme_edit": [scheme.pk],
        "statement_detail": [statement.pk],
        "statement_pdf": [statement.pk],
        "run": [run.pk],
        "run_progress": [run.pk],
    }
    return {name: reverse(f"funding:{name}", args=args.get(name, [])) for name in MATRIX}


@pytest.mark.parametrize("name", MATRIX)
def test_anonymous_is_sent_to_login(client, world, name):
    response = client.get(world[name])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("who", range(len(PEOPLE)), ids=PEOPLE)
def test_matrix(request, client_for, world, who):
    user = request.getfixturevalue(PEOPLE[who])
    client = client_for(user)
    got = {name: client.get(url).status_code for name, url in world.items()}
    assert got == {name: expected[who] for name, expected in MATRIX.items()}


def test_bob_cannot_change_or_delete_bergens_expense(client_for, bob, world):
    from funding.models import Expense

    client = client_for(bob)
    expense = Expense.objects.get()
    data = {"year": 2018, "category": "annet", "amount": "1"}
    assert client.post(world["expense_edit"], data).status_code == 404
    url = reverse("funding:expense_delete", args=[expense.pk])
    assert client.post(url).status_code == 404
    assert Expense.objects.get().amount == Decimal(100)
