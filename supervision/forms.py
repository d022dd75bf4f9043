from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alisvest.forms import LongSelect
from alisvest.models import User
from alisvest.roles import Role, access_of
from placements.models import LearningObjective, Placement, PlanPeriod, Programme

from . import limits
from .models import (
    MAX_MINUTES_TEXT,
    MAX_SESSION_MINUTES,
    STEP_MINUTES,
    Reflection,
    SupervisionGroup,
    SupervisionSession,
)
from .permissions import can_log_on
from .units import duration_label

DURATIONS = [
    (m, duration_label(m)) for m in range(STEP_MINUTES, MAX_SESSION_MINUTES + 1, STEP_MINUTES)
]


class ConfirmUnusualMixin:
    """An unusual but possible value is asked about: the warning appears with a checkbox
    beside it, everything typed is kept, and a second post with the box ticked saves."""

    def confirmed(self, warnings):
        if not warnings or self.cleaned_data.get("confirm_unusual"):
            return True
        field = self.fields["confirm_unusual"]
        field.widget = forms.CheckboxInput()
        for warning in warnings:
            self.add_error("confirm_unusual", warning)
        return False

    def saved_fields(self):
        """The cleaned data the service takes (without the confirmation)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "confirm_unusual"}


def confirm_field():
    return forms.BooleanField(
        label=_("Ja, det stemmer"), required=False, widget=forms.HiddenInput, initial=False
    )


class SessionForm(ConfirmUnusualMixin, forms.ModelForm):
    """One session. The placement and supervisor come from the view, never from the post."""

    minutes = forms.TypedChoiceField(
        label=_("Varighet"),
        choices=DURATIONS,
        coerce=int,
        initial=60,
        error_messages={
            "invalid_choice": _(
                "Varighet må være mellom 15 minutter og 8 timer, i kvarter (fikk %(value)s)."
            )
        },
    )
    confirm_unusual = confirm_field()

    class Meta:
        model = SupervisionSession
        fields = ["date", "minutes", "kind", "topics"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "topics": forms.Textarea(attrs={"rows": 2, "cols": 20}),
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
        if not batch:  # a batch is hours from notes; minutes are written one session at a time
            add_minutes_fields(self, placement, getattr(self.instance, "record", None))

    def saved_fields(self):
        """The session's fields for the service, with the minutes as `record`."""
        fields = super().saved_fields()
        if "agreed" in self.fields:
            fields["record"] = {name: fields.pop(name) for name in MINUTES_FIELDS}
        return fields

    def objective_groups(self):
        """The catalogue as the picker shows it: one <details> per group, open where an
        objective is ticked."""
        return objective_groups(self)

    def clean_date(self):
        day = self.cleaned_data["date"]
        allowed, reason = can_log_on(self.user, self.placement, day)
        if not allowed:
            raise forms.ValidationError(reason)
        return day

    def clean(self):
        data = super().clean()
        day, minutes = data.get("date"), data.get("minutes")
        exclude, pending = self.instance.pk, getattr(self, "pending", 0)
        error = limits.month_error(self.placement, day, minutes, exclude=exclude, pending=pending)
        if error:
            self.add_error("minutes", error)
        else:
            self.confirmed(
                limits.session_warnings(
                    self.placement, day, minutes, exclude=exclude, pending=pending
                )
            )
        return data


MINUTES_FIELDS = ("objectives", "agreed", "follow_ups")


def catalogue_of(placement):
    return LearningObjective.objects.filter(programme=placement.programme_id).order_by(
        "order", "code"
    )


def add_minutes_fields(form, placement, record):
    """The minutes' three fields: the catalogue's objectives (ticked, never typed), what was
    agreed and what to follow up next time. A form with no record starts empty."""
    form.fields["objectives"] = forms.ModelMultipleChoiceField(
        label=_("Læringsmål dere snakket om"),
        queryset=catalogue_of(placement),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Velg læringsmål fra programmets katalog.")},
    )
    for name, label, help_text in (
        ("agreed", _("Avtalt"), _("Kort: hva dere ble enige om.")),
        ("follow_ups", _("Til neste gang"), _("Vises når neste time registreres.")),
    ):
        form.fields[name] = forms.CharField(
            label=label,
            help_text=help_text,
            required=False,
            max_length=MAX_MINUTES_TEXT,
            widget=forms.Textarea(attrs={"rows": 2, "cols": 20}),
        )
    if record is not None and not form.is_bound:
        form.initial.update(
            objectives=[o.pk for o in record.objectives.all()],
            agreed=record.agreed,
            follow_ups=record.follow_ups,
        )


def objective_groups(form):
    field = form["objectives"]
    chosen = {str(v) for v in (field.value() or [])}
    groups = {}
    for objective in form.fields["objectives"].queryset:
        checked = str(objective.pk) in chosen
        group = groups.setdefault(objective.group, {"name": objective.group, "items": []})
        group["items"].append({"objective": objective, "checked": checked})
        group["open"] = group.get("open", False) or checked
    return list(groups.values())


class BaseSessionFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": _("Listen kan ha 1–%(num)d timer om gangen."),
    }

    def __init__(self, *args, placement, user, **kwargs):
        super().__init__(
            *args, form_kwargs={"placement": placement, "user": user, "batch": True}, **kwargs
        )

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # The rows above this one count towards the month's total (see SessionForm.clean).
        form.pending = self._pending_before(i)
        return form

    def _pending_before(self, i):
        return _minutes_above(self.data, self.prefix, i) if self.is_bound else 0


