"""Settlements followed up: the list of open, overdue and paid settlements (project
leaders; the steering group reads it), one settlement with its expenses by category and the
form to record its payment, the bank file import, and the ledger CSV of an issued batch."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access, require
from alisvest.forms import add_service_errors
from alisvest.idempotency import submitted_once
from alisvest.roles import access_of

from .. import ledger, payments
from ..forms import BankFileForm, PaymentForm
from ..models import GrantStatement, StatementRun
from .common import get_run_for_leader, get_statement_for_user, require_leader
from .overview import staff_programmes

STATUSES = (payments.Status.OPEN, payments.Status.OVERDUE, payments.Status.PAID)


@access(FORBIDDEN, leader=OK, steering=OK)
@login_required
def payment_list(request):
    programmes = staff_programmes(request)
    rows = payments.settlements(GrantStatement.objects.filter(programme__in=programmes))
    chosen = request.GET.get("status", "")
    shown = [r for r in rows if r.status == chosen] if chosen in STATUSES else rows
    is_leader = bool(access_of(request.user).led_programmes) or request.user.is_superuser
    return render(
        request,
        "funding/payments.html",
        {
            "rows": shown[:500],
            "totals": payments.open_totals(rows),
            "status": chosen,
            "statuses": [(s, payments.Status.LABELS[s]) for s in STATUSES],
            "is_leader": is_leader,
            "bank_form": BankFileForm(),
            "runs": StatementRun.objects.filter(programme__in=programmes)[:10] if is_leader else [],
        },
    )


@access(NOT_FOUND, own_manager=OK, leader=OK, post={"own_manager": FORBIDDEN})
@login_required
@submitted_once
def settlement(request, pk):
    statement = get_statement_for_user(request, pk)
    can_record = payments.can_record_payment(request.user, statement)
    form = PaymentForm(request.POST or None)
    if request.method == "POST":
        require(can_record)
        if form.is_valid() and _record(request, form, statement):
            messages.success(request, _("Betalingen er registrert."))
            return redirect("funding:payments")
    [row] = payments.settlements(GrantStatement.objects.filter(pk=statement.pk)) or [None]
    return render(
        request,
        "funding/settlement.html",
        {
            "statement": statement,
            "row": row,
            "form": form if can_record[0] else None,
            "by_category": payments.expenses_by_category(statement),
        },
        status=400 if form.errors else 200,
    )


def _record(request, form, statement):
    try:
        payments.record_payment(statement, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


@access(FORBIDDEN, leader=OK, method="POST")
@login_required
@require_POST
def bank_import(request):
    programmes = require_leader(request)
    form = BankFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Velg bankfilen (CSV) som skal leses inn."))
        return redirect("funding:payments")
    try:
        result = payments.import_bank_csv(
            form.cleaned_data["file"].read(), by=request.user, programmes=programmes
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("funding:payments")
    messages.success(
        request, _("%(n)s betalinger er registrert fra bankfilen.") % {"n": len(result.recorded)}
    )
    for line, reason in result.skipped:
        messages.warning(
            request, _("Linje %(line)s: %(reason)s.") % {"line": line, "reason": reason}
        )
    return redirect("funding:payments")


@access(NOT_FOUND, leader=OK)
@login_required
def ledger_export(request, pk):
    run = get_run_for_leader(request, pk)
    response = HttpResponse(
        ledger.ledger_csv(run.statements.all()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="hovedbok-{run.year}-{run.pk}.csv"'
    return response
