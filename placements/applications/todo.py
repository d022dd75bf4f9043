"""The applications' tasks for the to-do list (alisvest/todo.py): for health managers what to
send in or complete, for reviewers what to score, for project leaders what to handle and for
the steering group what to vote on. A query per kind of task."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alisvest.roles import access_of
from alisvest.todo import Task

from .models import Application, Review, Vote

Status = Application.Status
IN_HANDLING = (Status.SUBMITTED, Status.RESUBMITTED, Status.UNDER_REVIEW)


def _task(kind, application, title, view="placements:application_detail", due=None, detail=""):
    return Task(
        kind=kind,
        title=title % {"municipality": application.municipality.name},
        detail=detail,
        url=reverse(view, args=[application.pk]),
        due=due,
        object_type="placements.application",
        object_id=application.pk,
    )


def _applications(**filters):
    return Application.objects.filter(**filters).select_related("municipality", "call")


def manager_applications(user):
    """Drafts to send in before the deadline, and applications sent back for more information."""
    managed = access_of(user).managed_municipalities
    if not managed:
        return []
    tasks = []
    for a in _applications(
        municipality__in=managed,
        status__in=Application.EDITABLE,
        call__deadline__gte=timezone.now(),
    ):
        more_info = a.status == Status.MORE_INFO
        tasks.append(
            _task(
                "applications.complete" if more_info else "applications.submit",
                a,
                _("Søknaden fra %(municipality)s trenger mer informasjon")
                if more_info
                else _("Send inn søknaden fra %(municipality)s"),
                view="placements:application_edit",
                due=timezone.localdate(a.call.deadline),
                detail=a.info_request if more_info else a.call.title,
            )
        )
    return tasks


def reviewer_applications(user):
    """Applications the user is named reviewer of and has not scored."""
    scored = Review.objects.filter(application=OuterRef("pk"), reviewer=user)
    waiting = _applications(reviewers=user, status__in=IN_HANDLING).filter(~Exists(scored))
    return [
        _task(
            "applications.score",
            a,
            _("Vurder søknaden fra %(municipality)s"),
            due=timezone.localdate(a.call.deadline),
        )
        for a in waiting
    ]


def leader_applications(user):
    """Applications of the led programmes awaiting handling, a recommendation or a decision."""
    led = access_of(user).led_programmes
    if not led:
        return []
    return [
        _task(
            "applications.handle",
            a,
            _("Søknaden fra %(municipality)s venter på vedtak")
            if a.recommendation
            else _("Søknaden fra %(municipality)s venter på behandling"),
            due=timezone.localdate(a.submitted_at) if a.submitted_at else None,
            detail=a.get_status_display(),
        )
        for a in _applications(call__programme__in=led, status__in=IN_HANDLING)
    ]


def steering_applications(user):
    """Applications in handling the member has not voted on yet (a vote of conflict of
    interest counts as one): the steering group votes, the project leader records."""
    steered = access_of(user).steered_programmes
    if not steered:
        return []
    voted = Vote.objects.filter(application=OuterRef("pk"), member=user)
    waiting = _applications(call__programme__in=steered, status__in=IN_HANDLING).filter(
        ~Exists(voted)
    )
    return [
        _task(
            "applications.vote",
            a,
            _("Stem over søknaden fra %(municipality)s"),
            detail=a.get_recommendation_display() if a.recommendation else a.call.title,
        )
        for a in waiting
    ]
