"""The handling of an application: a reviewer's scores, and the project leaders' actions
(assign reviewers, ask for more information, recommend to the steering group). The votes
and the decision are in views/decisions.py (SECURITY.md, "Who decides applications")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access
from placements.applications import services
from placements.applications.forms import (
    InfoRequestForm,
    RecommendationForm,
    ReviewerForm,
    ReviewForm,
)
from placements.applications.views.scope import get_application_for_user, leads, report


def _report_form_errors(request, form):
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for message in errors:
            messages.error(request, f"{label}: {message}")


@access(NOT_FOUND, own_manager=FORBIDDEN, steering=FORBIDDEN, leader=OK, method="POST")
@login_required
@require_POST
def application_score(request, pk):
    application = get_application_for_user(request, pk)
    if not application.reviewers.filter(pk=request.user.pk).exists():
        raise PermissionDenied(_("Du er ikke saksbehandler for denne søknaden."))
    form = ReviewForm(request.POST, prefix="review")
    if not form.is_valid():
        _report_form_errors(request, form)
    else:
        try:
            services.save_review(application, request.user, form.cleaned_data)
            messages.success(request, _("Vurderingen er lagret."))
        except ValidationError as error:
            report(request, error)
    return redirect("placements:application_detail", pk=application.pk)


def _valid(form, message):
    """The form's cleaned data, or a ValidationError with the action's own message."""
    if not form.is_valid():
        raise ValidationError(message)
    return form.cleaned_data


def _assign_reviewers(request, application):
    form = ReviewerForm(request.POST, programme=application.call.programme)
    data = _valid(form, _("Velg minst én saksbehandler."))
    services.assign_reviewers(application, data["reviewers"])
    messages.success(request, _("Saksbehandlere er tildelt."))


def _request_information(request, application):
    data = _valid(InfoRequestForm(request.POST), _("Skriv hva som mangler."))
    services.request_more_information(application, data["info_request"], by=request.user)
    messages.success(request, _("Kommunen er bedt om mer informasjon."))


def _recommend(request, application):
    data = _valid(RecommendationForm(request.POST), _("Velg en innstilling."))
    services.recommend(application, data["recommendation"], data["comment"])
    messages.success(request, _("Innstillingen er lagret."))


# The action in the URL → its handler, for the project leaders. The steering group votes
# and the project leader records the decision (views/decisions.py).
REVIEW_ACTIONS = {
    "reviewers": _assign_reviewers,
    "info": _request_information,
    "recommend": _recommend,
}


@access(NOT_FOUND, own_manager=FORBIDDEN, steering=FORBIDDEN, leader=OK, method="POST")
@login_required
@require_POST
def application_review(request, pk, action):
    application = get_application_for_user(request, pk)
    handler = REVIEW_ACTIONS.get(action)
    if handler is None:
        raise Http404
    if not leads(request, application.call):
        raise PermissionDenied(_("Bare prosjektleder behandler søknaden."))
    try:
        handler(request, application)
    except ValidationError as error:
        report(request, error)
    return redirect("placements:application_detail", pk=application.pk)
