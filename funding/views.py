"""Økonomi: expense pages for managers, schemes and statements for project leaders, the
«Generer årsoppgjør» run with its progress bar, and the finance overview."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access
from alisvest.roles import access_of
from alisvest.uploads import attachment_response, safe_filename
from placements.models import Placement, Programme

from . import charts, permissions, services, tasks
from .forms import ExpenseForm, GenerateForm, GrantSchemeForm, MonthlyRateFormSet
from .models import Expense, GrantScheme, GrantStatement, StatementRun


def get_placement_for_user(request, pk):
    return get_object_or_404(
        reportable_placements(request.user).select_related("doctor", "municipality", "programme"),
        pk=pk,
    )


def get_expense_for_user(request, pk):
    return get_object_or_404(
        Expense.objects.for_user(request.user).select_related(
            "placement__doctor", "placement__municipality", "placement__programme"
        ),
        pk=pk,
    )


def get_statement_for_user(request, pk):
    return get_object_or_404(
        GrantStatement.objects.for_user(request.user).select_related(
            "municipality", "programme", "scheme", "superseded_by", "supersedes"
        ),
        pk=pk,
    )


def get_scheme_for_leader(request, pk):
    scheme = get_object_or_404(
        GrantScheme.objects.for_user(request.user).select_related("programme"), pk=pk
    )
    if not permissions.can_edit_scheme(request.user, scheme.programme)[0]:
        raise PermissionDenied(_("Bare prosjektleder kan endre tilskuddsordninger."))
    return scheme


def led_programmes(user):
    access = access_of(user)
    if access.superuser:
        return Programme.objects.all()
    return Programme.objects.filter(pk__in=access.led_programmes)


def _require_leader(request):
    programmes = led_programmes(request.user)
    if not programmes.exists():
        raise PermissionDenied(_("Bare prosjektleder har tilgang til denne siden."))
    return programmes


@access(OK)
@login_required
def home(request):
    """The manager's placements with their reporting years; links for project leaders."""
    access = access_of(request.user)
    placements = (
        reportable_placements(request.user)
        .select_related("doctor", "municipality")
        .annotate(expense_count=Count("expenses"), expense_total=Sum("expenses__amount"))
        .order_by("municipality__name", "doctor__name")
    )
    this_year = timezone.localdate().year
    rows = []
    for placement in placements[:500]:
        last = min(placement.end.year, this_year)
        years = list(range(max(placement.start.year, last - 2), last + 1))
        rows.append({"placement": placement, "years": reversed(years)})
    statements = (
        GrantStatement.objects.for_user(request.user)
        .current()
        .select_related("municipality")
        .order_by("-year", "municipality__name")[:10]
    )
    return render(
        request,
        "funding/home.html",
        {
            "rows": rows,
            "statements": statements,
            "is_leader": bool(access.led_programmes) or access.superuser,
        },
    )


def reportable_placements(user):
    """Placements whose expenses the user reports: a manager's own, a leader's programmes."""
    from placements.models import Municipality

    access = access_of(user)
    placements = Placement.objects.for_user(user)
    if access.superuser:
        return placements
    scope = Q(programme__in=access.led_programmes)
    if access.managed_municipalities:
        scope |= Q(municipality__in=Municipality.objects.lineage_of(access.managed_municipalities))
    return placements.filter(scope)


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for e in errors:
                form.add_error(name if name in form.fields else None, e)
    else:
        form.add_error(None, error)


# --- Expenses ---------------------------------------------------------------------------