def _minutes_above(data, prefix, i):
    """Minutes of the rows above row i of a posted batch in row i's month, read from the raw
    post (ISO dates from the date input), since the rows are not cleaned yet."""

    def row(n):
        return data.get(f"{prefix}-{n}-date", ""), data.get(f"{prefix}-{n}-minutes", "")

    month = row(i)[0][:7]
    if not month:
        return 0
    return sum(int(m) for d, m in map(row, range(i)) if d[:7] == month and m.isdigit())


SessionFormSet = forms.formset_factory(
    SessionForm,
    formset=BaseSessionFormSet,
    extra=5,
    max_num=limits.MAX_BATCH_ROWS,
    absolute_max=limits.MAX_BATCH_ROWS,
    validate_max=True,
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


MEETING_HOURS_RANGE = _("Timer må være mellom 0,25 og 12.")


class MeetingForm(ConfirmUnusualMixin, forms.Form):
    date = forms.DateField(label=_("Dato"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.DecimalField(
        label=_("Timer"),
        min_value=limits.MIN_MEETING_HOURS,
        max_value=limits.MAX_MEETING_HOURS,
        decimal_places=2,
        initial=7.5,
        error_messages={"min_value": MEETING_HOURS_RANGE, "max_value": MEETING_HOURS_RANGE},
    )
    topic = forms.CharField(label=_("Tema"), required=False, max_length=200)
    present = forms.ModelMultipleChoiceField(
        label=_("Til stede"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    confirm_unusual = confirm_field()

    def __init__(self, *args, group, meeting=None, **kwargs):
        if meeting is not None:
            kwargs.setdefault(
                "initial",
                {
                    "date": meeting.date,
                    "hours": meeting.hours,
                    "topic": meeting.topic,
                    "present": list(meeting.attendance.values_list("membership", flat=True)),
                },
            )
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["present"].queryset = group.memberships.select_related("placement__doctor")
        self.fields["present"].label_from_instance = lambda m: m.placement.doctor.name

    def clean(self):
        data = super().clean()
        self.confirmed(limits.meeting_warnings(data.get("hours")))
        return data


class GroupForm(forms.ModelForm):
    """A group's name, programme (the user's, fixed once created), leader and period."""

    class Meta:
        model = SupervisionGroup
        fields = ["name", "programme", "leader", "start", "end"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"end": _("Gruppeveiledning går vanligvis over to år.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        access = access_of(user)
        programmes = Programme.objects.all()
        if not access.superuser:
            programmes = programmes.filter(pk__in=access.led_programmes)
        self.fields["programme"].queryset = programmes
        if self.instance.pk:
            self.fields["programme"].disabled = True
        elif programmes.count() == 1:
            self.fields["programme"].initial = programmes.first()
        # Supervisors and project leaders can lead a group.
        self.fields["leader"].queryset = (
            User.objects.filter(is_active=True, groups__name__in=LEADER_ROLES)
            .distinct()
            .order_by("name")
        )
        self.fields["leader"].label_from_instance = lambda u: f"{u.name} ({u.email})"


LEADER_ROLES = [Role.SUPERVISOR, Role.PROJECT_LEADER]


class MemberForm(forms.Form):
    placement = forms.ModelChoiceField(label=_("ALIS"), queryset=None)

    def __init__(self, *args, group, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placement"].queryset = (
            Placement.objects.for_user(user)
            .filter(programme=group.programme_id)
            .exclude(group_memberships__group=group)
            .select_related("doctor", "municipality")
            .order_by("doctor__name", "-start")
        )
        self.fields["placement"].label_from_instance = lambda p: (
            f"{p.doctor.name} – {p.municipality.name} ({p.start:%Y})"
        )


class ReflectionForm(forms.ModelForm):
    """One reflection: what it is about (a session, an objective or a plan period of the
    ALIS's own placement, in one list), the text, and shared or private."""

    subject = forms.ChoiceField(label=_("Gjelder"))
    shared = forms.TypedChoiceField(
        label=_("Hvem ser den?"),
        choices=[(False, _("Privat: bare meg")), (True, _("Delt med veilederen min"))],
        coerce=lambda value: value in {True, "True", "true", "1"},
        widget=forms.RadioSelect,
        initial=False,
    )

    class Meta:
        model = Reflection
        fields = ["text", "shared"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5, "cols": 20})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = subject_choices(self.instance.placement)
        if self.instance.pk:
            self.initial["subject"] = self.instance.subject_key

    def clean_subject(self):
        kind, _sep, pk = self.cleaned_data["subject"].partition(":")
        self.instance.session_id = int(pk) if kind == "session" else None
        self.instance.objective_id = int(pk) if kind == "objective" else None
        self.instance.period_id = int(pk) if kind == "period" else None
        return self.cleaned_data["subject"]


def subject_choices(placement):
    """The placement's sessions (latest 50), the programme's objectives and the plan's
    periods, grouped; values are "session:12", "objective:3", "period:5"."""
    sessions = placement.supervision_sessions.order_by("-date", "-pk")[:50]
    objectives = catalogue_of(placement)
    periods = PlanPeriod.objects.filter(plan__placement=placement).order_by("start")
    return [
        ("", _("Velg …")),
        (_("Veiledningstimer"), [(f"session:{s.pk}", str(s)) for s in sessions]),
        (_("Læringsmål"), [(f"objective:{o.pk}", str(o)) for o in objectives]),
        (_("Perioder i planen"), [(f"period:{p.pk}", str(p)) for p in periods]),
    ]
