import csv
from collections import defaultdict
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, Max, Min, OuterRef, Q, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access
from placements.models import Municipality, Placement

from . import permissions, services
from .forms import (
    ComplianceFilterForm,
    DisputeForm,
    MeetingForm,
    ResolveForm,
    SessionForm,
    SessionFormSet,
)
from .models import GROUP_REQUIREMENT_HOURS, MonthlyCheck, SupervisionGroup, SupervisionSession
from .months import month_bounds


def get_placement_for_user(request, pk):
    return get_object_or_404(
        Placement.objects.for_user(request.user).select_related(
            "doctor", "municipality", "programme"
        ),
        pk=pk,
    )


def get_session_for_user(request, pk):
    return get_object_or_404(
        SupervisionSession.objects.for_user(request.user).select_related(
            "placement__doctor", "placement__municipality", "placement__programme", "supervisor"
        ),
        pk=pk,
    )


def get_group_for_user(request, pk):
    return get_object_or_404(
        SupervisionGroup.objects.for_user(request.user).select_related("leader", "programme"),
        pk=pk,
    )


def _check(result):
    allowed, reason = result
    if not allowed:
        raise PermissionDenied(reason)


@access(OK)
@login_required
def home(request):
    """The user's placements with this month's logged minutes, and sessions awaiting the
    ALIS's confirmation."""
    today = timezone.localdate()
    first, last = month_bounds(today)
    placements = (
        Placement.objects.for_user(request.user)
        .active()
        .select_related("doctor", "municipality", "programme")
        .annotate(
            month_minutes=Sum(
                "supervision_sessions__minutes",
                filter=Q(
                    supervision_sessions__date__gte=first,
                    supervision_sessions__kind=SupervisionSession.Kind.INDIVIDUAL,
                )
                & ~Q(supervision_sessions__status=SupervisionSession.Status.DISPUTED),
            )
        )
        .order_by("doctor__name")
    )
    awaiting = (
        SupervisionSession.objects.filter(
            placement__doctor__user=request.user, status=SupervisionSession.Status.LOGGED
        )
        .select_related("supervisor")
        .order_by("date")
    )
    page = Paginator(placements, 100).get_page(request.GET.get("side"))
    return render(
        request,
        "supervision/home.html",
        {"placements": page, "page": page, "awaiting": awaiting, "today": today},
    )


@access(NOT_FOUND, alis=OK, own_manager=OK, steering=OK, leader=OK)
@login_required
def placement_sessions(request, pk):
    placement = get_placement_for_user(request, pk)
    sessions = placement.supervision_sessions.select_related("supervisor").order_by("-date", "-pk")
    months = defaultdict(list)
    for session in sessions:
        session.can_change = permissions.can_change(request.user, session)[0]
        months[session.date.replace(day=1)].append(session)
    checks = {c.month: c for c in placement.monthly_checks.all()}
    by_month = [
        {
            "month": month,
            "sessions": rows,
            "counted": sum(s.minutes for s in rows if s.counts),
            "check": checks.get(month),
        }
        for month, rows in months.items()
    ]
    can_log, _reason = permissions.can_log(request.user, placement)
    return render(
        request,
        "supervision/placement.html",
        {
            "placement": placement,
            "by_month": by_month,
            "can_log": can_log,
            "is_alis": placement.doctor.user_id == request.user.pk,
            "required": placement.programme.monthly_supervision_minutes,
        },
    )


