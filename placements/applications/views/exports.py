"""A call's submitted applications as a spreadsheet (XLSX or CSV) for the staff."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access
from alisvest.spreadsheets import append_row, csv_writer
from placements.applications.models import Application
from placements.applications.views.scope import (
    average_score,
    get_call_for_user,
    staff,
    submitted_applications,
)

EXPORT_COLUMNS = [
    "kommunenummer",
    "kommune",
    "status",
    "sendt_inn",
    "stillinger_sokt",
    "listelosning",
    "listelengde",
    "legesenter",
    "poeng_snitt",
    "innstilling",
    "stillinger_innvilget",
    "vilkar",
]


def export_rows(call):
    """One tuple per submitted application, in EXPORT_COLUMNS' order."""
    return (
        submitted_applications(call)
        .annotate(score=average_score())
        .order_by("municipality__number")
        .values_list(
            "municipality__number",
            "municipality__name",
            "status",
            "submitted_at",
            "posts_requested",
            "list_solution",
            "list_length",
            "centre__name",
            "score",
            "recommendation",
            "posts_granted",
            "conditions",
        )
    )


def export_cells(row, labels):
    """A row as cells: the status's label, local time, the score to one decimal."""
    row = list(row)
    row[2] = str(labels.get(row[2], row[2]))
    row[3] = timezone.localtime(row[3]).strftime("%Y-%m-%d %H:%M") if row[3] else ""
    row[8] = round(float(row[8]), 1) if row[8] is not None else ""
    return ["" if v is None else v for v in row]


def xlsx_response(rows):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Søknader"))
    append_row(sheet, EXPORT_COLUMNS)
    for row in rows:
        append_row(sheet, row)
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook.save(response)
    return response


def csv_response(rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")
    writer = csv_writer(response)
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(rows)
    return response


EXPORTERS = {"xlsx": xlsx_response, "csv": csv_response}


@access(NOT_FOUND, other_manager=FORBIDDEN, own_manager=FORBIDDEN, steering=OK, leader=OK)
@login_required
def call_export(request, pk, kind):
    call = get_call_for_user(request, pk)
    if not staff(request, call):
        raise PermissionDenied(_("Bare prosjektledelsen og styringsgruppen kan eksportere."))
    exporter = EXPORTERS.get(kind)
    if exporter is None:
        raise Http404
    labels = dict(Application.Status.choices)
    response = exporter(export_cells(row, labels) for row in export_rows(call))
    response["Content-Disposition"] = f'attachment; filename="soknader-utlysning-{call.pk}.{kind}"'
    return response
