"""An application: the municipality's form (save, submit), its page, withdrawal, and the
application and the decision as PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access
from alisvest.pdf import pdf_response
from placements.applications import services
from placements.applications.forms import (
    ApplicationForm,
    AttachmentForm,
    DecisionForm,
    InfoRequestForm,
    RecommendationForm,
    ReviewerForm,
    ReviewForm,
)
from placements.applications.models import Application
from placements.applications.views.scope import get_application_for_user, leads, report, staff


def _save_and_maybe_submit(request, form):
    """Save the draft; with "submit" in the POST also submit it. The page to go to next."""
    application = form.save()
    if "submit" not in request.POST:
        messages.success(request, _("Utkastet er lagret."))
        return redirect("placements:application_edit", pk=application.pk)
    try:
        services.submit(application)
    except ValidationError as error:
        report(request, error)
        return redirect("placements:application_edit", pk=application.pk)
    messages.success(request, _("Søknaden er sendt inn. Du får en kvittering på e-post."))
    return redirect("placements:application_detail", pk=application.pk)


@access(NOT_FOUND, own_manager=OK, steering=FORBIDDEN, leader=FORBIDDEN, post={})
@login_required
def application_edit(request, pk):
    application = get_application_for_user(request, pk, write=True)
    if not application.is_editable:
        messages.info(request, _("Søknaden er sendt inn og kan ikke endres."))
        return redirect("placements:application_detail", pk=application.pk)
    form = ApplicationForm(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        return _save_and_maybe_submit(request, form)
    return render(
        request,
        "placements/applications/application_form.html",
        {
            "form": form,
            "application": application,
            "missing": application.missing(),
            "centres": form.fields["centre"].queryset,
            "attachment_form": AttachmentForm(),
            "attachments": application.attachments.all(),
        },
    )


def _staff_forms(application, *, is_leader, is_staff):
    """The forms of the handling: reviewers and information requests for the project
    leaders, the recommendation (the steering group's vote) for the staff, the decision for
    the project leaders alone."""
    return {
        "reviewer_form": ReviewerForm(
            programme=application.call.programme,
            initial={"reviewers": application.reviewers.all()},
        )
        if is_leader
        else None,
        "info_form": InfoRequestForm() if is_leader else None,
        "recommendation_form": RecommendationForm() if is_staff else None,
        "decision_form": DecisionForm(initial={"posts_granted": application.posts_requested})
        if is_leader
        else None,
    }


def _review_form(request, application):
    """The reviewer's own scores, while the application is under review."""
    if not application.reviewers.filter(pk=request.user.pk).exists():
        return None
    own_review = application.reviews.filter(reviewer=request.user).first()
    if application.status != Application.Status.UNDER_REVIEW:
        return None
    return ReviewForm(instance=own_review, prefix="review")


@access(NOT_FOUND, own_manager=OK, steering=OK, leader=OK)
@login_required
def application_detail(request, pk):
    application = get_application_for_user(request, pk)
    is_staff = staff(request, application.call)
    is_leader = leads(request, application.call)
    is_manager = application.municipality_id in request.user.access.managed_municipalities
    reviews = list(application.reviews.select_related("reviewer")) if is_staff else []
    review_form = _review_form(request, application)
    history = (
        application.history.select_related("history_user").order_by("-history_date")[:20]
        if is_staff or is_manager
        else []
    )
    return render(
        request,
        "placements/applications/application_detail.html",
        {
            "application": application,
            "is_manager": is_manager,
            "staff": is_staff,
            "leads": is_leader,
            "history": history,
            **_staff_forms(application, is_leader=is_leader, is_staff=is_staff),
            "sections": ApplicationForm(instance=application).sections(),
            "attachments": application.attachments.all(),
            "reviews": reviews,
            "review_form": review_form,
        },
    )


@access(NOT_FOUND, own_manager=OK, steering=FORBIDDEN, leader=FORBIDDEN, method="POST")
@login_required
@require_POST
def application_withdraw(request, pk):
    application = get_application_for_user(request, pk, write=True)
    try:
        services.withdraw(application)
        messages.success(request, _("Søknaden er trukket."))
    except ValidationError as error:
        report(request, error)
    return redirect("placements:application_detail", pk=application.pk)


@access(NOT_FOUND, own_manager=OK, steering=OK, leader=OK)
@login_required
def application_pdf(request, pk):
    application = get_application_for_user(request, pk)
    return pdf_response(
        "placements/applications/application_pdf.html",
        {
            "application": application,
            "sections": ApplicationForm(instance=application).sections(),
        },
        f"soknad-{application.municipality.number}-{application.pk}.pdf",
    )


@access(NOT_FOUND)  # the graph's application has no decision yet: 404 for all
@login_required
def decision_pdf(request, pk):
    application = get_application_for_user(request, pk)
    if application.decided_at is None:
        raise Http404
    return pdf_response(
        "placements/applications/decision_pdf.html",
        {"application": application},
        f"vedtak-{application.municipality.number}-{application.pk}.pdf",
        language=application.municipality.language,
    )
