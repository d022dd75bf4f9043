"""The yearly claim on the national scheme: the list, a year's claim to prepare, one claim
with its lines, submitting it, the auditor's statement, and the PDF and spreadsheet."""

from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access, require
from alisvest.forms import add_service_errors
from alisvest.idempotency import submitted_once
from alisvest.pdf import pdf_response
from alisvest.uploads import serve_stored
from placements.models import Municipality, Programme

from .. import claim_exports, claims, permissions
from ..forms import AuditStatementForm
from ..models import NationalClaim

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def get_claim_for_user(request, pk):
    return get_object_or_404(
        NationalClaim.objects.for_user(request.user).select_related(
            "programme", "municipality", "scheme", "supersedes", "superseded_by"
        ),
        pk=pk,
    )


def get_claim_year_for_user(request, slug, number):
    """The programme and municipality of a claim the user may see, else 404."""
    programme = get_object_or_404(Programme, slug=slug)
    municipality = get_object_or_404(Municipality, number=number, valid_to__isnull=True)
    if not permissions.sees_claims_of(request.user, programme, municipality):
        raise Http404
    return programme, municipality


@access(OK)
@login_required
def claim_list(request):
    """Stored claims in scope, and for the manager's own municipalities those still to make."""
    year = timezone.localdate().year - 1
    stored = (
        NationalClaim.objects.for_user(request.user)
        .current()
        .select_related("programme", "municipality")
        .order_by("-year", "municipality__name")[:500]
    )
    return render(
        request,
        "funding/claim_list.html",
        {"claims": stored, "to_prepare": claims.to_prepare(request.user, year), "year": year},
    )


@access(NOT_FOUND, own_manager=OK, leader=OK, post={"office": FORBIDDEN}, office=OK)
@login_required
@submitted_once
def claim_year(request, slug, number, year):
    """A year's claim: the current version if one is stored, else the claim as it would be
    made now, with the button that stores it for review."""
    programme, municipality = get_claim_year_for_user(request, slug, number)
    current = claims.current_claim(programme, municipality, year)
    if current is not None:
        return redirect("funding:claim_detail", pk=current.pk)
    draft = claims.draft_for(programme, municipality, year)
    error = None
    if request.method == "POST":
        require(permissions.can_handle_claim(request.user, programme, municipality))
        try:
            claim = claims.prepare_claim(programme, municipality, year, by=request.user)
        except ValidationError as e:
            error = e.messages[0]
        else:
            messages.success(request, _("Kravet er laget. Kontroller det og send det inn."))
            return redirect("funding:claim_detail", pk=claim.pk)
    context = {
        "programme": programme,
        "municipality": municipality,
        "year": year,
        "draft": draft,
        "error": error,
        "deadline": claims.audit_deadline(year),
        "can_handle": permissions.can_handle_claim(request.user, programme, municipality)[0],
    }
    return render(request, "funding/claim_year.html", context)


@access(NOT_FOUND, own_manager=OK, leader=OK, office=OK)
@login_required
def claim_detail(request, pk):
    claim = get_claim_for_user(request, pk)
    lines = list(claim.lines.all())
    can_handle = permissions.can_handle_claim(request.user, claim.programme, claim.municipality)[0]
    context = {
        "claim": claim,
        "included": [line for line in lines if not line.excluded_reason],
        "excluded": [line for line in lines if line.excluded_reason],
        "can_handle": can_handle,
        "form": AuditStatementForm(),
        "deadline": claims.audit_deadline(claim.year),
    }
    return render(request, "funding/claim_detail.html", context)


@access(NOT_FOUND, own_manager=OK, leader=OK, method="POST", office=FORBIDDEN)
@require_POST
@login_required
@submitted_once
def claim_submit(request, pk):
    claim = get_claim_for_user(request, pk)
    require(permissions.can_handle_claim(request.user, claim.programme, claim.municipality))
    try:
        claims.submit_claim(claim, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("Kravet %(number)s er sendt inn. Last opp revisorattestasjonen innen %(date)s.")
            % {
                "number": claim.number,
                "date": claims.audit_deadline(claim.year).strftime("%d.%m.%Y"),
            },
        )
    return redirect("funding:claim_detail", pk=claim.pk)


@access(NOT_FOUND, own_manager=OK, leader=OK, method="POST", office=FORBIDDEN)
@require_POST
@login_required
@submitted_once
def claim_new_version(request, pk):
    """A correction: the claim made again from today's data supersedes this version."""
    claim = get_claim_for_user(request, pk)
    require(permissions.can_handle_claim(request.user, claim.programme, claim.municipality))
    if claim.status == NationalClaim.Status.SUPERSEDED:
        messages.error(request, _("Denne versjonen er allerede erstattet."))
        return redirect("funding:claim_detail", pk=claim.superseded_by_id or claim.pk)
    try:
        new = claims.prepare_claim(claim.programme, claim.municipality, claim.year, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("funding:claim_detail", pk=claim.pk)
    messages.success(
        request,
        _("Ny versjon %(number)s er laget og erstatter den forrige.") % {"number": new.number},
    )
    return redirect("funding:claim_detail", pk=new.pk)


@access(NOT_FOUND, own_manager=OK, leader=OK, method="POST", office=FORBIDDEN)
@require_POST
@login_required
@submitted_once
def claim_audit(request, pk):
    """Upload the auditor's statement (revisorattestasjon) for a submitted claim."""
    claim = get_claim_for_user(request, pk)
    require(permissions.can_handle_claim(request.user, claim.programme, claim.municipality))
    form = AuditStatementForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            claims.upload_audit_statement(
                claim, form.cleaned_data["file"], form.cleaned_data["kind"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Revisorattestasjonen er lastet opp. Kravet er ferdig."))
            return redirect("funding:claim_detail", pk=claim.pk)
    lines = list(claim.lines.all())
    context = {
        "claim": claim,
        "included": [line for line in lines if not line.excluded_reason],
        "excluded": [line for line in lines if line.excluded_reason],
        "can_handle": True,
        "form": form,
        "deadline": claims.audit_deadline(claim.year),
    }
    return render(request, "funding/claim_detail.html", context, status=400)


@access(NOT_FOUND, own_manager=OK, leader=OK, office=OK)
@login_required
def claim_audit_file(request, pk):
    claim = get_claim_for_user(request, pk)
    if not claim.audit_file:
        raise Http404
    return serve_stored(request, claim.audit_file, claim.audit_name, claim.audit_type)


@access(NOT_FOUND, own_manager=OK, leader=OK, office=OK)
@login_required
def claim_pdf(request, pk):
    claim = get_claim_for_user(request, pk)
    lines = list(claim.lines.all())
    return pdf_response(
        "funding/claim_pdf.html",
        {
            "claim": claim,
            "included": [line for line in lines if not line.excluded_reason],
            "excluded": [line for line in lines if line.excluded_reason],
            "deadline": claims.audit_deadline(claim.year),
        },
        f"{claim.filename}.pdf",
        language=claim.language,
    )


@access(NOT_FOUND, own_manager=OK, leader=OK, office=OK)
@login_required
def claim_xlsx(request, pk):
    claim = get_claim_for_user(request, pk)
    book = claim_exports.claim_xlsx(claim, list(claim.lines.all()))
    out = BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{claim.filename}.xlsx"'
    return response
