"""Calls and applications as a request may see them (outside the user's scope is a 404), who
among the staff may do what with them, and ValidationErrors shown as messages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, F
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from placements.applications.models import Application, Call
from placements.municipalities.models import Municipality
from placements.relations import leads_programme


def messages_of(error):
    return error.messages if hasattr(error, "messages") else [str(error)]


def report(request, error):
    """A ValidationError's messages, each as an error message on the next page."""
    for message in messages_of(error):
        messages.error(request, message)


def get_call_for_user(request, pk):
    return get_object_or_404(Call.objects.for_user(request.user).select_related("programme"), pk=pk)


def get_application_for_user(request, pk, *, write=False):
    application = get_object_or_404(
        Application.objects.for_user(request.user).select_related(
            "call__programme", "municipality", "centre"
        ),
        pk=pk,
    )
    if write and application.municipality_id not in request.user.access.managed_municipalities:
        raise PermissionDenied(_("Bare kommunens helseleder kan endre søknaden."))
    return application


def own_municipality(request, call, number):
    """The municipality numbered `number` that the user manages and the call is open to."""
    municipality = Municipality.objects.filter(
        pk__in=request.user.access.managed_municipalities,
        number=number,
        county__in=call.target_counties,
    ).first()
    if municipality is None:
        raise Http404
    return municipality


def leads(request, call):
    """A project leader of the call's programme (or a superuser)."""
    return leads_programme(request.user, call.programme_id)


def staff(request, call):
    """Project leader or steering group of the call's programme (or a superuser)."""
    access = request.user.access
    return access.superuser or call.programme_id in access.staff_programmes


def average_score():
    """The mean over an application's reviews of each review's total score."""
    return Avg(
        F("reviews__recruitment_need")
        + F("reviews__supervision_arrangement")
        + F("reviews__list_solution")
        + F("reviews__centre")
        + F("reviews__substitute_solution")
    )


def submitted_applications(call):
    """The call's applications past draft and not withdrawn: the ones the staff handle."""
    return Application.objects.filter(call=call).exclude(
        status__in=[Application.Status.DRAFT, Application.Status.WITHDRAWN]
    )
