"""The answer form of one questionnaire version, in the respondent's language, with its
show-if and required-if rules enforced here (the page's script only hides and shows):
a hidden question is not required and its answer is not stored. Answers are one row per
invitation (a database constraint), edited in place, so a double submit changes nothing."""

from decimal import Decimal

from django import forms
from django.db import IntegrityError, transaction

from .models import Question, SurveyResponse

EMPTY = ("", None, [])


def _field(q, language):
    common = {"label": q.text_in(language), "required": q.required}
    if q.kind == Question.Kind.TEXT:
        return forms.CharField(
            max_length=5000, widget=forms.Textarea(attrs={"rows": 3, "cols": 20}), **common
        )
    if q.kind == Question.Kind.NUMBER:
        return forms.DecimalField(max_digits=12, decimal_places=2, **common)
    choices = [(c, c) for c in q.choices]
    if q.kind == Question.Kind.SINGLE:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)


def met(cleaned, key, value):
    answer = cleaned.get(key)
    return answer == value or (isinstance(answer, list) and value in answer)


class AnswerFormBase(forms.Form):
    questions = []

    def clean(self):
        cleaned = super().clean()
        for q in self.questions:  # in position order: a rule's question comes first
            if q.show_if_id and not met(cleaned, f"q{q.show_if_id}", q.show_if_value):
                cleaned.pop(q.key, None)  # hidden: not required, not stored
                self.errors.pop(q.key, None)
                continue
            needed = q.required_if_id and met(cleaned, f"q{q.required_if_id}", q.required_if_value)
            if (q.required or needed) and q.key not in self.errors and cleaned.get(q.key) in EMPTY:
                self.add_error(q.key, self.fields[q.key].error_messages["required"])
        return cleaned


def answer_form_class(questions, language=None):
    """The form of these questions (one version's), labels in `language`."""
    questions = list(questions)
    fields = {}
    for q in questions:
        field = _field(q, language)
        if q.show_if_id:
            # Checked in clean(), after the question it depends on; the script reads these.
            field.required = False
            field.widget.attrs.update(
                {"data-show-if": f"q{q.show_if_id}", "data-show-value": q.show_if_value}
            )
        if q.required_if_id:
            field.widget.attrs.update(
                {
                    "data-required-if": f"q{q.required_if_id}",
                    "data-required-value": q.required_if_value,
                }
            )
        fields[q.key] = field
    return type("AnswerForm", (AnswerFormBase,), {**fields, "questions": questions})


def _json(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def save_answers(invitation, cleaned, version):
    """Create or update the recipient's one response, in the version answered. Safe under
    a double submit: the unique constraint decides, the loser updates the winner's row."""
    answers = {key: _json(value) for key, value in cleaned.items() if value not in EMPTY}
    fields = {"answers": answers, "version": version}
    for _attempt in range(2):
        try:
            with transaction.atomic():
                response, created = SurveyResponse.objects.select_for_update().get_or_create(
                    invitation=invitation,
                    defaults={
                        "wave": invitation.wave,
                        "municipality": invitation.municipality,
                        "role": invitation.role,
                        **fields,
                    },
                )
                if not created and (response.answers, response.version) != (answers, version):
                    response.answers, response.version = answers, version
                    response.save(update_fields=["answers", "version", "updated_at"])
                return response, created
        except IntegrityError:
            continue
    raise RuntimeError("could not save survey answers")
