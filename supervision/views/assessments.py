"""Assessments: the ALIS asks for one, the assessor answers from a link without an
account, the ALIS, their supervisors and the project leader read the result."""

from contextlib import nullcontext

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access, require
from alisvest.idempotency import submitted_once

from .. import permissions
from ..assessments import links, questions, services
from ..assessments.forms import RequestForm, answer_form, assessor_formset, filled_rows
from ..assessments.summary import summary
from ..models import Assessment
from .common import get_placement_with_programme

REFUSED = {
    links.INVALID: (
        404,
        gettext_lazy("Lenken er ugyldig"),
        gettext_lazy(
            "Lenken finnes ikke, er endret eller er erstattet av en ny. Be ALIS-en sende en ny."
        ),
    ),
    links.USED: (
        410,
        gettext_lazy("Lenken er allerede brukt"),
        gettext_lazy("Vurderingen er sendt inn, og lenken kan bare brukes én gang. Takk!"),
    ),
    links.EXPIRED: (
        410,
        gettext_lazy("Lenken er utløpt"),
        gettext_lazy("Lenken gjaldt i 14 dager. Be ALIS-en sende en ny hvis du vil svare."),
    ),
}


def get_assessment_placement(request, pk):
    """A placement whose assessments the user may see; otherwise 404."""
    placement = get_placement_with_programme(request, pk)
    if not permissions.can_see_assessments(request.user, placement)[0]:
        raise Http404
    return placement


def get_assessment_for_user(request, pk):
    return get_object_or_404(
        Assessment.objects.for_user(request.user)
        .select_related("placement__doctor", "placement__programme", "learning_objective")
        .prefetch_related("invitations__response"),
        pk=pk,
    )


@access(NOT_FOUND, alis=OK, leader=OK)
@login_required
def assessment_list(request, pk):
    placement = get_assessment_placement(request, pk)
    assessments = list(
        placement.assessments.select_related("learning_objective").prefetch_related(
            "invitations__response"
        )
    )
    for assessment in assessments:
        assessment.summary = summary(assessment)
    return render(
        request,
        "supervision/assessment_list.html",
        {
            "placement": placement,
            "assessments": assessments,
            "can_request": permissions.can_request_assessment(request.user, placement)[0],
            "kinds": Assessment.Kind.choices,
        },
    )


def _kind(request):
    kind = request.GET.get("type") or Assessment.Kind.CASE_DISCUSSION
    if kind not in Assessment.Kind.values:
        raise Http404
    return kind


@access(NOT_FOUND, alis=OK, leader=FORBIDDEN, post={})
@login_required
@submitted_once
def assessment_create(request, pk):
    placement = get_assessment_placement(request, pk)
    require(permissions.can_request_assessment(request.user, placement))
    kind = _kind(request)
    data = request.POST if request.method == "POST" else None
    form = RequestForm(data, placement=placement)
    formset = assessor_formset(kind, data)
    errors = []
    if data is not None and form.is_valid() and formset.is_valid():
        try:
            assessment = services.request_assessment(
                placement, kind, filled_rows(formset), by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            errors = error.message_dict["assessors"]
        else:
            messages.success(request, _("Forespørselen er sendt på e-post."))
            return redirect("supervision:assessment_detail", assessment.pk)
    context = {
        "placement": placement,
        "kind": kind,
        "kind_label": Assessment.Kind(kind).label,
        "form": form,
        "formset": formset,
        "assessor_errors": errors,
    }
    status = 400 if data is not None else 200
    return render(request, "supervision/assessment_form.html", context, status=status)


@access(NOT_FOUND, alis=OK, leader=OK)
@login_required
def assessment_detail(request, pk):
    assessment = get_assessment_for_user(request, pk)
    return render(
        request,
        "supervision/assessment_detail.html",
        {
            "assessment": assessment,
            "placement": assessment.placement,
            "summary": summary(assessment),
            "invitations": assessment.invitations.all(),
            "can_resend": _can_resend(request.user, assessment),
        },
    )


def _can_resend(user, assessment):
    return (
        assessment.status == Assessment.Status.OPEN
        and permissions.can_request_assessment(user, assessment.placement)[0]
    )


@access(NOT_FOUND, alis=OK, leader=FORBIDDEN, method="POST")
@login_required
@require_POST
def assessment_resend(request, pk):
    """New links (14 days from now) to the assessors who have not answered; the old ones
    stop working."""
    assessment = get_assessment_for_user(request, pk)
    require(permissions.can_request_assessment(request.user, assessment.placement))
    renewed = services.renew_unanswered(assessment)
    if renewed:
        messages.success(
            request,
            ngettext(
                "En ny lenke er sendt til den som ikke har svart.",
                "Nye lenker er sendt til de %(n)s som ikke har svart.",
                renewed,
            )
            % {"n": renewed},
        )
    else:
        messages.info(request, _("Alle har svart, eller vurderingen er fullført."))
    return redirect("supervision:assessment_detail", pk=assessment.pk)


def _refused(request, state):
    status, title, message = REFUSED[state]
    return render(
        request,
        "supervision/assessment_refused.html",
        {"title": title, "message": message},
        status=status,
    )


# No login: the signed link is the credential. The graph has no valid link: 404.
@access(NOT_FOUND, anonymous=NOT_FOUND, post={})
def assessment_answer(request, token):
    invitation = links.invitation_from(token)
    language = invitation.assessment.language if invitation else ""
    with translation.override(language) if language else nullcontext():
        return _answer(request, invitation)


def _answer(request, invitation):
    state = links.state_of(invitation)
    if state == links.USED and request.GET.get("sendt") == "1":
        return render(request, "supervision/assessment_thanks.html", {})
    if state != links.OPEN:
        return _refused(request, state)
    assessment = invitation.assessment
    data = request.POST if request.method == "POST" else None
    form = answer_form(assessment.kind, data)
    if data is not None and form.is_valid():
        try:
            services.submit_response(invitation, form.cleaned_data)
        except services.LinkRefused as refused:
            return _refused(request, refused.state)
        return redirect(f"{request.path}?sendt=1")
    context = {
        "invitation": invitation,
        "assessment": assessment,
        "form": form,
        "scale": questions.scale_for(assessment.kind),
    }
    status = 400 if data is not None else 200
    return render(request, "supervision/assessment_answer.html", context, status=status)
