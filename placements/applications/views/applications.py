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
)
from placements.applications.views.detail import render_detail
from placements.applications.views.scope import get_application_for_user, report


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


@access(NOT_FOUND, own_manager=OK, steering=OK, leader=OK)
@login_required
def application_detail(request, pk):
    return render_detail(request, get_application_for_user(request, pk))


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
    """The decision letter: the current decision's, or an earlier version (?versjon=1)."""
    application = get_application_for_user(request, pk)
    letters = application.decisions.all()
    version = request.GET.get("versjon", "")
    decision = (
        letters.filter(letter_version=version).first()
        if version.isdigit()
        else letters.current().first()
    )
    if decision is None:
        raise Http404
    return pdf_response(
        "placements/applications/decision_pdf.html",
        {"application": application, "decision": decision},
        f"vedtak-{application.municipality.number}-{application.pk}-v{decision.letter_version}.pdf",
        language=application.municipality.language,
    )
