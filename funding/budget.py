"""The steering group's budget: per year and expense category against what was granted and
spent, and a forecast to the programme's end from the placements planned."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Max, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from placements.models import Placement

from . import services
from .models import BudgetLine, Expense, ExpenseCategory, GrantStatement


def budget_table(programmes, year):
    """Rows (category, budget, spent) for `year`, and the year's totals with the grant."""
    budgets = dict(
        BudgetLine.objects.filter(programme__in=programmes, year=year)
        .values("category")
        .annotate(total=Sum("amount"))
        .values_list("category", "total")
    )
    spent = dict(
        Expense.objects.approved()
        .filter(placement__programme__in=programmes, year=year)
        .values("category")
        .annotate(total=Sum("amount"))
        .values_list("category", "total")
    )
    rows = [
        {
            "category": label,
            "budget": budgets.get(value, Decimal(0)),
            "spent": spent.get(value, Decimal(0)),
        }
        for value, label in ExpenseCategory.choices
        if value in budgets or value in spent
    ]
    granted = (
        GrantStatement.objects.current()
        .filter(programme__in=programmes, year=year)
        .aggregate(total=Sum("total_grant"))["total"]
        or 0
    )
    return {
        "rows": rows,
        "budget": sum((r["budget"] for r in rows), Decimal(0)),
        "spent": sum((r["spent"] for r in rows), Decimal(0)),
        "granted": granted,
    }


def last_year_planned(programmes):
    """The programme's end: its end date, or else the last planned end of its placements."""
    ends = [p.ended.year for p in programmes if p.ended]
    planned = (
        Placement.objects.filter(programme__in=programmes)
        .annotate(ends=Coalesce("actual_end", "planned_end"))
        .aggregate(last=Max("ends"))["last"]
    )
    if planned:
        ends.append(planned.year)
    return max(ends) if ends else None


def forecast(programmes):
    """Per year to the programme's end: granted (issued statements) for the years issued,
    and for the years to come the cap of the placements planned (what the grant can be at
    most). A year without a valid scheme forecasts nothing."""
    programmes = list(programmes)
    last = last_year_planned(programmes)
    if last is None:
        return []
    issued = defaultdict(int)
    for year, total in (
        GrantStatement.objects.current()
        .filter(programme__in=programmes)
        .values("year")
        .annotate(total=Sum("total_grant"))
        .values_list("year", "total")
    ):
        issued[year] = total
    rows, cumulative = [], 0
    for year in range(min([*issued, timezone.localdate().year]), last + 1):
        if year in issued:
            amount, kind = issued[year], "granted"
        elif year < timezone.localdate().year - 1:
            continue
        else:
            amount, kind = _planned_cap(year, programmes), "forecast"
        cumulative += amount
        rows.append({"year": year, "amount": amount, "kind": kind, "cumulative": cumulative})
    return rows


def _planned_cap(year, programmes):
    try:
        drafts = services.compute_statements(year, programmes=[p.pk for p in programmes])
    except services.NoData:
        return 0
    return sum(d.total_cap for d in drafts)