@access(NOT_FOUND, own_manager=OK, leader=OK, post={})
@login_required
def expenses(request, pk, year):
    placement = get_placement_for_user(request, pk)
    if not placement.start.year <= year <= placement.end.year:
        messages.error(
            request,
            _("Stillingen varer fra %(start)s til %(end)s: velg et år i perioden.")
            % {
                "start": placement.start.strftime("%d.%m.%Y"),
                "end": placement.end.strftime("%d.%m.%Y"),
            },
        )
        year = min(max(year, placement.start.year), placement.end.year)
        return redirect("funding:expenses", pk=placement.pk, year=year)
    if request.method == "POST":
        form = ExpenseForm(request.POST, request.FILES, placement=placement)
        if form.is_valid():
            try:
                services.add_expense(
                    placement,
                    by=request.user,
                    attachment=form.cleaned_data.get("file"),
                    attachment_type=form.cleaned_data.get("attachment_type", ""),
                    **{
                        k: form.cleaned_data[k]
                        for k in ("year", "category", "amount", "description")
                    },
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Utgiften er registrert."))
                return redirect("funding:expenses", pk=placement.pk, year=form.cleaned_data["year"])
    else:
        form = ExpenseForm(placement=placement, initial={"year": year})
    entries = placement.expenses.filter(year=year).order_by("category", "pk")
    total = sum(e.amount for e in entries)
    by_category = defaultdict(int)
    for entry in entries:
        by_category[entry.get_category_display()] += entry.amount
    scheme = GrantScheme.objects.filter(programme=placement.programme_id).valid_in(year).first()
    lock = services.lock_error(placement, year, None)
    return render(
        request,
        "funding/expenses.html",
        {
            "placement": placement,
            "year": year,
            "years": range(placement.start.year, placement.end.year + 1),
            "entries": entries,
            "total": total,
            "by_category": dict(by_category),
            "form": form,
            "scheme": scheme,
            "deadline": scheme.deadline_for(year) if scheme else None,
            "late": scheme is not None and timezone.localdate() > scheme.deadline_for(year),
            "lock": lock,
            "can_edit": lock is None or permissions.leads_programme_of(request.user, placement),
        },
    )


@access(NOT_FOUND, own_manager=OK, leader=OK, method="POST")
@login_required
def expense_edit(request, pk):
    expense = get_expense_for_user(request, pk)
    placement = expense.placement
    # The form validates its own copy (validation changes the instance): the service must
    # see the stored year to check that year's lock too.
    form = ExpenseForm(
        request.POST or None,
        request.FILES or None,
        instance=get_expense_for_user(request, pk),
        placement=placement,
    )
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ("year", "category", "amount", "description")}
        upload = form.cleaned_data.get("file")
        if upload:
            fields |= {
                "attachment": upload,
                "attachment_name": safe_filename(upload.name, form.cleaned_data["attachment_type"]),
                "attachment_type": form.cleaned_data["attachment_type"],
            }
        try:
            services.update_expense(expense, by=request.user, **fields)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Utgiften er endret."))
            return redirect("funding:expenses", pk=placement.pk, year=expense.year)
    return render(
        request,
        "funding/expense_form.html",
        {"form": form, "expense": expense, "placement": placement},
    )


