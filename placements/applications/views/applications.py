"""An application: the municipality's form (save, submit), its page, withdrawal, and the
application and the decision as PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
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

# How often the edit page saves a draft that has changed; the browser test shortens it.
AUTOSAVE_SECONDS = 30


def _save_and_maybe_submit(request, form):
    """Save the draft; with "submit" in the POST also submit it. The page to go to next."""
    application = form.save()
    if "submit" not in request.POST:
        messages.success(request, _("Utkastet er lagret."))
        return redirect("placements:application_edit", pk=application.pk)
    try:
        services.submit(application, by=request.user)
    except ValidationError as error:
        report(request, error)
        return redirect("placements:application_edit", pk=application.pk)
    messages.success(request, _("Søknaden er sendt inn. Du får en kvittering på e-post."))
    return redirect("placements:application_detail", pk=application.pk)


def _refused_fields(form):
    """The labels of the fields the form refused, as the user sees them."""
    labels = [str(form[name].label) for name in form.errors if name in form.fields]
    return ", ".join(labels) or _("feltene som er merket")


def _autosave(request, form):
    """The draft saved by the page's timer: only the status line comes back, so the form
    and the field being typed in are left alone. A refusal is answered with 200 too, as
    htmx shows only successful answers; the field errors appear at the next "Lagre utkast"."""
    if not form.is_valid():
        status = _("Utkastet er ikke lagret automatisk. Rett disse feltene: %(fields)s.") % {
            "fields": _refused_fields(form)
        }
    else:
        if form.has_changed():  # a save writes a history row; keep them to real changes
            form.save()
        status = _("Utkast lagret kl. %(time)s") % {
            "time": date_format(timezone.localtime(), "H:i")
        }
    return render(request, "placements/applications/_autosave_status.html", {"status": status})


@access(NOT_FOUND, own_manager=OK, steering=FORBIDDEN, leader=FORBIDDEN, post={})
@login_required
def application_edit(request, pk):
    application = get_application_for_user(request, pk, write=True)
    autosave = request.method == "POST" and request.htmx
    if not application.is_editable:
        message = _("Søknaden er sendt inn og kan ikke endres.")
        if autosave:
            context = {"status": message}
            return render(request, "placements/applications/_autosave_status.html", context)
        messages.info(request, message)
        return redirect("placements:application_detail", pk=application.pk)
    form = ApplicationForm(request.POST or None, instance=application)
    if autosave:
        return _autosave(request, form)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            return _save_and_maybe_submit(request, form)
        # Refused: the page comes back with what was typed and the errors at the fields.
        messages.error(
            request,
            _("Utkastet er ikke lagret. Rett disse feltene og lagre igjen: %(fields)s.")
            % {"fields": _refused_fields(form)},
        )
        status = 400
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
            "autosave_seconds": AUTOSAVE_SECONDS,
        },
        status=status,
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
