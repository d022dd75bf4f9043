"""State changes of calls and applications before the decision (which is in
placements.applications.decisions). Each checks the state it starts from, so a double click
or a stale page cannot move an application twice."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from placements.applications.models import Application, Review
from placements.applications.tasks import send_application_email

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
def submit(application, *, now=None):
    """Submit a draft (or resubmit after a request for more information)."""
    now = now or timezone.now()
    app = _locked(application)
    _require(app, Application.EDITABLE, _("Søknaden er allerede sendt inn."))
    if now >= app.call.deadline and app.status == S.DRAFT:
        raise ValidationError(_("Søknadsfristen har gått ut. Utkastet er lagret."))
    missing = app.missing()
    if missing:
        raise ValidationError(
            _("Søknaden mangler: %(list)s. Utkastet er lagret.")
            % {"list": "; ".join(str(m) for m in missing)}
        )
    app.status = S.RESUBMITTED if app.status == S.MORE_INFO else S.SUBMITTED
    app.submitted_at = now
    app.save()
    send_application_email.delay_on_commit(app.pk, "receipt")
    return app


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
        (S.SUBMITTED, S.RESUBMITTED, S.UNDER_REVIEW),
        _("Bare innsendte søknader kan få saksbehandlere."),
    )
    app.reviewers.set(users)
    if app.status in (S.SUBMITTED, S.RESUBMITTED):
        app.status = S.UNDER_REVIEW
        app.save()
    return app


@transaction.atomic
def request_more_information(application, text):
    app = _locked(application)
    _require(
        app,
        (S.SUBMITTED, S.RESUBMITTED, S.UNDER_REVIEW),
        _("Bare innsendte søknader kan sendes tilbake."),
    )
    if not text.strip():
        raise ValidationError({"info_request": _("Skriv hva som mangler.")})
    app.status = S.MORE_INFO
    app.info_request = text
    app.save()
    send_application_email.delay_on_commit(app.pk, "more-info")
    return app


@transaction.atomic
def recommend(application, recommendation, comment):
    """The project leaders' recommendation to the steering group; a resubmitted application
    gets a new one."""
    app = _locked(application)
    _require(
        app, (S.SUBMITTED, S.UNDER_REVIEW, S.RESUBMITTED), _("Søknaden er ikke til behandling.")
    )
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