@access(NOT_FOUND, own_manager=OK, leader=OK, method="POST")
@login_required
@require_POST
def expense_delete(request, pk):
    expense = get_expense_for_user(request, pk)
    placement, year = expense.placement, expense.year
    try:
        services.delete_expense(expense, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Utgiften er slettet."))
    return redirect("funding:expenses", pk=placement.pk, year=year)


@access(NOT_FOUND)  # the graph's expense has no receipt attached
@login_required
def expense_attachment(request, pk):
    expense = get_expense_for_user(request, pk)
    if not expense.attachment:
        raise Http404
    return attachment_response(
        expense.attachment.open("rb"),
        expense.attachment_name,
        expense.attachment_type or "application/octet-stream",
    )


# --- Schemes ----------------------------------------------------------------------------


@access(OK)
@login_required
def scheme_list(request):
    schemes = (
        GrantScheme.objects.for_user(request.user)
        .select_related("programme")
        .prefetch_related("monthly_rates")
    )
    return render(
        request,
        "funding/scheme_list.html",
        {"schemes": schemes, "programmes": led_programmes(request.user)},
    )


@access(FORBIDDEN, leader=OK, post={})
@login_required
def scheme_edit(request, pk=None):
    programmes = _require_leader(request)
    if pk is None:
        programme = (
            get_object_or_404(programmes, pk=request.GET.get("program") or 0)
            if (request.GET.get("program", "").isdigit())
            else programmes.first()
        )
        scheme = GrantScheme(programme=programme)
    else:
        scheme = get_scheme_for_leader(request, pk)
    form = GrantSchemeForm(request.POST or None, instance=scheme)
    rates = MonthlyRateFormSet(request.POST or None, instance=scheme)
    if request.method == "POST" and form.is_valid() and rates.is_valid():
        scheme = form.save()
        rates.instance = scheme
        rates.save()
        messages.success(request, _("Tilskuddsordningen er lagret."))
        return redirect("funding:scheme_list")
    history = scheme.history.select_related("history_user")[:20] if scheme.pk else []
    return render(
        request,
        "funding/scheme_form.html",
        {"form": form, "rates": rates, "scheme": scheme, "history": history},
    )


# --- Statements -------------------------------------------------------------------------


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
    return render(
        request,
        "funding/statement_list.html",
        {
            "statements": statements.order_by("-year", "municipality__name", "-version")[:1000],
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
    return render(
        request,
        "funding/statement_detail.html",
        {"statement": statement, "lines": statement.lines.select_related("placement")},
    )


@access(NOT_FOUND, own_manager=OK, leader=OK)
@login_required
def statement_pdf(request, pk):
    statement = get_statement_for_user(request, pk)
    if not statement.pdf:
        tasks.store_pdf(statement)
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
    programmes = _require_leader(request)
    form = GenerateForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        try:
            run = tasks.start_run(
                year,
                by=request.user,
                programmes=list(programmes.values_list("pk", flat=True)),
                municipality_number=form.cleaned_data["municipality"] or None,
            )
        except services.NoData as error:
            form.add_error("year", str(error))
        else:
            messages.success(
                request,
                _("%(n)s årsoppgjør for %(year)s er utstedt; PDF-ene lages og sendes nå.")
                % {"n": run.total, "year": year},
            )
            return redirect("funding:run", pk=run.pk)
    runs = StatementRun.objects.filter(programme__in=programmes).select_related("started_by")[:10]
    return render(request, "funding/generate.html", {"form": form, "runs": runs})


def get_run_for_leader(request, pk):
    """A run is seen by its programme's leaders only: 404 for everyone else."""
    runs = StatementRun.objects.filter(programme__in=led_programmes(request.user))
    return get_object_or_404(runs, pk=pk)


@access(NOT_FOUND, leader=OK)
@login_required
def run_detail(request, pk):
    run = get_run_for_leader(request, pk)
    return render(request, "funding/run.html", {"run": run, "progress": tasks.progress(run)})


@access(NOT_FOUND, leader=OK)
@login_required
def run_progress(request, pk):
    """The progress bar, polled by htmx every second until the group is done."""
    run = get_run_for_leader(request, pk)
    return render(
        request, "funding/partials/progress.html", {"run": run, "progress": tasks.progress(run)}
    )


# --- Finance overview -------------------------------------------------------------------


def overview_data(user, year):
    programmes = led_programmes(user)
    statements = GrantStatement.objects.current().filter(programme__in=programmes)
    rows = list(
        statements.filter(year=year)
        .values("municipality__number", "municipality__name")
        .annotate(
            grant=Sum("total_grant"),
            own_share=Sum("total_own_share"),
            net=Sum("net"),
            statements=Count("pk"),
        )
        .order_by("municipality__name")
    )
    totals = statements.filter(year=year).aggregate(
        grant=Sum("total_grant"), own_share=Sum("total_own_share"), net=Sum("net")
    )
    granted_so_far = statements.aggregate(total=Sum("total_grant"))["total"] or 0
    budget = (
        GrantScheme.objects.filter(programme__in=programmes).aggregate(total=Sum("budget"))["total"]
        or 0
    )
    by_year = list(statements.values("year").annotate(grant=Sum("total_grant")).order_by("year"))
    return {
        "rows": rows,
        "totals": totals,
        "granted_so_far": granted_so_far,
        "budget": budget,
        "remaining": budget - granted_so_far,
        "by_year": by_year,
    }


@access(FORBIDDEN, leader=OK)
@login_required
def overview(request):
    _require_leader(request)
    years = list(
        GrantStatement.objects.filter(programme__in=led_programmes(request.user))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    chosen = request.GET.get("ar", "")
    year = int(chosen) if chosen.isdigit() else (years[0] if years else timezone.localdate().year)
    data = overview_data(request.user, year)
    return render(
        request,
        "funding/overview.html",
        data
        | {
            "year": year,
            "years": years,
            "chart": charts.municipality_bars(data["rows"]),
            "budget_chart": charts.budget_bar(data["budget"], data["granted_so_far"]),
        },
    )


@access(FORBIDDEN, leader=OK)
@login_required
def overview_xlsx(request):
    from openpyxl import Workbook

    _require_leader(request)
    chosen = request.GET.get("ar", "")
    year = int(chosen) if chosen.isdigit() else timezone.localdate().year - 1
    data = overview_data(request.user, year)
    book = Workbook()
    sheet = book.active
    sheet.title = str(year)
    sheet.append(
        [
            _("Kommunenummer"),
            _("Kommune"),
            _("Oppgjør"),
            _("Tilskudd (kr)"),
            _("Egenandel (kr)"),
            _("Netto (kr)"),
        ]
    )
    for row in data["rows"]:
        sheet.append(
            [
                row["municipality__number"],
                row["municipality__name"],
                row["statements"],
                row["grant"],
                row["own_share"],
                row["net"],
            ]
        )
    totals = data["totals"]
    sheet.append(
        [_("Sum"), "", "", totals["grant"] or 0, totals["own_share"] or 0, totals["net"] or 0]
    )
    sheet.append([])
    sheet.append([_("Budsjett (kr)"), "", "", float(data["budget"])])
    sheet.append([_("Innvilget hittil (kr)"), "", "", data["granted_so_far"]])
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="okonomi-{year}.xlsx"'
    book.save(response)
    return response
