"""Grant schemes: the list for everyone, editing for project leaders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access
from alisvest.idempotency import submitted_once

from ..forms import GrantSchemeForm, MonthlyRateFormSet
from ..models import GrantScheme
from .common import (
    get_scheme_for_leader,
    led_programmes,
    require_leader,
)


@access(OK)
@login_required
def scheme_list(request):
    schemes = (
        GrantScheme.objects.for_user(request.user)
        .select_related("programme")
        .prefetch_related("monthly_rates")
    )
    return render(
        request,
        "funding/scheme_list.html",
        {"schemes": schemes, "programmes": led_programmes(request.user)},
    )


@access(FORBIDDEN, leader=OK, post={})
@login_required
@submitted_once
def scheme_create(request):
    programmes = require_leader(request)
    programme = (
        get_object_or_404(programmes, pk=request.GET.get("program") or 0)
        if (request.GET.get("program", "").isdigit())
        else programmes.first()
    )
    return _scheme_form(request, GrantScheme(programme=programme))


# A scheme outside the user's scope is 404 like any other object; one they may read (the
# steering group's, a participating municipality's) but not change is 403.
@access(
    NOT_FOUND,
    leader=OK,
    steering=FORBIDDEN,
    own_manager=FORBIDDEN,
    other_manager=FORBIDDEN,
    post={},
)
@login_required
@submitted_once
def scheme_edit(request, pk):
    return _scheme_form(request, get_scheme_for_leader(request, pk))


def _scheme_form(request, scheme):
    form = GrantSchemeForm(request.POST or None, instance=scheme)
    rates = MonthlyRateFormSet(request.POST or None, instance=scheme)
    if request.method == "POST" and form.is_valid() and rates.is_valid():
        scheme = form.save()
        rates.instance = scheme
        rates.save()
        messages.success(request, _("Tilskuddsordningen er lagret."))
        return redirect("funding:scheme_list")
    history = scheme.history.select_related("history_user")[:20] if scheme.pk else []
    return render(
        request,
        "funding/scheme_form.html",
        {"form": form, "rates": rates, "scheme": scheme, "history": history},
    )
