"""The finance overview for project leaders, as a page and as a spreadsheet."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from alisvest.access import FORBIDDEN, OK, access
from alisvest.spreadsheets import append_row

from .. import charts
from ..models import GrantScheme, GrantStatement
from .common import (
    led_programmes,
    require_leader,
)


def overview_data(user, year):
    programmes = led_programmes(user)
    statements = GrantStatement.objects.current().filter(programme__in=programmes)
    rows = list(
        statements.filter(year=year)
        .values("municipality__number", "municipality__name")
        .annotate(
            grant=Sum("total_grant"),
            own_share=Sum("total_own_share"),
            net=Sum("net"),
            statements=Count("pk"),
        )
        .order_by("municipality__name")
    )
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
        "rows": rows,
        "totals": totals,
        "granted_so_far": granted_so_far,
        "budget": budget,
        "remaining": budget - granted_so_far,
        "by_year": by_year,
    }


@access(FORBIDDEN, leader=OK)
@login_required
def overview(request):
    require_leader(request)
    years = list(
        GrantStatement.objects.filter(programme__in=led_programmes(request.user))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    chosen = request.GET.get("ar", "")
    year = int(chosen) if chosen.isdigit() else (years[0] if years else timezone.localdate().year)
    data = overview_data(request.user, year)
    return render(
        request,
        "funding/overview.html",
        data
        | {
            "year": year,
            "years": years,
            "chart": charts.municipality_bars(data["rows"]),
            "budget_chart": charts.budget_bar(data["budget"], data["granted_so_far"]),
        },
    )


@access(FORBIDDEN, leader=OK)
@login_required
def overview_xlsx(request):
    from openpyxl import Workbook

    require_leader(request)
    chosen = request.GET.get("ar", "")
    year = int(chosen) if chosen.isdigit() else timezone.localdate().year - 1
    data = overview_data(request.user, year)
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
