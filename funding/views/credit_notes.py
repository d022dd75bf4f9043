"""Credit notes: the project leader cancels a statement with a reason; the note is a page of
its own and a PDF, e-mailed to the municipality like the statement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access, require
from alisvest.forms import add_service_errors

from .. import credit_note_tasks, credit_notes
from ..forms import CreditNoteForm
from ..models import CreditNote
from .common import get_statement_for_user
from .statements import render_statement


def get_credit_note_for_user(request, pk):
    return get_object_or_404(
        CreditNote.objects.for_user(request.user).select_related(
            "programme", "statement__municipality", "statement__programme", "issued_by"
        ),
        pk=pk,
    )


@access(NOT_FOUND, own_manager=FORBIDDEN, leader=OK, method="POST")
@login_required
@require_POST
def statement_credit(request, pk):
    statement = get_statement_for_user(request, pk)
    require(credit_notes.can_credit(request.user, statement))
    form = CreditNoteForm(request.POST)
    if form.is_valid():
        try:
            note = credit_notes.credit(
                statement, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            credit_note_tasks.dispatch(note)
            messages.success(
                request,
                _("Kreditnota %(n)s er utstedt og sendes. Utgiftene for %(y)s er åpnet igjen.")
                % {"n": note.number, "y": note.year},
            )
            return redirect("funding:credit_note_detail", pk=note.pk)
    return render_statement(request, statement, form)


@access(NOT_FOUND, own_manager=OK, leader=OK)
@login_required
def credit_note_detail(request, pk):
    note = get_credit_note_for_user(request, pk)
    return render(
        request,
        "funding/credit_note_detail.html",
        {"note": note, "statement": note.statement, "history": note.statement.history_rows()},
    )


@access(NOT_FOUND, own_manager=OK, leader=OK)
@login_required
def credit_note_pdf(request, pk):
    note = credit_note_tasks.store_pdf(get_credit_note_for_user(request, pk))
    return FileResponse(
        note.pdf.open("rb"),
        as_attachment=True,
        filename=note.filename,
        content_type="application/pdf",
    )
