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

# Headers in words, in bokmål whatever the browser's language, like the register's file.
EXPORT_COLUMNS = [
    "Kommunenummer",
    "Kommune",
    "Status",
    "Sendt inn",
    "Stillinger søkt",
    "Listeløsning",
    "Listelengde",
    "Legesenter",
    "Poeng (snitt)",
    "Innstilling",
    "Stillinger innvilget",
    "Vilkår",
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


LABELS = {
    2: dict(Application.Status.choices),
    5: dict(Application.ListSolution.choices),
    9: dict(Application.Recommendation.choices),
}


def export_cells(row, labels=LABELS):
    """A row as cells: labels for coded values, local time, the score to one decimal."""
    row = list(row)
    for index, names in labels.items():
        row[index] = str(names.get(row[index], row[index])) if row[index] else row[index]
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
    response = exporter(export_cells(row) for row in export_rows(call))
    response["Content-Disposition"] = f'attachment; filename="soknader-utlysning-{call.pk}.{kind}"'
    return response
