"""Transferring a placement to another doctor: the explicit way to change the doctor of a
placement that already has supervision sessions or expenses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access
from placements.register import services
from placements.register.forms import TransferForm
from placements.register.records import record_counts
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
def placement_transfer(request, pk):
    placement = get_placement_for_user(request, pk)
    allowed, reason = services.can_edit_register(request.user, placement)
    if not allowed:
        raise PermissionDenied(reason)
    form = TransferForm(request.POST or None, user=request.user, placement=placement)
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_placement(placement, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            # The overlap rule names "start"; here the doctor is what the user chose.
            form.add_error("doctor", [m for ms in error.message_dict.values() for m in ms])
        else:
            messages.success(
                request,
                _("Stillingen er overført til %(name)s.")
                % {"name": form.cleaned_data["doctor"].name},
            )
            return redirect("placements:placement_detail", pk=placement.pk)
    return render(
        request,
        "placements/placement_transfer.html",
        {"form": form, "placement": placement, "records": record_counts(placement)},
    )
