"""Survey waves: signed per-municipality links, answering without login, reminders.

A link is the invitation's id and nonce signed with the site's secret; it works for its
own municipality only, until the wave closes. Answers are one row per wave and municipality
(a database constraint), edited in place, so a double submit changes nothing."""

from decimal import Decimal

from django import forms
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from alisvest.models import MunicipalityUserObjectPermission
from placements.models import Municipality

from .models import Question, SurveyInvitation, SurveyResponse
from .survey_links import claim, due_reminders, invitation_from, link_for, token_for
from .tasks import send_reminders, send_survey_email

# The links, claims and reminders live below this module (survey_links, tasks), so the
# tasks need nothing from here; they are named here too, as the surveys' one address.
__all__ = [
    "WAVE_STATE_TEXT",
    "answer_form_class",
    "claim",
    "due_reminders",
    "invitation_from",
    "invite_participants",
    "link_for",
    "managers_of",
    "save_answers",
    "send_reminders",
    "token_for",
]


def managers_of(municipality):
    return [
        p.user
        for p in MunicipalityUserObjectPermission.objects.filter(
            content_object=municipality, permission__codename="manage_municipality"
        ).select_related("user")
        if p.user.is_active
    ]


def invite_participants(wave, base_url):
    """One invitation per participating municipality with a health manager; e-mails go out
    after commit. Returns (invited, without_manager)."""
    wave.base_url = base_url
    wave.save(update_fields=["base_url"])
    programme = wave.study.programme_id
    municipalities = Municipality.objects.in_programmes([programme]).current().order_by("name")
    invited, missing = [], []
    for municipality in municipalities:
        managers = managers_of(municipality)
        if not managers:
            missing.append(municipality)
            continue
        invitation, _created = SurveyInvitation.objects.get_or_create(
            wave=wave, municipality=municipality, defaults={"email": managers[0].email}
        )
        invited.append(invitation)
        if invitation.sent_at is None:
            send_survey_email.delay_on_commit(invitation.pk, "invitation")
    return invited, missing


# --- The answer form --------------------------------------------------------------------


def answer_form_class(questions):
    fields = {}
    for q in questions:
        common = {"label": q.text, "required": q.required}
        if q.kind == Question.Kind.TEXT:
            field = forms.CharField(
                max_length=5000, widget=forms.Textarea(attrs={"rows": 3, "cols": 20}), **common
            )
        elif q.kind == Question.Kind.NUMBER:
            field = forms.DecimalField(max_digits=12, decimal_places=2, **common)
        elif q.kind == Question.Kind.SINGLE:
            field = forms.ChoiceField(
                choices=[(c, c) for c in q.choices], widget=forms.RadioSelect, **common
            )
        else:
            field = forms.MultipleChoiceField(
                choices=[(c, c) for c in q.choices],
                widget=forms.CheckboxSelectMultiple,
                **common,
            )
        fields[q.key] = field
    return type("AnswerForm", (forms.Form,), fields)


def _json(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def save_answers(invitation, cleaned):
    """Create or update the municipality's one response. Safe under a double submit: the
    unique constraint decides, the loser updates the winner's row."""
    answers = {key: _json(value) for key, value in cleaned.items() if value not in ("", None, [])}
    for _attempt in range(2):
        try:
            with transaction.atomic():
                response, created = SurveyResponse.objects.select_for_update().get_or_create(
                    wave=invitation.wave,
                    municipality=invitation.municipality,
                    defaults={"answers": answers},
                )
                if not created and response.answers != answers:
                    response.answers = answers
                    response.save(update_fields=["answers", "updated_at"])
                return response, created
        except IntegrityError:
            continue
    raise RuntimeError("could not save survey answers")


WAVE_STATE_TEXT = {
    "not_open": _("Undersøkelsen er ikke åpnet ennå."),
    "closed": _("Undersøkelsen er stengt, og lenken virker ikke lenger."),
}
