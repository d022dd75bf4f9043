"""State changes of calls and applications before the decision (which is in
placements.applications.decisions). Each checks the state it starts from, so a double click
or a stale page cannot move an application twice."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from placements.applications.decisions import call_capacity
from placements.applications.models import (
    Application,
    Call,
    CallCorrection,
    InfoRequest,
    LateAcceptance,
    Review,
)
from placements.applications.models.calls import as_json
from placements.applications.tasks import send_application_email, send_call_correction

S = Application.Status


def _locked(application):
    return Application.objects.select_for_update().get(pk=application.pk)


def _require(application, allowed, message):
    """The application is in one of the `allowed` states, else a ValidationError with the
    message: a stale page or a double click, shown to the user, not a 403 as
    alisvest.access.require raises for who may do what."""
    if application.status not in allowed:
        raise ValidationError(message)


@transaction.atomic
def submit(application, *, now=None, answer=None, by=None):
    """Submit a draft (or resubmit after a request for more information, with the answer
    to the open question: `answer`, or the one drafted on the edit page)."""
    now = now or timezone.now()
    app = _locked(application)
    _require(app, Application.EDITABLE, _("Søknaden er allerede sendt inn."))
    if now >= app.call.deadline and app.status == S.DRAFT and not accepted_late(app):
        raise ValidationError(_("Søknadsfristen har gått ut. Utkastet er lagret."))
    question = app.info_requests.latest_open() if app.status == S.MORE_INFO else None
    if question is not None and answer is not None:
        question.keep_answer(answer)
    missing = app.missing()
    if question is not None and not question.answer.strip():
        missing.append(_("Svar på spørsmålet"))
    if missing:
        raise ValidationError(
            _("Søknaden mangler: %(list)s. Utkastet er lagret.")
            % {"list": "; ".join(str(m) for m in missing)}
        )
    if question is not None:
        question.answered_by, question.answered_at = by, now
        question.save()
    app.status = S.RESUBMITTED if app.status == S.MORE_INFO else S.SUBMITTED
    app.submitted_at = now
    app.save()
    send_application_email.delay_on_commit(app.pk, "receipt")
    return app


def accepted_late(application):
    """The project leader has let the application's municipality submit after the deadline."""
    return LateAcceptance.objects.filter(
        call=application.call_id, municipality=application.municipality_id
    ).exists()


@transaction.atomic
def correct_call(call, values, *, reason, by):
    """Change a published call's text, posts or deadline (`values`: {field: new value}) and
    record what it was, what it became and why; the applicants are told by e-mail."""
    locked = Call.objects.select_for_update().get(pk=call.pk)
    changes = {
        name: [as_json(name, getattr(locked, name)), as_json(name, values[name])]
        for name in CallCorrection.FIELDS
        if name in values and getattr(locked, name) != values[name]
    }
    _check_correction(locked, values, changes, reason)
    for name in changes:
        setattr(locked, name, values[name])
    locked._change_reason = reason[:100]
    locked.save()
    correction = CallCorrection.objects.create(
        call=locked, changed_by=by, reason=reason.strip(), changes=changes
    )
    send_call_correction.delay_on_commit(correction.pk)
    return correction


def _check_correction(call, values, changes, reason):
    """A correction changes something, says why, keeps the posts already granted and sets
    no deadline that has passed."""
    if not changes:
        raise ValidationError(_("Ingenting er endret. Endre minst ett felt, eller avbryt."))
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv grunnen til endringen.")})
    granted = call_capacity(call)[1].granted
    if values.get("posts_offered", call.posts_offered) < granted:
        raise ValidationError(
            {
                "posts_offered": _(
                    "Det er allerede innvilget %(n)s stillinger i utlysningen. Antall "
                    "stillinger kan ikke være lavere enn %(n)s."
                )
                % {"n": granted}
            }
        )
    if "deadline" in changes and values["deadline"] < timezone.now():
        raise ValidationError(
            {"deadline": _("Den nye fristen har allerede gått. Velg en frist fram i tid.")}
        )


@transaction.atomic
def accept_late(call, municipality, *, reason, by):
    """Let one municipality submit to the call after its deadline, for the reason given."""
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv grunnen til å ta imot søknaden etter fristen.")})
    acceptance, created = LateAcceptance.objects.get_or_create(
        call=call,
        municipality=municipality,
        defaults={"reason": reason.strip(), "accepted_by": by},
    )
    if not created:
        raise ValidationError({"municipality": _("Kommunen kan allerede søke etter fristen.")})
    return acceptance


@transaction.atomic
def withdraw(application):
    app = _locked(application)
    _require(
        app,
        Application.WITHDRAWABLE,
        _("Søknaden kan ikke trekkes etter at behandlingen har startet."),
    )
    app.status = S.WITHDRAWN
    app.save()
    return app


@transaction.atomic
def assign_reviewers(application, users):
    app = _locked(application)
    _require(
        app,
        Application.IN_HANDLING,
        _("Bare innsendte søknader kan få saksbehandlere."),
    )
    app.reviewers.set(users)
    if app.status in (S.SUBMITTED, S.RESUBMITTED):
        app.status = S.UNDER_REVIEW
        app.save()
    return app


@transaction.atomic
def request_more_information(application, text, *, by=None):
    app = _locked(application)
    _require(
        app,
        Application.IN_HANDLING,
        _("Bare innsendte søknader kan sendes tilbake."),
    )
    if not text.strip():
        raise ValidationError({"info_request": _("Skriv hva som mangler.")})
    app.status = S.MORE_INFO
    app.info_request = text
    app.save()
    InfoRequest.objects.create(application=app, question=text.strip(), asked_by=by)
    send_application_email.delay_on_commit(app.pk, "more-info")
    return app


@transaction.atomic
def recommend(application, recommendation, comment):
    """The project leaders' recommendation to the steering group; a resubmitted application
    gets a new one."""
    app = _locked(application)
    _require(app, Application.IN_HANDLING, _("Søknaden er ikke til behandling."))
    app.recommendation = recommendation
    app.recommendation_comment = comment
    app.save()
    return app


@transaction.atomic
def save_review(application, reviewer, data):
    """A reviewer's scores; saving again replaces their earlier review."""
    app = _locked(application)
    _require(app, (S.UNDER_REVIEW,), _("Søknaden er ikke til behandling."))
    review, _created = Review.objects.update_or_create(
        application=app, reviewer=reviewer, defaults=data
    )
    return review
