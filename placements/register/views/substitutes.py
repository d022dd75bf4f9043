"""Registering a substitute (vikar) on the placement page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access
from alisvest.idempotency import submitted_once
from placements.register import services
from placements.register.forms import SubstituteCoverForm
from placements.register.scope import get_placement_for_user


@access(
    NOT_FOUND,
    alis=FORBIDDEN,
    own_manager=OK,
    steering=FORBIDDEN,
    leader=OK,
    post={},
    office=FORBIDDEN,
)
@login_required
@submitted_once
def substitute_create(request, pk):
    placement = get_placement_for_user(request, pk)
    allowed, reason = services.can_edit_register(request.user, placement)
    if not allowed:
        raise PermissionDenied(reason)
    initial = {}
    absence = request.GET.get("fravaer", "")
    if absence.isdigit() and placement.absences.filter(pk=absence).exists():
        chosen = placement.absences.get(pk=absence)
        initial = {"absence": chosen.pk, "start": chosen.start, "end": chosen.end}
    form = SubstituteCoverForm(request.POST or None, placement=placement, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_substitute(
                placement, by=request.user, **{f: form.cleaned_data[f] for f in form.Meta.fields}
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Vikaren er registrert."))
            detail = reverse("placements:placement_detail", args=[placement.pk])
            return redirect(detail + "#vikarer")
    return render(
        request,
        "placements/register_form.html",
        {"form": form, "placement": placement, "title": _("Registrer vikar")},
    )
