"""The finance overview for project leaders and, read-only, for the steering group who own
the budget: as a page and as a spreadsheet."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from alisvest.access import FORBIDDEN, OK, access
from alisvest.roles import access_of
from alisvest.spreadsheets import append_row
from placements.models import Programme

from .. import budget as budgets
from .. import charts, payments
from ..models import GrantScheme, GrantStatement


def staff_programmes(request):
    """The programmes the user leads or steers; 403 for anyone else."""
    access = access_of(request.user)
    if access.superuser:
        return Programme.objects.all()
    if not access.staff_programmes:
        raise PermissionDenied(
            _("Bare prosjektleder og styringsgruppen har tilgang til denne siden.")
        )
    return Programme.objects.filter(pk__in=access.staff_programmes)


def grouped_rows(statements, county=None, per_municipality=False):
    """The year's sums drawn by the database: one row per county, or with `county` (the
    drill-down) or `per_municipality` (the spreadsheet) one per municipality. Each row has a
    `label` and, for a county, the `county` to drill down to."""
    if county:
        statements = statements.filter(municipality__county=county)
    if county or per_municipality:
        fields, order = ["municipality__number", "municipality__name"], "municipality__name"
    else:
        fields, order = ["municipality__county"], "municipality__county"
    rows = list(
        statements.values(*fields)
        .annotate(
            grant=Sum("total_grant"),
            own_share=Sum("total_own_share"),
            net=Sum("net"),
            statements=Count("pk"),
            municipalities=Count("municipality", distinct=True),
        )
        .order_by(order)
    )
    for row in rows:
        if "municipality__county" in row:
            row["label"] = row["county"] = row["municipality__county"]
        else:
            row["label"] = f"{row['municipality__name']} ({row['municipality__number']})"
    return rows


def overview_data(programmes, year, county=None, per_municipality=False):
    statements = GrantStatement.objects.current().filter(programme__in=programmes)
    rows = grouped_rows(statements.filter(year=year), county, per_municipality)
    totals = statements.filter(year=year).aggregate(
        grant=Sum("total_grant"), own_share=Sum("total_own_share"), net=Sum("net")
    )
    granted_so_far = statements.aggregate(total=Sum("total_grant"))["total"] or 0
    budget = (
        GrantScheme.objects.filter(programme__in=programmes).aggregate(total=Sum("budget"))["total"]
        or 0
    )
    by_year = list(statements.values("year").annotate(grant=Sum("total_grant")).order_by("year"))
    return {
        "payments": payments.open_totals(payments.settlements(statements)),
        "rows": rows,
        "totals": totals,
        "granted_so_far": granted_so_far,
        "budget": budget,
        "remaining": budget - granted_so_far,
        "by_year": by_year,
    }


@access(FORBIDDEN, leader=OK, steering=OK)
@login_required
def overview(request):
    programmes = staff_programmes(request)
    years = list(
        GrantStatement.objects.filter(programme__in=programmes)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    chosen = request.GET.get("ar", "")
    year = int(chosen) if chosen.isdigit() else (years[0] if years else timezone.localdate().year)
    county = request.GET.get("fylke", "")
    data = overview_data(programmes, year, county=county)
    return render(
        request,
        "funding/overview.html",
        data
        | {
            "year": year,
            "years": years,
            "county": county,
            "chart": charts.municipality_bars(data["rows"]),
            "budget_chart": charts.budget_bar(data["budget"], data["granted_so_far"]),
            "year_budget": budgets.budget_table(programmes, year),
            "forecast": budgets.forecast(programmes),
            "is_leader": bool(access_of(request.user).led_programmes),
        },
    )


@access(FORBIDDEN, leader=OK, steering=OK)
@login_required
def overview_xlsx(request):
    from openpyxl import Workbook

    programmes = staff_programmes(request)
    chosen = request.GET.get("ar", "")
    year = int(chosen) if chosen.isdigit() else timezone.localdate().year - 1
    data = overview_data(programmes, year, per_municipality=True)
    book = Workbook()
    sheet = book.active
    sheet.title = str(year)
    append_row(
        sheet,
        [
            _("Kommunenummer"),
            _("Kommune"),
            _("Oppgjør"),
            _("Tilskudd (kr)"),
            _("Egenandel (kr)"),
            _("Netto (kr)"),
        ],
    )
    for row in data["rows"]:
        append_row(
            sheet,
            [
                row["municipality__number"],
                row["municipality__name"],
                row["statements"],
                row["grant"],
                row["own_share"],
                row["net"],
            ],
        )
    totals = data["totals"]
    append_row(
        sheet,
        [_("Sum"), "", "", totals["grant"] or 0, totals["own_share"] or 0, totals["net"] or 0],
    )
    append_row(sheet, [])
    append_row(sheet, [_("Budsjett (kr)"), "", "", float(data["budget"])])
    append_row(sheet, [_("Innvilget hittil (kr)"), "", "", data["granted_so_far"]])
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="okonomi-{year}.xlsx"'
    book.save(response)
    return response
