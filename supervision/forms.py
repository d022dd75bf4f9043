from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alisvest.forms import LongSelect

from .models import MAX_SESSION_MINUTES, STEP_MINUTES, SupervisionSession
from .permissions import can_log_on


def duration_label(minutes):
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("%(m)s min") % {"m": rest}
    if not rest:
        return _("%(h)s t") % {"h": hours}
    return _("%(h)s t %(m)s min") % {"h": hours, "m": rest}


DURATIONS = [
    (m, duration_label(m)) for m in range(STEP_MINUTES, MAX_SESSION_MINUTES + 1, STEP_MINUTES)
]


class SessionForm(forms.ModelForm):
    """One session. The placement and supervisor come from the view, never from the post."""

    minutes = forms.TypedChoiceField(label=_("Varighet"), choices=DURATIONS, coerce=int, initial=60)

    class Meta:
        model = SupervisionSession
        fields = ["date", "minutes", "kind", "topics", "learning_objectives"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "topics": forms.Textarea(attrs={"rows": 3, "cols": 20}),
        }

    def __init__(self, *args, placement, user, batch=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.placement = placement
        self.user = user
        self.instance.placement = placement
        if not self.instance.pk:
            self.instance.supervisor = user
            if not batch:  # in a batch, a row left without a date is an empty row
                self.fields["date"].initial = timezone.localdate()
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_date(self):
        day = self.cleaned_data["date"]
        allowed, reason = can_log_on(self.user, self.placement, day)
        if not allowed:
            raise forms.ValidationError(reason)
        return day


class BaseSessionFormSet(forms.BaseFormSet):
    def __init__(self, *args, placement, user, **kwargs):
        super().__init__(
            *args, form_kwargs={"placement": placement, "user": user, "batch": True}, **kwargs
        )


SessionFormSet = forms.formset_factory(
    SessionForm, formset=BaseSessionFormSet, extra=5, max_num=31, absolute_max=31
)


class DisputeForm(forms.Form):
    comment = forms.CharField(
        label=_("Hva stemmer ikke?"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 20}),
        help_text=_("Veilederen og prosjektleder ser kommentaren."),
    )


class ResolveForm(forms.Form):
    note = forms.CharField(
        label=_("Avklaring"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 20}),
        help_text=_("Hvordan ble uenigheten løst? Timen teller igjen når den er avklart."),
    )


class ComplianceFilterForm(forms.Form):
    kommune = forms.ChoiceField(label=_("Kommune"), required=False, widget=LongSelect)
    ar = forms.TypedChoiceField(label=_("År"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, municipalities, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommune"].choices = [("", _("Alle kommuner"))] + [
            (m.number, str(m)) for m in municipalities
        ]
        self.fields["ar"].choices = [(y, str(y)) for y in years]


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Dato"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.DecimalField(
        label=_("Timer"), min_value=0.25, max_value=12, decimal_places=2, initial=7.5
    )
    topic = forms.CharField(label=_("Tema"), required=False, max_length=200)
    present = forms.ModelMultipleChoiceField(
        label=_("Til stede"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["present"].queryset = group.memberships.select_related("placement__doctor")
        self.fields["present"].label_from_instance = lambda m: m.placement.doctor.name
