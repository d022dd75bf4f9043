"""Grant schemes: the list for everyone, editing for project leaders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access
from alisvest.idempotency import submitted_once

from ..forms import GrantSchemeForm, MonthlyRateFormSet
from ..models import GrantScheme
from ..templatetags.funding_tags import kr
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
    history = readable_history(scheme) if scheme.pk else []
    return render(
        request,
        "funding/scheme_form.html",
        {"form": form, "rates": rates, "scheme": scheme, "history": history},
    )


def _shown(field, value):
    """A stored value as a person reads it: amounts in kroner with øre, choices by label."""
    if value is None or value == "":
        return "—"
    if isinstance(field, models.DecimalField):
        return kr(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("ja") if value else _("nei")
    if isinstance(field, models.DateField):
        return value.strftime("%d.%m.%Y")
    return str(value)


def readable_history(scheme, limit=20):
    """The scheme's changes, newest first: when, who, and each changed field by its name
    with the old and the new value formatted; the first version lists what it was made with."""
    records = list(scheme.history.select_related("history_user")[: limit + 1])
    entries = []
    for record, older in zip(records, records[1:] + [None], strict=False):
        if older is None:
            changes = []
            kind = _("opprettet")
        else:
            delta = record.diff_against(older)
            changes = [
                {
                    "field": str(GrantScheme._meta.get_field(c.field).verbose_name),
                    "old": _shown(GrantScheme._meta.get_field(c.field), c.old),
                    "new": _shown(GrantScheme._meta.get_field(c.field), c.new),
                }
                for c in delta.changes
            ]
            kind = _("endret")
        entries.append(
            {"date": record.history_date, "user": record.history_user, "kind": kind,
             "changes": changes}
        )  # fmt: skip
    return entries[:limit]
