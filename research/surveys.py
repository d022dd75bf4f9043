"""Survey waves: signed per-municipality links, answering without login, reminders.

A link is the invitation's id and nonce signed with the site's secret; it works for its
own municipality only, until the wave closes. Answers are one row per wave and municipality
(a database constraint), edited in place, so a double submit changes nothing."""

from decimal import Decimal

from django import forms
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alisvest.models import MunicipalityUserObjectPermission
from placements.models import Municipality

from .models import Question, SurveyInvitation, SurveyResponse

SALT = "research.survey-link"


def token_for(invitation):
    """Deterministic, so a resent e-mail carries the same link; the wave's close date, not
    the token, decides when it stops working."""
    return signing.Signer(salt=SALT).sign_object({"i": invitation.pk, "n": invitation.nonce})


def link_for(invitation, base_url=None):
    path = reverse(
        "research:survey_answer", args=[invitation.municipality.number, token_for(invitation)]
    )
    return (base_url or invitation.wave.base_url or "") + path


def invitation_from(token, number):
    """The invitation behind a link, or None if the link is forged, revoked, or used for
    another municipality's number."""
    try:
        data = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    invitation = (
        SurveyInvitation.objects.select_related("wave__study", "municipality")
        .filter(pk=data.get("i"), nonce=data.get("n"))
        .first()
    )
    if invitation is None or invitation.municipality.number != number:
        return None
    return invitation


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
    from .tasks import send_survey_email

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


def claim(invitation_pk, field, now=None):
    """Compare-and-set: True for exactly one caller per invitation and field."""
    now = now or timezone.now()
    return bool(
        SurveyInvitation.objects.filter(pk=invitation_pk, **{field: None}).update(**{field: now})
    )


def due_reminders(wave=None, now=None, ignore_days=False):
    """Invitations sent, unanswered, not yet reminded, in open waves."""
    from django.db.models import Exists, OuterRef

    now = now or timezone.now()
    due = SurveyInvitation.objects.filter(
        wave__opens_at__lte=now,
        wave__closes_at__gt=now,
        sent_at__isnull=False,
        reminded_at=None,
    ).exclude(
        Exists(
            SurveyResponse.objects.filter(
                wave=OuterRef("wave"), municipality=OuterRef("municipality")
            )
        )
    )
    if wave is not None:
        due = due.filter(wave=wave)
    if ignore_days:
        return due
    # A handful of municipalities per wave: the per-wave delay is checked here.
    return due.filter(
        pk__in=[
            i.pk
            for i in due.select_related("wave")
            if i.sent_at + timezone.timedelta(days=i.wave.remind_after_days) <= now
        ]
    )


def send_reminders(wave=None, now=None, ignore_days=False):
    """Claim each due reminder once (compare-and-set) and send it; a re-run sends nothing."""
    from .tasks import send_survey_email

    now = now or timezone.now()
    sent = []
    for pk in due_reminders(wave, now, ignore_days).values_list("pk", flat=True):
        if claim(pk, "reminded_at", now):
            send_survey_email.delay_on_commit(pk, "reminder")
            sent.append(pk)
    return sent


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
