"""Plausibility of the numbers typed into placements' forms. Each limit has a hard range
(refused, in the model and the database) and a usual range: a value outside it but inside
the hard range is possible, so the form asks once for confirmation instead of refusing.

Stands beside relations.py under every room: it imports no model."""

from dataclasses import dataclass

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

CONFIRM = "bekreft_uvanlig"


def first_upper(label):
    label = str(label)
    return label[:1].upper() + label[1:]


def range_message(label, low, high):
    return _("%(label)s må være mellom %(low)s og %(high)s.") % {
        "label": first_upper(label),
        "low": low,
        "high": high,
    }


def validator_message(label, low, high):
    """range_message for a Django validator, whose message is %-formatted with its params:
    a "%" in the label ("andel annet kommunalt legearbeid (%)") must be doubled, or the
    message cannot be shown and the request fails."""
    return range_message(label, low, high).replace("%", "%%")


@dataclass(frozen=True)
class Limit:
    low: int
    high: int
    usual_low: float | None = None
    usual_high: float | None = None

    def validators(self, label):
        """Model validators whose message names the field and the allowed range, in the
        language of the request that sees it."""
        message = lazy(validator_message, str)(label, self.low, self.high)
        return [MinValueValidator(self.low, message), MaxValueValidator(self.high, message)]

    def error_messages(self, label):
        """The same message for a DRF field, which replaces the model's validators with
        Django's own (so its "%" is doubled too)."""
        message = lazy(validator_message, str)(label, self.low, self.high)
        return {"min_value": message, "max_value": message}

    def is_allowed(self, value):
        return self.low <= value <= self.high

    def is_unusual(self, value):
        return (self.usual_low is not None and value < self.usual_low) or (
            self.usual_high is not None and value > self.usual_high
        )

    def usual(self):
        low = self.low if self.usual_low is None else self.usual_low
        high = self.high if self.usual_high is None else self.usual_high
        return f"{low:g}–{high:g}"


# 700–800 is thought right for an ALIS; a 0-hjemmel list starts empty.
LIST_LENGTH = Limit(0, 3000, usual_high=1200)
POSITION_PERCENT = Limit(1, 100, usual_low=50)
PERCENT = Limit(0, 100)
POSTS_REQUESTED = Limit(1, 20, usual_high=5)
POSTS_OFFERED = Limit(1, 200, usual_high=50)
# ALIS-VEST asks 2 hours a month; more than 10 planned is rare.
SUPERVISION_HOURS = Limit(0, 40, usual_low=2, usual_high=10)


def ask_to_confirm(form):
    """Give the form its (hidden) confirmation box; call from __init__."""
    form.fields[CONFIRM] = forms.BooleanField(
        label=_lazy("Ja, de uvanlige verdiene er riktige"),
        required=False,
        widget=forms.HiddenInput,
    )


def check_unusual(form, limits):
    """In clean(): for each field whose value is outside its usual range, an error naming
    the field and the usual range until the user ticks the confirmation box."""
    data = form.cleaned_data
    if data.get(CONFIRM):
        return
    unusual = []
    for name, limit in limits.items():
        value = data.get(name)
        # Outside the hard range is the model validator's error, not a question.
        if value is None or name in form.errors or not limit.is_allowed(value):
            continue
        if limit.is_unusual(value):
            unusual.append(name)
            form.add_error(
                name,
                _(
                    "%(label)s %(value)s er uvanlig (vanlig: %(usual)s). Rett verdien, eller "
                    "kryss av nederst for å bekrefte at den er riktig."
                )
                % {
                    "label": first_upper(form.fields[name].label),
                    "value": value,
                    "usual": limit.usual(),
                },
            )
    if unusual:
        form.fields[CONFIRM].widget = forms.CheckboxInput()