@access(NOT_FOUND, alis=FORBIDDEN, own_manager=FORBIDDEN, steering=FORBIDDEN, leader=OK, post={})
@login_required
def session_create(request, pk):
    placement = get_placement_for_user(request, pk)
    _check(permissions.can_log(request.user, placement))
    form = SessionForm(request.POST or None, placement=placement, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.log_session(placement, by=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Veiledningen er registrert. %(name)s blir bedt om å bekrefte den.")
            % {"name": placement.doctor.name},
        )
        return redirect("supervision:placement", pk=placement.pk)
    return render(request, "supervision/session_form.html", {"form": form, "placement": placement})


@access(NOT_FOUND, alis=FORBIDDEN, own_manager=FORBIDDEN, steering=FORBIDDEN, leader=OK, post={})
@login_required
def session_batch(request, pk):
    """Several sessions at once, e.g. a month from the supervisor's own notes."""
    placement = get_placement_for_user(request, pk)
    _check(permissions.can_log(request.user, placement))
    formset = SessionFormSet(request.POST or None, placement=placement, user=request.user)
    if request.method == "POST" and formset.is_valid():
        filled = [f.cleaned_data for f in formset if f.cleaned_data]
        for data in filled:
            services.log_session(placement, by=request.user, **data)
        messages.success(request, _("%(n)s veiledningstimer er registrert.") % {"n": len(filled)})
        return redirect("supervision:placement", pk=placement.pk)
    return render(
        request, "supervision/session_batch.html", {"formset": formset, "placement": placement}
    )


@access(NOT_FOUND, alis=FORBIDDEN, own_manager=FORBIDDEN, steering=FORBIDDEN, leader=OK, post={})
@login_required
def session_edit(request, pk):
    session = get_session_for_user(request, pk)
    _check(permissions.can_change(request.user, session))
    form = SessionForm(
        request.POST or None, instance=session, placement=session.placement, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        services.update_session(session, by=request.user)
        messages.success(request, _("Endringene er lagret."))
        return redirect("supervision:placement", pk=session.placement_id)
    history = session.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request,
        "supervision/session_form.html",
        {"form": form, "placement": session.placement, "session": session, "history": history},
    )


@access(
    NOT_FOUND, alis=FORBIDDEN, own_manager=FORBIDDEN, steering=FORBIDDEN, leader=OK, method="POST"
)
@login_required
@require_POST
def session_delete(request, pk):
    session = get_session_for_user(request, pk)
    placement_id = session.placement_id
    services.delete_session(session, by=request.user)
    messages.success(request, _("Veiledningstimen er slettet."))
    return redirect("supervision:placement", pk=placement_id)


@access(
    NOT_FOUND, alis=OK, own_manager=FORBIDDEN, steering=FORBIDDEN, leader=FORBIDDEN, method="POST"
)
@login_required
@require_POST
def session_confirm(request, pk):
    session = get_session_for_user(request, pk)
    services.confirm_session(session, by=request.user)
    messages.success(request, _("Takk! Timen er bekreftet."))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("supervision:home")
    return redirect(next_url)


@access(NOT_FOUND, alis=OK, own_manager=FORBIDDEN, steering=FORBIDDEN, leader=FORBIDDEN, post={})
@login_required
def session_dispute(request, pk):
    session = get_session_for_user(request, pk)
    _check(permissions.can_dispute(request.user, session))
    form = DisputeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.dispute_session(session, by=request.user, comment=form.cleaned_data["comment"])
        messages.warning(
            request,
            _("Timen er bestridt og teller ikke før veileder eller prosjektleder har avklart den."),
        )
        return redirect("supervision:placement", pk=session.placement_id)
    return render(
        request,
        "supervision/session_respond.html",
        {"form": form, "session": session, "title": _("Bestrid veiledningstime")},
    )


# The graph's session is not disputed, so even the leader may not resolve it.
@access(NOT_FOUND, alis=FORBIDDEN, own_manager=FORBIDDEN, steering=FORBIDDEN, leader=FORBIDDEN)
@login_required
def session_resolve(request, pk):
    session = get_session_for_user(request, pk)
    _check(permissions.can_resolve(request.user, session))
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.resolve_session(session, by=request.user, note=form.cleaned_data["note"])
        messages.success(request, _("Timen er avklart og teller igjen."))
        return redirect("supervision:placement", pk=session.placement_id)
    return render(
        request,
        "supervision/session_respond.html",
        {"form": form, "session": session, "title": _("Avklar bestridt time")},
    )


# --- Compliance -------------------------------------------------------------------------

STATUS_COLOURS = {
    MonthlyCheck.Status.OK: "#1a7f37",
    MonthlyCheck.Status.DEFICIT: "#c01b1b",
    MonthlyCheck.Status.EXEMPT: "#9aa4b1",
}


@access(OK)
@login_required
def compliance(request):
    """Heat map placements × months (ok / deficit / exempt) with a rolling 12-month total
    per ALIS. Managers and project leaders see their scope, a supervisor or ALIS their own
    rows; `?format=csv` exports the same rows."""
    checks = MonthlyCheck.objects.for_user(request.user)
    today = timezone.localdate()
    # First and last checked month in one aggregate, not a DISTINCT over every row.
    bounds = checks.aggregate(first=Min("month"), last=Max("month"))
    years = {today.year}
    if bounds["first"]:
        years |= set(range(bounds["first"].year, bounds["last"].year + 1))
    years = sorted(years, reverse=True)
    municipalities = Municipality.objects.filter(
        pk__in=checks.values("placement__municipality")
    ).order_by("name")
    form = ComplianceFilterForm(request.GET or None, municipalities=municipalities, years=years)
    year = today.year
    if form.is_valid():
        year = form.cleaned_data["ar"] or year
        if form.cleaned_data["kommune"]:
            checks = checks.filter(placement__municipality__number=form.cleaned_data["kommune"])
    if request.GET.get("format") in EXPORTS:
        return _compliance_export(checks.filter(month__year=year), year, request.GET["format"])

    # Scope once, then an index probe per placement (EXISTS on placement, month), rather
    # than the scope again inside an IN (...) per row (EXPLAIN: 30 000 buffer hits).
    in_year = MonthlyCheck.objects.filter(
        placement=OuterRef("pk"), month__gte=date(year, 1, 1), month__lte=date(year, 12, 1)
    )
    placements = Placement.objects.for_user(request.user).filter(Exists(in_year))
    if form.is_valid() and form.cleaned_data["kommune"]:
        placements = placements.filter(municipality__number=form.cleaned_data["kommune"])
    placements = placements.select_related("doctor", "municipality").order_by(
        "municipality__name", "doctor__name"
    )
    page = Paginator(placements, 100).get_page(request.GET.get("side"))
    ids = [p.pk for p in page]
    cells = defaultdict(dict)
    # The ids come from the scoped query above.
    for check in MonthlyCheck.objects.filter(
        placement__in=ids, month__gte=date(year, 1, 1), month__lte=date(year, 12, 1)
    ):
        cells[check.placement_id][check.month.month] = check
    # Rolling 12 months ending with December of the year shown, or this month if sooner.
    end = min(date(year, 12, 1), today.replace(day=1))
    months_back = end.year * 12 + end.month - 1 - 11
    start = date(months_back // 12, months_back % 12 + 1, 1)
    rolling = {
        row["placement"]: row
        for row in MonthlyCheck.objects.filter(placement__in=ids, month__gte=start, month__lte=end)
        .values("placement")
        .annotate(logged=Sum("logged_minutes"), required=Sum("required_minutes"))
    }
    # Translated and escaped once, not per cell.
    labels = {
        key: escape(str(label))
        for key, label in {
            **dict(MonthlyCheck.Status.choices),
            "late": _("rettet etter kontrollen"),
        }.items()
    }
    empty = '<td class="num"><span class="muted">·</span></td>'
    rows = []
    for placement in page:
        row_cells = cells[placement.pk]
        # The row's twelve cells as one string: 1 200 cells through a template loop cost
        # more than the queries.
        cells_html = mark_safe(  # noqa: S308
            "".join(
                f'<td class="num">{_cell_svg(check, labels)}</td>' if check else empty
                for check in (row_cells.get(month) for month in range(1, 13))
            )
        )
        rows.append(
            {"placement": placement, "cells_html": cells_html, "rolling": rolling.get(placement.pk)}
        )
    return render(
        request,
        "supervision/compliance.html",
        {
            "form": form,
            "rows": rows,
            "page": page,
            "year": year,
            "months": [date(year, m, 1) for m in range(1, 13)],
            "rolling_start": start,
            "rolling_end": end,
            "colours": STATUS_COLOURS,
            "query": request.GET.urlencode(),
        },
    )


def _cell_svg(check, labels):
    """One heat-map cell, built here: 1 200 cells through template lookups (and
    get_status_display rebuilding the choices each call), or even format_html escaping
    every argument, cost more than the queries. labels are escaped by the caller; the
    minutes are integers and the colour comes from STATUS_COLOURS."""
    label = labels.get(check.status) or escape(check.status)
    logged, required = int(check.logged_minutes), int(check.required_minutes)
    late, dot = "", ""
    if check.corrected_late:
        late = f" ({labels['late']})"
        dot = '<circle cx="14" cy="14" r="5" fill="#ffffff"/>'
    colour = STATUS_COLOURS.get(check.status, "#ffffff")
    return mark_safe(  # noqa: S308
        f'<svg width="28" height="28" role="img" aria-label="{label}: {logged}/{required} min">'
        f"<title>{label}: {logged} / {required} min{late}</title>"
        f'<rect width="28" height="28" rx="3" fill="{colour}"/>{dot}</svg>'
    )


EXPORT_COLUMNS = [
    "placement_id",
    "doctor",
    "municipality_number",
    "month",
    "eligible_days",
    "required_minutes",
    "logged_minutes",
    "status",
]
EXPORTS = {"csv", "xlsx"}


def _export_rows(checks):
    rows = checks.order_by("placement__doctor__name", "month").values_list(
        "placement_id",
        "placement__doctor__name",
        "placement__municipality__number",
        "month",
        "eligible_days",
        "required_minutes",
        "logged_minutes",
        "status",
    )
    for row in rows.iterator(chunk_size=2000):
        yield [*row[:3], row[3].strftime("%Y-%m"), *row[4:]]


def _compliance_export(checks, year, kind):
    """The same rows as CSV (semicolons, UTF-8 with BOM for Excel) or XLSX."""
    filename = f"veiledning-{year}.{kind}"
    if kind == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(str(year))
        sheet.append(EXPORT_COLUMNS)
        for row in _export_rows(checks):
            sheet.append(row)
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        workbook.save(response)
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows(_export_rows(checks))
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Group supervision ------------------------------------------------------------------


@access(OK)
@login_required
def group_list(request):
    groups = SupervisionGroup.objects.for_user(request.user).select_related("leader", "programme")
    return render(request, "supervision/group_list.html", {"groups": groups})


@access(NOT_FOUND, alis=OK, own_manager=OK, steering=OK, leader=OK)
@login_required
def group_detail(request, pk):
    group = get_group_for_user(request, pk)
    visible = Placement.objects.for_user(request.user).values("pk")
    memberships = (
        group.memberships.filter(placement__in=visible)
        .select_related("placement__doctor")
        .order_by("placement__doctor__name")
    )
    totals = services.group_totals([m.placement_id for m in memberships])
    meetings = group.meetings.prefetch_related("attendance").order_by("date")
    attended = defaultdict(set)
    for meeting in meetings:
        for row in meeting.attendance.all():
            attended[meeting.pk].add(row.membership_id)
    members = [
        {
            "membership": m,
            "hours": totals.get(m.placement_id) or 0,
            "percent": min(
                100, round((totals.get(m.placement_id) or 0) * 100 / GROUP_REQUIREMENT_HOURS)
            ),
        }
        for m in memberships
    ]
    can_manage, _reason = permissions.can_manage_group(request.user, group)
    return render(
        request,
        "supervision/group_detail.html",
        {
            "group": group,
            "members": members,
            "meetings": [
                {"meeting": m, "present": [x["membership"].pk in attended[m.pk] for x in members]}
                for m in meetings
            ],
            "requirement": GROUP_REQUIREMENT_HOURS,
            "can_manage": can_manage,
        },
    )


@access(NOT_FOUND, alis=FORBIDDEN, own_manager=FORBIDDEN, steering=FORBIDDEN, leader=OK, post={})
@login_required
def meeting_create(request, pk):
    group = get_group_for_user(request, pk)
    _check(permissions.can_manage_group(request.user, group))
    form = MeetingForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_meeting(group, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("Gruppemøtet er registrert."))
            return redirect("supervision:group_detail", pk=group.pk)
    return render(request, "supervision/meeting_form.html", {"form": form, "group": group})
