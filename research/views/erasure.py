from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access, require
from placements.models import Doctor
from research import erasure
from research.permissions import can_erase


class ConfirmErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label=_lazy("Jeg forstår at personopplysningene slettes for godt"), required=True
    )


@access(
    NOT_FOUND,
    alis=FORBIDDEN,
    own_manager=FORBIDDEN,
    steering=FORBIDDEN,
    leader=OK,
    post={},
    office=FORBIDDEN,
)
@login_required
def erase_doctor(request, pk):
    doctor = get_object_or_404(Doctor.objects.for_user(request.user).select_related("user"), pk=pk)
    require(can_erase(request.user, doctor))
    form = ConfirmErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        erasure.erase_doctor(doctor, by=request.user)
        messages.success(request, _("Personopplysningene er slettet."))
        return redirect("placements:doctor_detail", pk=doctor.pk)
    return render(
        request,
        "erasure_confirm.html",
        {"doctor": doctor, "form": form, "will": erasure.consequences(doctor)},
    )
