"""The regional ALIS office's dashboard: the municipalities it follows, across every
programme, with their placements, agreements missing and supervision status. Read-only;
each column beyond the placements comes from the room or app that owns it
(settings.PANELS["office"])."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from alisvest.access import NOT_FOUND, OK, access
from alisvest.panels import panel_context
from placements.municipalities.models import Municipality
from placements.municipalities.offices import RegionalOffice
from placements.register.models import Placement

from .panels import unsigned_national_placements


def _placement_counts(user, municipalities):
    active = Placement.objects.for_user(user).filter(municipality__in=municipalities)
    active = active.active(timezone.localdate())
    by_municipality = active.values("municipality").annotate(n=Count("pk"))
    return {row["municipality"]: row["n"] for row in by_municipality}, active


def _rows(municipalities, counts, columns):
    return [
        {
            "municipality": m,
            "placements": counts.get(m.pk, 0),
            "cells": [column["counts"].get(m.pk, 0) for column in columns],
        }
        for m in municipalities
    ]


@access(NOT_FOUND, office=OK)
@login_required
def office_dashboard(request):
    offices = list(RegionalOffice.objects.for_user(request.user).filter(members=request.user))
    if not offices:
        raise Http404
    followed = request.user.access.office_municipalities
    municipalities = list(Municipality.objects.filter(pk__in=followed).order_by("name"))
    counts, active = _placement_counts(request.user, municipalities)
    panels = panel_context("office", request.user, municipalities=municipalities)
    columns = [value for key, value in panels.items() if key.startswith("office_")]
    unsigned = unsigned_national_placements(
        Placement.objects.for_user(request.user).filter(municipality__in=municipalities)
    ).select_related("doctor", "municipality", "programme")
    context = {
        "offices": offices,
        "columns": columns,
        "rows": _rows(municipalities, counts, columns),
        "programmes": sorted(set(active.values_list("programme__name", flat=True))),
        "unsigned": unsigned.order_by("municipality__name", "start")[:100],
    }
    return render(request, "placements/offices/dashboard.html", context)
