"""The ALIS agreement page of a placement: its status and versions, generating the next
version, the PDF in the municipality's målform, signatures and the scanned copy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access, require
from alisvest.idempotency import submitted_once
from alisvest.pdf import pdf_response
from alisvest.uploads import EXTENSIONS, serve_stored
from placements.register.scope import get_placement_for_user

from . import permissions, services
from .forms import GenerateForm, ScanForm, SignatureForm
from .models import Agreement, AgreementVersion

# Everyone who sees the placement reads its agreement; the graph's programme (test matrix) is
# the regional pilot, so changing the agreement is refused there even to its manager (403).
READ = access(NOT_FOUND, alis=OK, own_manager=OK, steering=OK, leader=OK, office=OK)
CHANGE = access(
    NOT_FOUND,
    method="POST",
    alis=FORBIDDEN,
    own_manager=FORBIDDEN,
    steering=FORBIDDEN,
    leader=FORBIDDEN,
    office=FORBIDDEN,
)


def get_version_for_user(request, pk, version_pk):
    placement = get_placement_for_user(request, pk)
    versions = AgreementVersion.objects.filter(agreement__placement=placement)
    return get_object_or_404(versions.select_related("agreement__placement"), pk=version_pk)


def _agreement(placement):
    return (
        Agreement.objects.filter(placement=placement)
        .prefetch_related("versions__signatures__recorded_by", "versions__created_by")
        .first()
    )


def page_context(user, placement, agreement):
    current = agreement.current if agreement else None
    can_manage, reason = permissions.can_manage_agreement(user, placement)
    return {
        "placement": placement,
        "agreement": agreement,
        "current": current,
        "versions": sorted(agreement.versions.all(), key=lambda v: -v.number) if agreement else [],
        "changed": services.changed_fields(current, placement) if current else [],
        "can_manage": can_manage,
        "reason": reason,
        "generate_form": GenerateForm(
            initial={"organisation_number": current.organisation_number if current else ""}
        ),
        "signature_form": SignatureForm(version=current) if current else None,
        "scan_form": ScanForm(),
    }


@READ
@login_required
def agreement_detail(request, pk):
    placement = get_placement_for_user(request, pk)
    context = page_context(request.user, placement, _agreement(placement))
    return render(request, "placements/agreements/agreement_detail.html", context)


def _refused(request, placement, error=None, **forms):
    """The page again with the refused form and what was typed (400)."""
    if error is not None:
        messages.error(request, " ".join(error.messages))
    context = page_context(request.user, placement, _agreement(placement))
    context.update(forms)
    return render(request, "placements/agreements/agreement_detail.html", context, status=400)


@CHANGE
@login_required
@require_POST
@submitted_once
def agreement_generate(request, pk):
    placement = get_placement_for_user(request, pk)
    require(permissions.can_manage_agreement(request.user, placement))
    form = GenerateForm(request.POST)
    if not form.is_valid():
        return _refused(request, placement, generate_form=form)
    try:
        version = services.generate(
            placement, by=request.user, organisation_number=form.cleaned_data["organisation_number"]
        )
    except ValidationError as error:
        return _refused(request, placement, error, generate_form=form)
    messages.success(
        request,
        _("Versjon %(number)s av avtalen er klar til signering.") % {"number": version.number},
    )
    return redirect("placements:agreement_detail", placement.pk)


@READ
@login_required
def agreement_pdf(request, pk, version_pk):
    version = get_version_for_user(request, pk, version_pk)
    context = {"version": version, "signatures": list(version.signatures.all())}
    return pdf_response(
        "placements/agreements/agreement_pdf.html",
        context,
        version.filename,
        language=version.language,
    )


@CHANGE
@login_required
@require_POST
@submitted_once
def agreement_sign(request, pk, version_pk):
    version = get_version_for_user(request, pk, version_pk)
    placement = version.agreement.placement
    require(permissions.can_sign(request.user, version))
    form = SignatureForm(request.POST, version=version)
    if not form.is_valid():
        return _refused(request, placement, signature_form=form)
    try:
        signature = services.record_signature(version, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, placement, error, signature_form=form)
    messages.success(
        request,
        _("Signaturen til %(name)s er registrert.") % {"name": signature.name},
    )
    return redirect("placements:agreement_detail", placement.pk)


@CHANGE
@login_required
@require_POST
@submitted_once
def agreement_scan(request, pk, version_pk):
    version = get_version_for_user(request, pk, version_pk)
    placement = version.agreement.placement
    require(permissions.can_attach_scan(request.user, version))
    form = ScanForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, placement, scan_form=form)
    services.attach_scan(version, form.cleaned_data["scan"], by=request.user)
    messages.success(request, _("Den skannede kopien er lagret."))
    return redirect("placements:agreement_detail", placement.pk)


def _content_type(name):
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return next((kind for kind, ends in EXTENSIONS.items() if extension in ends), "")


@READ
@login_required
def agreement_scan_download(request, pk, version_pk):
    version = get_version_for_user(request, pk, version_pk)
    if not version.scan:
        return render(request, "file_missing.html", {"name": version.filename}, status=404)
    return serve_stored(request, version.scan, version.scan_name, _content_type(version.scan_name))
