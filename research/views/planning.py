from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from alisvest.access import NOT_FOUND, OK, access
from research.forms import PlanningForm
from research.permissions import can_plan


@access(NOT_FOUND, steering=OK, leader=OK)
@login_required
def planning(request):
    allowed, _reason = can_plan(request.user)
    if not allowed:
        raise Http404
    if request.GET:
        form = PlanningForm(request.GET)
    else:  # the 2017 figures, computed at once
        form = PlanningForm()
        form = PlanningForm(
            {name: f.initial for name, f in form.fields.items() if f.initial is not None}
        )
    rows = form.results() if form.is_valid() else None
    return render(request, "research/planning.html", {"form": form, "rows": rows})
