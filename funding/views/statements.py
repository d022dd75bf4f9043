"""Grant statements: the list, one statement and its PDF, and the «Generer årsoppgjør» run
with its progress bar."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access
from alisvest.middleware import background

from .. import credit_notes, payments, runs, services, tasks
from ..forms import CreditNoteForm, GenerateForm
from ..models import GrantStatement, StatementRun
from .common import (
    get_run_for_leader,
    get_statement_for_user,
    led_programmes,
    require_leader,
)

STATEMENTS_PER_PAGE = 50  # 357 municipalities a year: a page of them, not all years at once


@access(OK)
@login_required
def statement_list(request):
    statements = GrantStatement.objects.for_user(request.user).select_related(
        "municipality", "programme"
    )
    year = request.GET.get("ar", "")
    if year.isdigit():
        statements = statements.filter(year=int(year))
    if request.GET.get("alle") != "1":
        statements = statements.current()
    years = (
        GrantStatement.objects.for_user(request.user)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    ordered = statements.order_by("-year", "municipality__name", "-version", "pk")
    page = Paginator(ordered, STATEMENTS_PER_PAGE).get_page(request.GET.get("side"))
    kept = {k: v for k, v in request.GET.items() if k in ("ar", "alle")}
    return render(
        request,
        "funding/statement_list.html",
        {
            "statements": page.object_list,
            "page": page,
            "page_query": urlencode(kept),
            "years": years,
            "year": year,
            "all_versions": request.GET.get("alle") == "1",
            "is_leader": led_programmes(request.user).exists(),
        },
    )


@access(NOT_FOUND, own_manager=OK, leader=OK)
@login_required
def statement_detail(request, pk):
    statement = get_statement_for_user(request, pk)
    return render_statement(request, statement, CreditNoteForm())


def render_statement(request, statement, credit_form):
    """The statement, its history (versions and credit notes), and for the programme's
    project leader the form that credits a current statement."""
    can_credit = credit_notes.can_credit(request.user, statement)[0]
    return render(
        request,
        "funding/statement_detail.html",
        {
            "statement": statement,
            "lines": statement.lines.select_related("placement"),
            "history": statement.history_rows(),
            **payments.statement_facts(statement),
            "credit_form": credit_form if can_credit and statement.status == "issued" else None,
        },
    )


@access(NOT_FOUND, own_manager=OK, leader=OK)
@login_required
def statement_pdf(request, pk):
    statement = get_statement_for_user(request, pk)
    tasks.store_pdf(statement)  # renders it if it was never made or its file is gone
    response = FileResponse(
        statement.pdf.open("rb"),
        as_attachment=True,
        filename=statement.filename,
        content_type="application/pdf",
    )
    return response


@access(FORBIDDEN, leader=OK)
@login_required
def generate(request):
    """First a preview of every statement (amounts, recipients), then «Utsted» with the
    preview's starting point: a second press from the same preview finds the first run."""
    programmes = require_leader(request)
    form = GenerateForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    preview = basis = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ids = list(programmes.values_list("pk", flat=True))
        options = {"programmes": ids, "municipality_number": data["municipality"] or None}
        try:
            if request.POST.get("confirm") == "1":
                run = tasks.start_run(
                    data["year"],
                    by=request.user,
                    basis=request.POST.get("basis", ""),
                    early=form.early_reason,
                    **options,
                )
                return _issued(request, run)
            preview, basis = runs.preview(data["year"], early=form.early_reason, **options)
        except services.NoData as error:
            form.add_error("year", str(error))
    recent = StatementRun.objects.filter(programme__in=programmes).select_related("started_by")
    return render(
        request,
        "funding/generate.html",
        {"form": form, "runs": recent[:10], "preview": preview, "basis": basis},
    )


def _issued(request, run):
    if run.created:
        messages.success(
            request,
            _("%(n)s årsoppgjør for %(year)s er utstedt; PDF-ene lages og sendes nå.")
            % {"n": run.total, "year": run.year},
        )
    else:
        messages.info(
            request,
            _("Årsoppgjørene var allerede utstedt i denne kjøringen. Ingenting er sendt på nytt."),
        )
    return redirect("funding:run", pk=run.pk)


@access(NOT_FOUND, leader=OK)
@login_required
def run_detail(request, pk):
    run = get_run_for_leader(request, pk)
    return render(request, "funding/run.html", {"run": run, "progress": tasks.progress(run)})


@background
@access(NOT_FOUND, leader=OK)
@login_required
def run_progress(request, pk):
    """The progress bar, polled by htmx every second until the group is done."""
    run = get_run_for_leader(request, pk)
    return render(
        request, "funding/partials/progress.html", {"run": run, "progress": tasks.progress(run)}
    )
