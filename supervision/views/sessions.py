"""The supervisor's and the ALIS's pages: sessions logged, confirmed, disputed, resolved."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access, require
from alisvest.idempotency import submitted_once
from placements.models import Placement

from .. import permissions, record, services
from ..forms import DisputeForm, ResolveForm, SessionForm, SessionFormSet
from ..models import SupervisionSession
from ..months import month_bounds
from ..requirement import month_requirements, with_month_requirement
from .common import get_placement_with_programme, get_session_for_user


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
    # The ALIS reads the minutes with the session they confirm (their own: in scope).
    awaiting = (
        SupervisionSession.objects.filter(
            placement__doctor__user=request.user, status=SupervisionSession.Status.LOGGED
        )
        .select_related("supervisor", "record")
        .prefetch_related("record__objectives")
        .order_by("date")
    )
    page = Paginator(placements, 100).get_page(request.GET.get("side"))
    return render(
        request,
        "supervision/home.html",
        {
            "required_placements": with_month_requirement(page, today),
            "page": page,
            "awaiting": awaiting,
            "today": today,
        },
    )


@access(NOT_FOUND, alis=OK, own_manager=OK, steering=OK, leader=OK, office=OK)
@login_required
def placement_sessions(request, pk):
    placement = get_placement_with_programme(request, pk)
    sessions = placement.supervision_sessions.select_related("supervisor").order_by("-date", "-pk")
    # Minutes only for the ALIS, the supervisors and the project leaders; the health
    # manager, the steering group and the regional office see the hours without them.
    # (The supervisor check is asked once, for the minutes and for logging.)
    supervising = permissions.supervises(request.user, placement)
    leads = permissions.leads_programme_of(request.user, placement)
    is_alis = placement.doctor.user_id == request.user.pk
    reads_minutes = is_alis or leads or supervising
    if reads_minutes:
        sessions = sessions.select_related("record").prefetch_related("record__objectives")
    months = defaultdict(list)
    for session in sessions:
        session.can_change = permissions.can_change(request.user, session)[0]
        session.can_dispute = permissions.can_dispute(request.user, session)[0]
        months[session.date.replace(day=1)].append(session)
    checks = {c.month: c for c in placement.monthly_checks.all()}
    # A checked month keeps the requirement the check computed; the others (this month,
    # mostly) ask the same function in one query.
    unchecked = month_requirements([placement], [m for m in months if m not in checks])
    by_month = [
        {
            "month": month,
            "sessions": rows,
            "counted": sum(s.minutes for s in rows if s.counts),
            "check": checks.get(month),
            "required": checks[month].required_minutes
            if month in checks
            else getattr(unchecked.get((placement.pk, month)), "minutes", 0),
        }
        for month, rows in months.items()
    ]
    return render(
        request,
        "supervision/placement.html",
        {
            "placement": placement,
            "by_month": by_month,
            "can_log": leads or supervising,
            # The same people as permissions.can_see_assessments, without asking again.
            "can_see_assessments": reads_minutes,
            "is_alis": is_alis,
            "required": placement.programme.monthly_supervision_minutes,
            "reads_minutes": reads_minutes,
            "reflections": list(record.reflections_of(request.user, placement)[:20]),
        },
    )


@access(
    NOT_FOUND,
    alis=FORBIDDEN,
    own_manager=FORBIDDEN,
    steering=FORBIDDEN,
    leader=OK,
    post={},
    office=FORBIDDEN,
)
@login_required
@submitted_once
def session_create(request, pk):
    placement = get_placement_with_programme(request, pk)
    require(permissions.can_log(request.user, placement))
    form = SessionForm(request.POST or None, placement=placement, user=request.user)
    previous = record.previous_follow_ups(placement)
    if request.method == "POST" and form.is_valid():
        fields = form.saved_fields()
        fields["record"]["follows_up"] = previous
        services.log_session(placement, by=request.user, **fields)
        messages.success(
            request,
            _("Veiledningen er registrert. %(name)s blir bedt om å bekrefte den.")
            % {"name": placement.doctor.name},
        )
        return redirect("supervision:placement", pk=placement.pk)
    return render(
        request,
        "supervision/session_form.html",
        {"form": form, "placement": placement, "previous": previous},
    )


@access(
    NOT_FOUND,
    alis=FORBIDDEN,
    own_manager=FORBIDDEN,
    steering=FORBIDDEN,
    leader=OK,
    post={},
    office=FORBIDDEN,
)
@login_required
@submitted_once
def session_batch(request, pk):
    """Several sessions at once, e.g. a month from the supervisor's own notes."""
    placement = get_placement_with_programme(request, pk)
    require(permissions.can_log(request.user, placement))
    formset = SessionFormSet(request.POST or None, placement=placement, user=request.user)
    if request.method == "POST" and formset.is_valid():
        filled = [f.saved_fields() for f in formset if f.cleaned_data]
        with transaction.atomic():  # all rows or none
            for data in filled:
                services.log_session(placement, by=request.user, **data)
        messages.success(request, _("%(n)s veiledningstimer er registrert.") % {"n": len(filled)})
        return redirect("supervision:placement", pk=placement.pk)
    return render(
        request, "supervision/session_batch.html", {"formset": formset, "placement": placement}
    )


@access(
    NOT_FOUND,
    alis=FORBIDDEN,
    own_manager=FORBIDDEN,
    steering=FORBIDDEN,
    leader=OK,
    post={},
    office=FORBIDDEN,
)
@login_required
def session_edit(request, pk):
    session = get_session_for_user(request, pk)
    require(permissions.can_change(request.user, session))
    form = SessionForm(
        request.POST or None, instance=session, placement=session.placement, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        services.update_session(session, by=request.user, **form.saved_fields())
        messages.success(request, _("Endringene er lagret."))
        return redirect("supervision:placement", pk=session.placement_id)
    history = session.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request,
        "supervision/session_form.html",
        {
            "form": form,
            "placement": session.placement,
            "session": session,
            "history": history,
            "previous": getattr(getattr(session, "record", None), "follows_up", None),
        },
    )


@access(
    NOT_FOUND,
    alis=FORBIDDEN,
    own_manager=FORBIDDEN,
    steering=FORBIDDEN,
    leader=OK,
    method="POST",
    office=FORBIDDEN,
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
    NOT_FOUND,
    alis=OK,
    own_manager=FORBIDDEN,
    steering=FORBIDDEN,
    leader=FORBIDDEN,
    method="POST",
    office=FORBIDDEN,
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


@access(
    NOT_FOUND,
    alis=OK,
    own_manager=FORBIDDEN,
    steering=FORBIDDEN,
    leader=FORBIDDEN,
    post={},
    office=FORBIDDEN,
)
@login_required
def session_dispute(request, pk):
    session = get_session_for_user(request, pk)
    require(permissions.can_dispute(request.user, session))
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
@access(
    NOT_FOUND,
    alis=FORBIDDEN,
    own_manager=FORBIDDEN,
    steering=FORBIDDEN,
    leader=FORBIDDEN,
    office=FORBIDDEN,
)
@login_required
def session_resolve(request, pk):
    session = get_session_for_user(request, pk)
    require(permissions.can_resolve(request.user, session))
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
