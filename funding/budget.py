"""The steering group's budget: per year and expense category against what was granted and
spent, and a forecast to the programme's end from the placements planned."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Max, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from alisvest.summaries import cached
from placements.models import Municipality, Placement, Programme

from . import rules
from .models import (
    BudgetLine,
    Expense,
    ExpenseCategory,
    GrantScheme,
    GrantStatement,
    MonthlyRate,
    PostJobType,
    job_type_for,
)

# What the forecast is drawn from: a save or delete of any of these computes it afresh.
FORECAST_READS = [
    Placement,
    Programme,
    Municipality,
    GrantScheme,
    MonthlyRate,
    GrantStatement,
    PostJobType,
]


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
    """The forecast (computed_forecast) of the programmes, cached until what it reads
    changes: it adds up the cap of every placement planned, thousands at national scale."""
    programmes = list(programmes)
    ids = ",".join(str(p.pk) for p in sorted(programmes, key=lambda p: p.pk))
    year = timezone.localdate().year
    return cached("forecast", FORECAST_READS, lambda: computed_forecast(programmes), ids, year)


def computed_forecast(programmes):
    """Per year to the programme's end: granted (issued statements) for the years issued,
    and for the years to come the cap of the placements planned (what the grant can be at
    most). A year without a valid scheme forecasts nothing."""
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
    this_year = timezone.localdate().year
    years = range(min([*issued, this_year]), last + 1)
    planned = _planned_caps(
        [y for y in years if y not in issued and y >= this_year - 1], programmes
    )
    rows, cumulative = [], 0
    for year in years:
        if year in issued:
            amount, kind = issued[year], "granted"
        elif year in planned:
            amount, kind = planned[year], "forecast"
        else:
            continue
        cumulative += amount
        rows.append({"year": year, "amount": amount, "kind": kind, "cumulative": cumulative})
    return rows


def _planned_caps(years, programmes):
    """{year: the caps of the placements planned in it}: three queries (schemes, their
    rates, placements) whatever the number of years and placements."""
    if not years:
        return {}
    first, last = date(min(years), 1, 1), date(max(years), 12, 31)
    schemes = list(
        GrantScheme.objects.filter(programme__in=programmes).prefetch_related("monthly_rates")
    )
    placements = list(
        Placement.objects.overlapping(first, last)
        .filter(programme__in=programmes)
        .select_related("municipality", "national_job_type")
    )
    caps = dict.fromkeys(years, 0)
    for year in years:
        for placement in placements:
            scheme = _valid(schemes, placement.programme_id, year)
            if scheme is not None:
                caps[year] += _cap(scheme, placement, year)
    return caps


def _valid(schemes, programme_id, year):
    for scheme in schemes:
        if (
            scheme.programme_id == programme_id
            and scheme.valid_from <= date(year, 12, 31)
            and (scheme.valid_to is None or scheme.valid_to >= date(year, 1, 1))
        ):
            return scheme
    return None


def _cap(scheme, placement, year):
    if scheme.kind == GrantScheme.Kind.PER_YEAR:
        line = rules.kind1_line(
            year=year,
            start=placement.start,
            end=placement.end,
            annual_cap=scheme.annual_cap or 0,
            annual_own_share=scheme.annual_own_share or 0,
            expenses=0,
        )
        return line.cap
    return rules.kind2_amount(
        year=year,
        start=placement.start,
        end=placement.end,
        monthly_amount=scheme.rates().get(job_type_for(placement), 0),
        position_percent=placement.position_percent,
        class6_monthly_supplement=scheme.class6_monthly_supplement,
        centrality_class=placement.municipality.centrality,
    )
