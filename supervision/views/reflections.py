"""The ALIS's reflections on sessions, objectives and plan periods: written here, listed
on Min plan (supervision.panels.reflections) and, when shared, on the supervisor's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access, require
from alisvest.idempotency import submitted_once

from .. import permissions, record
from ..forms import ReflectionForm
from ..models import Reflection
from .common import get_placement_with_programme


def get_reflection_for_user(request, pk):
    return get_object_or_404(
        Reflection.objects.for_user(request.user).select_related(
            "placement__doctor", "placement__programme", "session", "objective", "period"
        ),
        pk=pk,
    )


# In the placement's scope, only the ALIS writes; the others may not (403).
WRITE = {
    "alis": OK,
    "own_manager": FORBIDDEN,
    "steering": FORBIDDEN,
    "leader": FORBIDDEN,
    "office": FORBIDDEN,
}


@access(NOT_FOUND, post={}, **WRITE)
@login_required
@submitted_once
def reflection_create(request, pk):
    placement = get_placement_with_programme(request, pk)
    require(permissions.can_reflect(request.user, placement))
    reflection = Reflection(placement=placement, author=request.user)
    form = ReflectionForm(
        request.POST or None,
        instance=reflection,
        initial={"subject": request.GET.get("gjelder", "")},
    )
    if request.method == "POST" and form.is_valid():
        record.save_reflection(form.instance, by=request.user)
        messages.success(request, _("Refleksjonen er lagret."))
        return redirect("placements:my_plan")
    return _render_form(request, form, placement)


# Outside the ALIS and (when shared) the supervisors, a reflection is out of scope: 404.
@access(NOT_FOUND, alis=OK, post={})
@login_required
def reflection_edit(request, pk):
    reflection = get_reflection_for_user(request, pk)
    require(permissions.can_change_reflection(request.user, reflection))
    form = ReflectionForm(request.POST or None, instance=reflection)
    if request.method == "POST" and form.is_valid():
        record.save_reflection(form.instance, by=request.user)
        messages.success(request, _("Refleksjonen er lagret."))
        return redirect("placements:my_plan")
    return _render_form(request, form, reflection.placement, reflection)


@access(NOT_FOUND, alis=OK, method="POST")
@login_required
@require_POST
def reflection_delete(request, pk):
    reflection = get_reflection_for_user(request, pk)
    record.delete_reflection(reflection, by=request.user)
    messages.success(request, _("Refleksjonen er slettet."))
    return redirect("placements:my_plan")


def _render_form(request, form, placement, reflection=None):
    status = 400 if form.is_bound else 200
    return render(
        request,
        "supervision/reflection_form.html",
        {"form": form, "placement": placement, "reflection": reflection},
        status=status,
    )
