"""An application's attachments: upload and delete while it is a draft, download while it
can be read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access
from alisvest.idempotency import submitted_once
from alisvest.uploads import safe_filename, serve_stored
from placements.applications.forms import AttachmentForm
from placements.applications.models import ApplicationAttachment
from placements.applications.views.scope import get_application_for_user


def get_editable_application(request, pk):
    application = get_application_for_user(request, pk, write=True)
    if not application.is_editable:
        raise PermissionDenied(_("Søknaden er sendt inn og kan ikke endres."))
    return application


@access(NOT_FOUND, own_manager=OK, steering=FORBIDDEN, leader=FORBIDDEN, method="POST")
@login_required
@require_POST
@submitted_once
def attachment_upload(request, pk):
    application = get_editable_application(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        attachment = ApplicationAttachment.objects.create(
            application=application,
            file=upload,
            name=safe_filename(upload.name, form.cleaned_data["content_type"]),
            content_type=form.cleaned_data["content_type"],
            size=upload.size,
            uploaded_by=request.user,
        )
        messages.success(
            request, _("Vedlegget «%(name)s» er lastet opp.") % {"name": attachment.name}
        )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("placements:application_edit", pk=application.pk)


def get_attachment_for_user(request, pk, attachment_pk):
    application = get_application_for_user(request, pk)
    return application, get_object_or_404(application.attachments, pk=attachment_pk)


@access(NOT_FOUND, own_manager=OK, steering=OK, leader=OK)
@login_required
def attachment_download(request, pk, attachment_pk):
    _application, attachment = get_attachment_for_user(request, pk, attachment_pk)
    return serve_stored(request, attachment.file, attachment.name, attachment.content_type)


@access(NOT_FOUND, own_manager=OK, steering=FORBIDDEN, leader=FORBIDDEN, method="POST")
@login_required
@require_POST
def attachment_delete(request, pk, attachment_pk):
    application = get_editable_application(request, pk)
    attachment = get_object_or_404(application.attachments, pk=attachment_pk)
    attachment.file.delete(save=False)
    attachment.delete()
    messages.success(request, _("Vedlegget er slettet."))
    return redirect("placements:application_edit", pk=application.pk)
