"""Correcting and deleting an absence on the placement page; the planned end follows."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access
from placements.register import services
from placements.register.forms import AbsenceForm
from placements.register.scope import get_placement_for_user


def _absence_for_change(request, pk, absence_pk):
    placement = get_placement_for_user(request, pk)
    absence = get_object_or_404(placement.absences, pk=absence_pk)
    absence.placement = placement
    allowed, reason = services.can_change_absence(request.user, absence)
    if not allowed:
        raise PermissionDenied(reason)
    return placement, absence


def _back(placement, anchor):
    return redirect(reverse("placements:placement_detail", args=[placement.pk]) + anchor)


@access(
    NOT_FOUND, alis=OK, own_manager=OK, steering=FORBIDDEN, leader=OK, post={}, office=FORBIDDEN
)
@login_required
def absence_edit(request, pk, absence_pk):
    placement, absence = _absence_for_change(request, pk, absence_pk)
    before_end = placement.planned_end
    form = AbsenceForm(request.POST or None, instance=absence, placement=placement)
    if request.method == "POST" and form.is_valid():
        try:
            absence = services.update_absence(
                absence, by=request.user, **{f: form.cleaned_data[f] for f in form.Meta.fields}
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            placement.refresh_from_db(fields=["planned_end"])
            messages.success(request, _("Fraværet er endret."))
            if placement.planned_end != before_end:
                messages.info(
                    request,
                    _("Planlagt slutt er flyttet til %(date)s.")
                    % {"date": placement.planned_end.strftime("%d.%m.%Y")},
                )
            if (
                services.extension_days(absence)
                and services.can_edit_register(request.user, placement)[0]
            ):
                return _back(placement, f"#flytt-slutt-{absence.pk}")
            return _back(placement, "#fravaer")
    return render(
        request,
        "placements/register_form.html",
        {"form": form, "placement": placement, "title": _("Endre fravær")},
    )


@access(
    NOT_FOUND, alis=OK, own_manager=OK, steering=FORBIDDEN, leader=OK, post={}, office=FORBIDDEN
)
@login_required
def absence_delete(request, pk, absence_pk):
    """GET asks for confirmation; POST deletes."""
    placement, absence = _absence_for_change(request, pk, absence_pk)
    if request.method == "POST":
        moved = absence.end_decision == absence.EndDecision.MOVED
        services.delete_absence(absence, by=request.user)
        messages.success(request, _("Fraværet er slettet."))
        if moved:
            placement.refresh_from_db(fields=["planned_end"])
            messages.info(
                request,
                _("Planlagt slutt er flyttet tilbake til %(date)s.")
                % {"date": placement.planned_end.strftime("%d.%m.%Y")},
            )
        return _back(placement, "#fravaer")
    return render(
        request,
        "placements/absence_delete.html",
        {
            "placement": placement,
            "absence": absence,
            "moves_end": absence.end_decision == absence.EndDecision.MOVED,
        },
    )
