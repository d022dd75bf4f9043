from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from alisvest.models import ProgrammeUserObjectPermission
from alisvest.uploads import validate_upload
from placements.applications.models import (
    MAX_ATTACHMENT_BYTES,
    Application,
    ApplicationAttachment,
    Call,
    LateAcceptance,
    MeetingSignup,
    Review,
)
from placements.applications.models.decisions import Decision, PostSlot, Vote
from placements.limits import (
    LIST_LENGTH,
    POSTS_OFFERED,
    POSTS_REQUESTED,
    SUPERVISION_HOURS,
    ask_to_confirm,
    check_unusual,
    first_upper,
)
from placements.municipalities.models import Equipment, MedicalCentre, Municipality, Programme

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CallForm(forms.ModelForm):
    target_counties = forms.MultipleChoiceField(
        label=_("Fylker"), widget=forms.CheckboxSelectMultiple, choices=()
    )

    class Meta:
        model = Call
        fields = [
            "programme",
            "title",
            "description",
            "target_counties",
            "posts_offered",
            "deadline",
            "meeting_at",
            "meeting_place",
            "meeting_signup_deadline",
        ]
        widgets = {
            "deadline": DATETIME,
            "meeting_at": DATETIME,
            "meeting_signup_deadline": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(pk__in=programmes)
        counties = (
            Municipality.objects.current().order_by("county").values_list("county", flat=True)
        )
        self.fields["target_counties"].choices = [(c, c) for c in dict.fromkeys(counties)]
        ask_to_confirm(self)

    def clean(self):
        data = super().clean()
        check_unusual(self, {"posts_offered": POSTS_OFFERED})
        return data


class CallCorrectionForm(forms.ModelForm):
    """What the project leader may correct after publication, and why."""

    reason = forms.CharField(
        label=_("Grunn til endringen"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Søkerne får grunnen på e-post sammen med endringene."),
    )

    class Meta:
        model = Call
        fields = ["title", "description", "posts_offered", "deadline"]
        widgets = {"deadline": DATETIME}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ask_to_confirm(self)

    def clean(self):
        data = super().clean()
        check_unusual(self, {"posts_offered": POSTS_OFFERED})
        deadline, meeting = data.get("deadline"), self.instance.meeting_at
        if deadline and meeting and meeting > deadline:
            self.add_error(
                "deadline",
                _("Søknadsfristen kan ikke være før informasjonsmøtet (%(m)s).")
                % {"m": date_format(timezone.localtime(meeting), "j. F Y H:i")},
            )
        return data

    def _post_clean(self):
        # The meeting is not on this form: its rule against the deadline is shown on the
        # deadline (clean() above), not a second time without a field.
        if "deadline" not in self.errors:
            super()._post_clean()


class LateAcceptanceForm(forms.ModelForm):
    class Meta:
        model = LateAcceptance
        fields = ["municipality", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.call = call
        self.fields["municipality"].queryset = (
            Municipality.objects.current()
            .filter(county__in=call.target_counties)
            .exclude(pk__in=call.late_accepted.values("municipality"))
            .order_by("name")
        )


def number_message(label):
    return _("%(label)s: skriv et tall.") % {"label": first_upper(label)}


class YesNoSelect(forms.NullBooleanSelect):
    """Ja / Nei / not answered. NullBooleanSelect marks the saved answer as selected (a plain
    Select compared "True" with "true", so a reopened form showed the answer blank and the
    next save cleared it); only the labels differ."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", "—"), ("true", _("Ja")), ("false", _("Nei"))]


class ApplicationForm(forms.ModelForm):
    """Every field optional: a draft saves at any time; submit checks completeness."""

    equipment = forms.MultipleChoiceField(
        label=_("Utstyr"),
        choices=Equipment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    supervisor_is_specialist = forms.NullBooleanField(
        label=_("Veileder er spesialist i allmennmedisin"),
        required=False,
        widget=YesNoSelect,
    )
    supervisor_same_centre = forms.NullBooleanField(
        label=_("Veileder arbeider på samme legesenter"),
        required=False,
        widget=YesNoSelect,
    )

    SECTIONS = [
        (_("Om søknaden"), ["posts_requested", "contact_name", "contact_email"]),
        (_("1. Rekrutteringssituasjonen"), ["recruitment_situation"]),
        (_("2. Egne listepasienter"), ["list_solution", "list_length", "list_comment"]),
        (_("3. Daglig supervisjon"), ["daily_supervision"]),
        (
            _("4. Veileder"),
            [
                "supervisor_name",
                "supervisor_is_specialist",
                "supervisor_same_centre",
                "supervision_hours_per_month",
            ],
        ),
        (_("5. Bakvakt på legevakt"), ["backup_on_call"]),
        (_("6. Legesenter"), ["centre", "equipment", "centre_comment"]),
        (_("7. Kommunalt legearbeid"), ["municipal_work", "municipal_work_percent"]),
        (_("8. Vikar, fravær og sårbarhet"), ["substitute_solution", "vulnerability"]),
        (_("9. Ny stilling eller ansatt lege"), ["post_kind", "employed_doctor_progress"]),
    ]

    class Meta:
        model = Application
        fields = Application.ANSWER_FIELDS
        widgets = {
            f: forms.Textarea(attrs={"rows": 4})
            for f in [
                "recruitment_situation",
                "list_comment",
                "daily_supervision",
                "backup_on_call",
                "centre_comment",
                "municipal_work",
                "substitute_solution",
                "vulnerability",
                "employed_doctor_progress",
            ]
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = MedicalCentre.objects.filter(
            municipality=self.instance.municipality
        )
        self.fields["centre"].empty_label = _("Velg legesenter")
        for name, limit in self.UNUSUAL.items():
            self._name_field_in_errors(name, limit)
        self._ask_for_answer()
        ask_to_confirm(self)

    def _ask_for_answer(self):
        """Sent back for more information: the answer to the open question, kept with the
        question as typed and required when the application is sent in again."""
        self.question = None
        if self.instance.pk and self.instance.status == Application.Status.MORE_INFO:
            self.question = self.instance.info_requests.latest_open()
        if self.question is not None:
            self.fields["answer"] = forms.CharField(
                label=_("Svar på spørsmålet"),
                required=False,
                initial=self.question.answer,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def save(self, commit=True):
        application = super().save(commit=commit)
        if self.question is not None and commit:
            self.question.keep_answer(self.cleaned_data.get("answer", ""))
        return application

    def _name_field_in_errors(self, name, limit):
        """A refused number says which field and what is allowed, also when the form's own
        check (a negative number, a word) comes before the model's."""
        field = self.fields[name]
        field.error_messages.update(limit.error_messages(field.label))
        field.error_messages["invalid"] = lazy(number_message, str)(field.label)

    UNUSUAL = {
        "posts_requested": POSTS_REQUESTED,
        "list_length": LIST_LENGTH,
        "supervision_hours_per_month": SUPERVISION_HOURS,
    }

    def clean(self):
        data = super().clean()
        check_unusual(self, self.UNUSUAL)
        return data

    def sections(self):
        return [(title, [self[f] for f in names]) for title, names in self.SECTIONS]


class ReviewerForm(forms.Form):
    reviewers = forms.ModelMultipleChoiceField(
        label=_("Saksbehandlere"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        ids = ProgrammeUserObjectPermission.objects.filter(
            content_object=programme,
            permission__codename__in=["lead_programme", "steer_programme"],
        ).values("user_id")
        self.fields["reviewers"].queryset = (
            get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("name")
        )


class InfoRequestForm(forms.Form):
    info_request = forms.CharField(
        label=_("Hva mangler?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RecommendationForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Innstilling"), choices=Application.Recommendation.choices
    )
    comment = forms.CharField(
        label=_("Begrunnelse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(forms.Form):
    """The decision the steering group reached, as the project leader records it; a
    correction also says why the earlier decision is replaced."""

    outcome = forms.ChoiceField(label=_("Vedtak"), choices=Decision.Outcome.choices)
    posts = forms.IntegerField(
        label=_("Innvilgede stillinger"),
        required=False,
        min_value=0,
        help_text=_("Tom ved innvilget: det kommunen søkte om."),
    )
    meeting_date = forms.DateField(
        label=_("Møtedato"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(label=_("Begrunnelse"), widget=forms.Textarea(attrs={"rows": 3}))
    conditions = forms.CharField(
        label=_("Vilkår"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    correction_reason = forms.CharField(
        label=_("Grunn til rettelsen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv hvorfor vedtaket rettes.")},
    )

    def __init__(self, *args, correcting=False, **kwargs):
        super().__init__(*args, **kwargs)
        if correcting:
            self.fields["correction_reason"].required = True
        else:
            del self.fields["correction_reason"]


class VoteForm(forms.Form):
    vote = forms.ChoiceField(
        label=_("Din stemme"), choices=Vote.Choice.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class QuotaForm(forms.Form):
    """The call's posts split between its counties: one number per county, all or none."""

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        current = {q.county: q.posts for q in call.quotas.all()}
        for i, county in enumerate(call.target_counties):
            self.fields[f"county_{i}"] = forms.IntegerField(
                label=county, min_value=1, required=False, initial=current.get(county)
            )
        self.counties = list(call.target_counties)

    def posts_by_county(self):
        values = {c: self.cleaned_data[f"county_{i}"] for i, c in enumerate(self.counties)}
        return {c: v for c, v in values.items() if v}


class AnnounceForm(forms.ModelForm):
    class Meta:
        model = PostSlot
        fields = ["announced_on", "applicants"]
        widgets = {"announced_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["announced_on"].required = True


class SignupForm(forms.ModelForm):
    class Meta:
        model = MeetingSignup
        fields = ["attendees"]


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Vedlegg (PDF, DOCX, ODT, PNG eller JPEG, høyst 10 MB)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.cleaned_data["content_type"] = validate_upload(
            upload, kinds=ApplicationAttachment.Kind.values, max_bytes=MAX_ATTACHMENT_BYTES
        )
        return upload


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = Review.CRITERIA + ["recommendation", "comment"]
        widgets = {
            c: forms.Select(choices=[("", "—")] + [(i, str(i)) for i in range(1, 6)])
            for c in Review.CRITERIA
        } | {"comment": forms.Textarea(attrs={"rows": 3})}
