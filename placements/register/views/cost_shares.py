"""A shared post's cost shares: which municipalities pay which part of the post."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access
from alisvest.idempotency import submitted_once
from placements.municipalities.models import Municipality
from placements.register.cost_shares import set_cost_shares, shares_of
from placements.register.scope import get_placement_for_user
from placements.relations import administers_municipality

ROWS = 4


class ShareForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=gettext_lazy("Kommune"), queryset=Municipality.objects.none(), required=False
    )
    percent = forms.DecimalField(
        label=gettext_lazy("Andel (%)"),
        required=False,
        min_value=0.01,
        max_value=100,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("municipality")) != (data.get("percent") is not None):
            raise ValidationError(_("Velg både kommune og andel, eller la begge stå tomme."))
        return data


ShareFormSet = forms.formset_factory(ShareForm, extra=0, min_num=ROWS, max_num=ROWS)


def municipalities_for(placement):
    """Today's municipalities of the post's programme."""
    return (
        Municipality.objects.current()
        .filter(participations__programme=placement.programme_id)
        .distinct()
        .order_by("name")
    )


def initial_rows(placement):
    names = Municipality.objects.in_bulk([m for m, _p in shares_of(placement)])
    return [{"municipality": names[m], "percent": p} for m, p in shares_of(placement)]


@access(
    NOT_FOUND,
    own_manager=OK,
    steering=FORBIDDEN,
    alis=FORBIDDEN,
    leader=OK,
    post={},
    office=FORBIDDEN,
)
@login_required
@submitted_once
def placement_cost_shares(request, pk):
    placement = get_placement_for_user(request, pk)
    if not administers_municipality(request.user, placement.municipality):
        raise PermissionDenied(
            _("Bare helselederen eller prosjektleder kan endre kostnadsdelingen.")
        )
    formset = ShareFormSet(request.POST or None, initial=initial_rows(placement))
    choices = municipalities_for(placement)
    for form in formset:
        form.fields["municipality"].queryset = choices
    error = None
    if request.method == "POST" and formset.is_valid():
        rows = [f.cleaned_data for f in formset if f.cleaned_data.get("municipality")]
        shares = [(row["municipality"], row["percent"]) for row in rows]
        try:
            set_cost_shares(placement, shares, by=request.user)
        except ValidationError as e:
            error = e.messages[0]
        else:
            messages.success(request, _("Kostnadsdelingen er lagret."))
            return redirect("placements:placement_detail", pk=placement.pk)
    context = {"placement": placement, "formset": formset, "error": error}
    return render(request, "placements/placement_cost_shares.html", context)
