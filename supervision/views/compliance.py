"""The compliance heat map (placements × months) and its CSV and XLSX exports."""

from collections import defaultdict
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Sum
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook

from alisvest.access import OK, access
from alisvest.spreadsheets import append_row, csv_writer
from placements.models import Municipality, Placement

from .. import permissions
from ..forms import ComplianceFilterForm
from ..models import MonthlyCheck
from ..yearly import YEARLY, year_rows
from .yearly import last_year_over

# 50 rows of twelve cells a page, as the to-do list and the API lists page.
ROWS_PER_PAGE = 50

STATUS_COLOURS = {
    MonthlyCheck.Status.OK: "#1a7f37",
    MonthlyCheck.Status.DEFICIT: "#c01b1b",
    MonthlyCheck.Status.EXEMPT: "#9aa4b1",
    MonthlyCheck.Status.BEHIND: "#d08b00",
}


@access(OK)
@login_required
def compliance(request):
    """Heat map placements × months (ok / deficit / exempt) with a rolling 12-month total
    per ALIS. Managers and project leaders see their scope, a supervisor or ALIS their own
    rows; `?format=csv` exports the same rows."""
    checks = MonthlyCheck.objects.for_user(request.user)
    today = timezone.localdate()
    form = _filter_form(request, checks, today)
    year, number = today.year, None
    if form.is_valid():
        year = form.cleaned_data["ar"] or year
        number = form.cleaned_data["kommune"] or None
        if number:
            checks = checks.filter(placement__municipality__number=number)
    if request.GET.get("format") in EXPORTS:
        return _compliance_export(checks.filter(month__year=year), year, request.GET["format"])

    placements = _placements_checked_in(request.user, year, number)
    page = Paginator(placements, ROWS_PER_PAGE).get_page(request.GET.get("side"))
    start, end = _rolling_window(year, today)
    return render(
        request,
        "supervision/compliance.html",
        {
            "form": form,
            "rows": _heat_map_rows(page, year, start, end),
            "page": page,
            "year": year,
            "months": [date(year, m, 1) for m in range(1, 13)],
            "rolling_start": start,
            "rolling_end": end,
            "colours": STATUS_COLOURS,
            "query": request.GET.urlencode(),
            "can_run_yearly": permissions.can_run_yearly_check(request.user)[0],
            "year_over": last_year_over(year),
        },
    )


def _filter_form(request, checks, today):
    """The municipality and year filter, offering the years and municipalities checked."""
    # First and last checked month in one query, each read from the month index until
    # the first row in scope: not an aggregate over every row in scope.
    months = checks.order_by().values_list("month", flat=True)
    bounds = sorted(months.order_by("month")[:1].union(months.order_by("-month")[:1], all=True))
    years = {today.year}
    if bounds:
        years |= set(range(bounds[0].year, bounds[-1].year + 1))
    years = sorted(years, reverse=True)
    municipalities = Municipality.objects.filter(
        pk__in=checks.values("placement__municipality")
    ).order_by("name")
    return ComplianceFilterForm(request.GET or None, municipalities=municipalities, years=years)


def _placements_checked_in(user, year, municipality_number):
    """The user's placements with a check in `year`, in the heat map's order."""
    # Scope once, then an index probe per placement (EXISTS on placement, month), rather
    # than the scope again inside an IN (...) per row (EXPLAIN: 30 000 buffer hits).
    in_year = MonthlyCheck.objects.filter(
        placement=OuterRef("pk"), month__gte=date(year, 1, 1), month__lte=date(year, 12, 1)
    )
    placements = Placement.objects.for_user(user).filter(Exists(in_year))
    if municipality_number:
        placements = placements.filter(municipality__number=municipality_number)
    return placements.select_related("doctor", "municipality", "programme").order_by(
        "municipality__name", "doctor__name"
    )


