"""The side-by-side table of what changed in an application's answers since a version: by
default the one the user last reviewed, ?fra=<history id> chooses another."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from alisvest.access import NOT_FOUND, OK, access
from placements.applications.changes import changed_fields, chosen_base, versions
from placements.applications.views.scope import get_application_for_user


@access(NOT_FOUND, own_manager=OK, steering=OK, leader=OK)
@login_required
def application_changes(request, pk):
    application = get_application_for_user(request, pk)
    chosen = request.GET.get("fra", "")
    base = chosen_base(application, request.user, chosen)
    if chosen and base is None:
        raise Http404
    history = versions(application)
    current = history.last()
    return render(
        request,
        "placements/applications/application_changes.html",
        {
            "application": application,
            "base": base,
            "current": current,
            "rows": changed_fields(application, base, current),
            "versions": history.select_related("history_user").reverse()[:50],
        },
    )
