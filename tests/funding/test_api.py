"""Grant schemes (read), expenses (managers, own municipality) and statements (read) over
the API, through the same services and rules as the pages."""

from datetime import date
from decimal import Decimal

import pytest

from alisvest.models import ApiToken
from funding import services
from funding.factories import ExpenseFactory, GrantSchemeFactory
from funding.models import Expense
from tests.funding.test_statements import place

pytestmark = pytest.mark.django_db


def api(client, user):
    _token, raw = ApiToken.issue(user, "test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


@pytest.fixture
def placement(programme, bergen, participating):
    GrantSchemeFactory(programme=programme)
    return place(programme, bergen, date(2017, 9, 1), date(2019, 8, 31))


def test_manager_reports_expenses_for_own_municipality(client, alice, placement):
    client = api(client, alice)
    data = {"placement": placement.pk, "year": 2018, "category": "vikar", "amount": "1500.00"}
    response = client.post("/api/v1/expenses/", data)
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = client.patch(
        f"/api/v1/expenses/{pk}/", {"amount": "2000"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert Expense.objects.get().amount == Decimal(2000)
    listed = client.get("/api/v1/expenses/?year=2018").json()
    assert [e["id"] for e in listed["results"]] == [pk]


def test_api_explains_bad_input(client, alice, placement):
    client = api(client, alice)
    base = {"placement": placement.pk, "year": 2018, "category": "vikar", "amount": "10"}
    response = client.post("/api/v1/expenses/", base | {"amount": "-10"})
    assert response.status_code == 400 and "amount" in response.json()
    response = client.post("/api/v1/expenses/", base | {"year": 2021})
    assert response.status_code == 400
    assert "ikke 2021" in response.json()["year"][0]
    services.issue_statements(2018)
    response = client.post("/api/v1/expenses/", base)
    assert response.status_code == 400
    assert "er låst fordi årsoppgjør" in response.json()["year"][0]


def test_other_manager_sees_nothing_and_cannot_report(client, bob, placement):
    ExpenseFactory(placement=placement, year=2018)
    client = api(client, bob)
    assert client.get("/api/v1/expenses/").json()["count"] == 0
    data = {"placement": placement.pk, "year": 2018, "category": "vikar", "amount": "10"}
    assert client.post("/api/v1/expenses/", data).status_code == 400


def test_statements_and_schemes_are_read_only(client, alice, bob, placement):
    ExpenseFactory(placement=placement, year=2018, amount=Decimal(1000))
    services.issue_statements(2018)
    client = api(client, alice)
    [statement] = client.get("/api/v1/grant-statements/").json()["results"]
    assert (statement["municipality_number"], statement["total_grant"]) == ("4601", "1000.00")
    assert statement["lines"][0]["placement_id"] == placement.pk
    assert client.post("/api/v1/grant-statements/", {}).status_code == 405
    [scheme] = client.get("/api/v1/grant-schemes/").json()["results"]
    assert scheme["annual_cap"] == "200000.00"
    assert api(client, bob).get("/api/v1/grant-statements/").json()["count"] == 0
