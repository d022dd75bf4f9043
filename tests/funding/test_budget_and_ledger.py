"""The steering group reads the finance overview (budget per year and category, forecast,
open settlements) with amounts in øre; the ledger CSV of an issued batch; the scheme's
change log with field names and formatted amounts."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from funding.factories import ExpenseFactory, GrantSchemeFactory
from funding.models import BudgetLine, Counterparty, StatementRun
from funding.services import issue_statements
from funding.templatetags.funding_tags import kr
from tests.funding.test_statements import place

pytestmark = pytest.mark.django_db


def test_amounts_keep_their_ore():
    assert kr(Decimal("1250.50")) == "kr\xa01\xa0250,50"
    assert kr(1250) == "kr\xa01\xa0250"
    assert kr(Decimal("-0.05")) == "kr\xa0−0,05"


@pytest.fixture
def issued(programme, bergen, liv):
    GrantSchemeFactory(programme=programme)
    year = timezone.localdate().year - 1
    placement = place(programme, bergen, date(year, 1, 1), date(year + 3, 12, 31))
    ExpenseFactory(placement=placement, year=year, amount=Decimal("1250.50"))
    BudgetLine.objects.create(
        programme=programme, year=year, category="kursavgift", amount=Decimal(40_000)
    )
    return issue_statements(year, by=liv)


def test_the_steering_group_reads_the_overview(issued, stein, client_for):
    page = client_for(stein).get(reverse("funding:overview"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "kr\xa01\xa0250,50" in html  # spent in the category, with øre
    assert "kr\xa040\xa0000" in html  # the category's budget
    budget = page.context["year_budget"]
    assert (budget["budget"], budget["spent"], budget["granted"]) == (
        Decimal(40_000),
        Decimal("1250.50"),
        Decimal("1250.50"),
    )
    forecast = page.context["forecast"]
    assert forecast[0]["kind"] == "granted"
    assert [r["kind"] for r in forecast[1:]] == ["forecast"] * (len(forecast) - 1)
    assert forecast[-1]["year"] == timezone.localdate().year + 2
    assert page.context["is_leader"] is False
    assert client_for(stein).get(reverse("funding:payments")).status_code == 200
    refused = client_for(stein).post(reverse("funding:bank_import"))
    assert refused.status_code == 403


def test_the_cached_forecast_follows_a_new_placement(issued, programme, bergen, stein, client_for):
    """The forecast is cached (thousands of caps at national scale) until what it reads
    changes: a placement added after the first look shows up on the next one."""
    client = client_for(stein)
    before = client.get(reverse("funding:overview")).context["forecast"]
    assert client.get(reverse("funding:overview")).context["forecast"] == before  # cached
    this_year = timezone.localdate().year
    place(programme, bergen, date(this_year, 1, 1), date(this_year + 3, 12, 31))
    after = client.get(reverse("funding:overview")).context["forecast"]
    grown = {r["year"]: r["amount"] for r in after}
    for row in before:
        if row["kind"] == "forecast":
            assert grown[row["year"]] > row["amount"], row["year"]


def test_a_manager_does_not_get_the_overview(alice, client_for):
    assert client_for(alice).get(reverse("funding:overview")).status_code == 403


def test_the_ledger_csv_of_a_batch(issued, programme, bergen, liv_mfa, client_for):
    Counterparty.objects.create(municipality=bergen, organisation_number="964338531")
    run = StatementRun.objects.create(programme=programme, year=issued[0].year, started_by=liv_mfa)
    run.statements.set(issued)
    answer = client_for(liv_mfa).get(reverse("funding:ledger_export", args=[run.pk]))
    rows = list(csv.reader(io.StringIO(answer.content.decode()), delimiter=";"))
    assert rows[0] == ["dato", "konto", "belop", "referanse", "motpart_orgnr", "tekst"]
    statement = issued[0]
    net = f"{statement.total_grant - statement.total_own_share:.2f}"
    assert rows[1][:5] == [
        statement.issued_at.date().isoformat(),
        "14700",
        net,
        statement.number,
        "964338531",
    ]
    assert rows[2][1:3] == ["21000", f"{-Decimal(net):.2f}"]
    assert sum(Decimal(r[2]) for r in rows[1:]) == 0


def test_the_scheme_log_names_fields_and_formats_amounts(programme, liv_mfa, client_for):
    scheme = GrantSchemeFactory(programme=programme)
    client = client_for(liv_mfa)
    url = reverse("funding:scheme_edit", args=[scheme.pk])
    form = client.get(url).context["form"]
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data |= {"annual_cap": "210000.50", "valid_from": "2017-01-01"}
    data |= {f"monthly_rates-{k}": v for k, v in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()}
    client.post(url, data)
    scheme.refresh_from_db()
    assert scheme.annual_cap == Decimal("210000.50")
    [change] = client.get(url).context["history"][0]["changes"]
    assert change["new"] == "kr\xa0210\xa0000,50" and change["old"] == "kr\xa0200\xa0000"
    assert change["field"] == "tilskuddstak per ALIS-år (kr)"
