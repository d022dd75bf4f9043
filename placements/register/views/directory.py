"""The supervisor directory page (/veiledere/)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from alisvest.access import FORBIDDEN, OK, access, require
from alisvest.panels import panel_context
from placements.register.directory import MAX_ALIS, supervisor_rows
from placements.register.permissions import can_see_supervisor_directory


@access(FORBIDDEN, other_manager=OK, own_manager=OK, leader=OK)
@login_required
def supervisor_directory(request):
    require(can_see_supervisor_directory(request.user))
    year = timezone.localdate().year
    rows = supervisor_rows(request.user)
    # {"hours_by_supervisor": {user pk: hours}} from the supervision floor, if it says.
    hours = panel_context(
        "supervisor_directory", request.user, supervisors=[r.supervisor.pk for r in rows], year=year
    ).get("hours_by_supervisor")
    for row in rows:
        row.hours = hours.get(row.supervisor.pk, 0) if hours is not None else None
    return render(
        request,
        "placements/supervisor_directory.html",
        {"rows": rows, "year": year, "max_alis": MAX_ALIS, "has_hours": hours is not None},
    )
