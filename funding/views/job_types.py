"""A post's job type on the national scheme: set by the health manager or project leader
when the contract type does not tell it (most of all "supervision only")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alisvest.access import NOT_FOUND, OK, access
from alisvest.idempotency import submitted_once

from .. import claims
from ..forms import PostJobTypeForm
from ..models import PostJobType, job_type_for
from .common import get_reportable_placement


@access(NOT_FOUND, own_manager=OK, leader=OK, post={})
@login_required
@submitted_once
def post_job_type(request, pk):
    placement = get_reportable_placement(request, pk)
    current = PostJobType.objects.filter(placement=placement).first()
    initial = {"job_type": current.job_type, "reason": current.reason} if current else {}
    form = PostJobTypeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        claims.set_post_job_type(placement, by=request.user, **form.cleaned_data)
        messages.success(request, _("Stillingstypen er lagret."))
        return redirect("funding:post_job_type", pk=placement.pk)
    history = current.history.select_related("history_user")[:10] if current else []
    return render(
        request,
        "funding/post_job_type.html",
        {
            "placement": placement,
            "form": form,
            "job_type": job_type_for(placement),
            "current": current,
            "history": history,
        },
    )