def _rolling_window(year, today):
    """Rolling 12 months ending with December of the year shown, or this month if sooner."""
    end = min(date(year, 12, 1), today.replace(day=1))
    months_back = end.year * 12 + end.month - 1 - 11
    return date(months_back // 12, months_back % 12 + 1, 1), end


def _heat_map_rows(page, year, start, end):
    """One row per placement on the page: its twelve cells as HTML and its rolling total."""
    ids = [p.pk for p in page]
    cells = defaultdict(dict)
    # The ids come from the scoped query above.
    for check in MonthlyCheck.objects.filter(
        placement__in=ids, month__gte=date(year, 1, 1), month__lte=date(year, 12, 1)
    ).only(*CELL_FIELDS):
        cells[check.placement_id][check.month.month] = check
    rolling = {
        row["placement"]: row
        for row in MonthlyCheck.objects.filter(placement__in=ids, month__gte=start, month__lte=end)
        .values("placement")
        .annotate(logged=Sum("logged_minutes"), required=Sum("required_minutes"))
    }
    labels = _status_labels()
    years = _yearly_totals(page, year)
    return [
        {
            "placement": placement,
            "cells_html": _row_cells(cells[placement.pk], labels),
            "rolling": rolling.get(placement.pk),
            "year": years.get(placement.pk),
        }
        for placement in page
    ]


def _yearly_totals(page, year):
    """Under the yearly rule the last column is the year's running total against its
    pro-rata target so far: one query, and none when no row on the page has the rule."""
    ids = [p.pk for p in page if p.programme.supervision_rule == YEARLY]
    return year_rows(year, placements=ids) if ids else {}


def _status_labels():
    """The status labels, translated and escaped once, not per cell."""
    return {
        key: escape(str(label))
        for key, label in {
            **dict(MonthlyCheck.Status.choices),
            "late": _("rettet etter kontrollen"),
        }.items()
    }


# What a cell shows (_cell_svg): 600 checks a page, without the fields nobody reads.
CELL_FIELDS = ("placement", "month", "status", "was_deficit", "logged_minutes", "required_minutes")
EMPTY_CELL = '<td class="num"><span class="muted">·</span></td>'


def _row_cells(row_cells, labels):
    """The row's twelve cells as one string: 1 200 cells through a template loop cost more
    than the queries."""
    return mark_safe(  # noqa: S308
        "".join(
            f'<td class="num">{_cell_svg(check, labels)}</td>' if check else EMPTY_CELL
            for check in (row_cells.get(month) for month in range(1, 13))
        )
    )


def _cell_svg(check, labels):
    """One heat-map cell, built here: 1 200 cells through template lookups (and
    get_status_display rebuilding the choices each call), or even format_html escaping
    every argument, cost more than the queries. labels are escaped by the caller; the
    minutes are integers and the colour comes from STATUS_COLOURS."""
    label = labels.get(check.status) or escape(check.status)
    logged, required = int(check.logged_minutes), int(check.required_minutes)
    late, dot = "", ""
    if check.corrected_late:
        late = f" ({labels['late']})"
        dot = '<circle cx="14" cy="14" r="5" fill="#ffffff"/>'
    colour = STATUS_COLOURS.get(check.status, "#ffffff")
    return mark_safe(  # noqa: S308
        f'<svg width="28" height="28" role="img" aria-label="{label}: {logged}/{required} min">'
        f"<title>{label}: {logged} / {required} min{late}</title>"
        f'<rect width="28" height="28" rx="3" fill="{colour}"/>{dot}</svg>'
    )


EXPORTS = {"csv", "xlsx"}


def export_columns():
    """The export's headers in the user's language, as the page names them."""
    field = MonthlyCheck._meta.get_field
    columns = [
        capfirst(_("utdanningsstilling (id)")),
        _("Lege"),
        _("Kommunenummer"),
        capfirst(field("month").verbose_name),
        capfirst(field("eligible_days").verbose_name),
        capfirst(field("required_minutes").verbose_name),
        capfirst(field("logged_minutes").verbose_name),
        capfirst(field("status").verbose_name),
    ]
    return [str(column) for column in columns]


def _export_rows(checks):
    labels = dict(MonthlyCheck.Status.choices)
    late = _("rettet etter kontrollen")
    rows = checks.order_by("placement__doctor__name", "month").values_list(
        "placement_id",
        "placement__doctor__name",
        "placement__municipality__number",
        "month",
        "eligible_days",
        "required_minutes",
        "logged_minutes",
        "status",
        "was_deficit",
    )
    for *row, status, was_deficit in rows.iterator(chunk_size=2000):
        label = str(labels.get(status, status))
        if status == MonthlyCheck.Status.OK and was_deficit:
            label = f"{label} ({late})"
        yield [*row[:3], row[3].strftime("%Y-%m"), *row[4:], label]


def _compliance_export(checks, year, kind):
    """The same rows as CSV (semicolons, UTF-8 with BOM for Excel) or XLSX."""
    filename = f"veiledning-{year}.{kind}"
    if kind == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(str(year))
        append_row(sheet, export_columns())
        for row in _export_rows(checks):
            append_row(sheet, row)
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        workbook.save(response)
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")
        writer = csv_writer(response)
        writer.writerow(export_columns())
        writer.writerows(_export_rows(checks))
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
