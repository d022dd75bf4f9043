"""The ALIS's request (what, which objective, which language, who) and the assessor's short
form, built from questions.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from placements.models import LearningObjective

from ..models import MSF_MIN_RESPONSES, Assessment, AssessorInvitation
from . import questions

MSF_ROWS = 8


class RequestForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["learning_objective", "context", "language"]

    def __init__(self, *args, placement, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["learning_objective"]
        field.queryset = LearningObjective.objects.filter(programme=placement.programme_id)
        field.label_from_instance = lambda o: f"{o.code} {o.text}"[:120]
        field.required = False


class AssessorForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    email = forms.EmailField(
        label=_("E-post"), error_messages={"invalid": _("Skriv en gyldig e-postadresse.")}
    )
    relation = forms.ChoiceField(
        label=_("Rolle"),
        choices=AssessorInvitation.Relation.choices,
        initial=AssessorInvitation.Relation.DOCTOR,
    )

    def has_changed(self):
        """A row with only the default role chosen is an empty row."""
        return bool(
            self.data.get(self.add_prefix("name")) or self.data.get(self.add_prefix("email"))
        )


AssessorFormSet = forms.formset_factory(AssessorForm, extra=1, max_num=20, absolute_max=20)


def assessor_formset(kind, data=None):
    rows = MSF_ROWS if kind == Assessment.Kind.MULTI_SOURCE else 1
    formset = AssessorFormSet(data, prefix="vurderer", initial=None)
    formset.extra = rows
    formset.min_rows = MSF_MIN_RESPONSES if kind == Assessment.Kind.MULTI_SOURCE else 1
    return formset


def filled_rows(formset):
    return [f.cleaned_data for f in formset.forms if f.has_changed() and f.cleaned_data]


def answer_form(kind, data=None):
    """The assessor's form: one required rating per domain, then the texts."""
    form = forms.Form(data)
    for key, label in questions.DOMAINS[kind]:
        form.fields[key] = forms.ChoiceField(
            label=label,
            choices=questions.scale_for(kind),
            widget=forms.RadioSelect,
            error_messages={"required": _("Velg en vurdering.")},
        )
    for key, label, required in questions.TEXTS[kind]:
        form.fields[key] = forms.CharField(
            label=label,
            required=required,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={"required": _("Skriv noen ord her.")},
        )
    return form
