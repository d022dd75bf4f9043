"""The manager's pages: placements with their reporting years, and each year's expenses."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access
from alisvest.forms import add_service_errors
from alisvest.idempotency import submitted_once
from alisvest.roles import access_of
from alisvest.uploads import safe_filename, serve_stored

from .. import permissions, reviews, services
from ..forms import ExpenseForm
from ..models import GrantScheme, GrantStatement
from ..selectors import reportable_placements
from .common import (
    get_expense_for_user,
    get_reportable_placement,
    require_leader,
)


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


@access(NOT_FOUND, own_manager=OK, leader=OK, post={})
@login_required
@submitted_once
def expenses(request, pk, year):
    placement = get_reportable_placement(request, pk)
    if not placement.start.year <= year <= placement.end.year:
        return _to_a_year_in_period(request, placement, year)
    if request.method == "POST":
        form = ExpenseForm(request.POST, request.FILES, placement=placement)
        if form.is_valid() and _add_expense(request, form, placement):
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
    lock = services.year_error(placement, year, None)
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
            "can_review": permissions.leads_programme_of(request.user, placement),
        },
    )


def _to_a_year_in_period(request, placement, year):
    """A year outside the placement's period: say so, and go to the nearest year in it."""
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


def _add_expense(request, form, placement):
    """The valid form's expense, saved through the service; False (errors on the form) if
    the service refuses it."""
    try:
        services.add_expense(
            placement,
            by=request.user,
            attachment=form.cleaned_data.get("file"),
            attachment_type=form.cleaned_data.get("attachment_type", ""),
            **{k: form.cleaned_data[k] for k in ("year", "category", "amount", "description")},
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


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
            add_service_errors(form, error)
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
    return serve_stored(
        request,
        expense.attachment,
        expense.attachment_name,
        expense.attachment_type or "application/octet-stream",
    )


@access(FORBIDDEN, leader=OK)
@login_required
def expense_review(request):
    """The leader's list of submitted expenses, each to approve or return."""
    programmes = require_leader(request)
    return render(
        request,
        "funding/expense_review.html",
        {"entries": reviews.to_review(programmes)[:200]},
    )


@access(NOT_FOUND, own_manager=FORBIDDEN, leader=OK, method="POST")
@login_required
@require_POST
def expense_approve(request, pk):
    expense = get_expense_for_user(request, pk)
    try:
        reviews.approve_expense(expense, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Utgiften er godkjent."))
    return _back(request, expense)


@access(NOT_FOUND, own_manager=FORBIDDEN, leader=OK, method="POST")
@login_required
@require_POST
def expense_return(request, pk):
    expense = get_expense_for_user(request, pk)
    try:
        reviews.return_expense(expense, by=request.user, comment=request.POST.get("comment", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Utgiften er returnert til helselederen med kommentar."))
    return _back(request, expense)


def _back(request, expense):
    if request.POST.get("next") == "review":
        return redirect("funding:expense_review")
    return redirect("funding:expenses", pk=expense.placement_id, year=expense.year)
