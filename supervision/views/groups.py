"""Group supervision: the groups, their members' hours and the meetings. Project leaders
set groups up (members, leader, period); the group leader records meetings and attendance."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access, require
from alisvest.idempotency import submitted_once
from placements.models import Placement

from .. import permissions, services
from ..forms import GroupForm, MeetingForm, MemberForm
from ..models import GROUP_REQUIREMENT_HOURS, SupervisionGroup
from .common import get_group_for_user

# Who may change a group or its meetings, among those who can see it.
MANAGES = access(
    NOT_FOUND,
    alis=FORBIDDEN,
    own_manager=FORBIDDEN,
    steering=FORBIDDEN,
    leader=OK,
    office=FORBIDDEN,
    post={},
)
MANAGES_POST = access(
    NOT_FOUND,
    alis=FORBIDDEN,
    own_manager=FORBIDDEN,
    steering=FORBIDDEN,
    leader=OK,
    office=FORBIDDEN,
    method="POST",
)


def _errors_to_form(form, error):
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


@access(OK)
@login_required
def group_list(request):
    groups = SupervisionGroup.objects.for_user(request.user).select_related("leader", "programme")
    can_create, _reason = permissions.can_create_group(request.user)
    return render(
        request, "supervision/group_list.html", {"groups": groups, "can_create": can_create}
    )


@access(NOT_FOUND, alis=OK, own_manager=OK, steering=OK, leader=OK, office=OK)
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
            "can_manage": permissions.can_manage_group(request.user, group)[0],
            "can_edit": permissions.can_edit_group(request.user, group)[0],
        },
    )


@access(FORBIDDEN, leader=OK, post={})
@login_required
@submitted_once
def group_create(request):
    require(permissions.can_create_group(request.user))
    return _group_form(request, SupervisionGroup())


@MANAGES
@login_required
def group_edit(request, pk):
    group = get_group_for_user(request, pk)
    require(permissions.can_edit_group(request.user, group))
    return _group_form(request, group)


def _group_form(request, group):
    form = GroupForm(request.POST or None, instance=group, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.save_group(form.instance, by=request.user)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Gruppen er lagret."))
            return redirect("supervision:group_detail", pk=group.pk)
    return render(request, "supervision/group_form.html", {"form": form, "group": group})


@MANAGES
@login_required
def group_delete(request, pk):
    """A confirmation page naming what goes with the group; the POST deletes."""
    group = get_group_for_user(request, pk)
    require(permissions.can_edit_group(request.user, group))
    if request.method == "POST":
        services.delete_group(group, by=request.user)
        messages.success(request, _("Gruppen «%(name)s» er slettet.") % {"name": group.name})
        return redirect("supervision:group_list")
    return render(
        request,
        "supervision/group_confirm_delete.html",
        {
            "group": group,
            "members": group.memberships.count(),
            "meetings": group.meetings.count(),
        },
    )


@MANAGES
@login_required
def group_members(request, pk):
    """Add an ALIS of the programme, or remove one who has attended no meeting."""
    group = get_group_for_user(request, pk)
    require(permissions.can_edit_group(request.user, group))
    form = MemberForm(
        request.POST if request.POST.get("action") == "add" else None,
        group=group,
        user=request.user,
    )
    if request.method == "POST":
        done = _change_members(request, group, form)
        if done:
            return redirect("supervision:group_members", pk=group.pk)
    memberships = (
        group.memberships.filter(placement__in=Placement.objects.for_user(request.user))
        .select_related("placement__doctor", "placement__municipality")
        .order_by("placement__doctor__name")
    )
    return render(
        request,
        "supervision/group_members.html",
        {"group": group, "form": form, "memberships": memberships},
    )


def _change_members(request, group, form):
    """True when the change was made (the page then reloads)."""
    try:
        if request.POST.get("action") == "remove":
            membership = get_object_or_404(group.memberships, pk=request.POST.get("membership"))
            services.remove_member(membership, by=request.user)
            messages.success(
                request,
                _("%(name)s er fjernet fra gruppen.") % {"name": membership.placement.doctor.name},
            )
            return True
        if form.is_valid():
            placement = form.cleaned_data["placement"]
            services.add_member(group, placement, by=request.user)
            messages.success(
                request, _("%(name)s er lagt til i gruppen.") % {"name": placement.doctor.name}
            )
            return True
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            _errors_to_form(form, error)
        else:
            messages.error(request, " ".join(error.messages))
    return False


@MANAGES
@login_required
@submitted_once
def meeting_create(request, pk):
    group = get_group_for_user(request, pk)
    require(permissions.can_manage_group(request.user, group))
    return _meeting_form(request, group, None)


@MANAGES
@login_required
def meeting_edit(request, pk, meeting_pk):
    group = get_group_for_user(request, pk)
    require(permissions.can_manage_group(request.user, group))
    meeting = get_object_or_404(group.meetings, pk=meeting_pk)
    return _meeting_form(request, group, meeting)


def _meeting_form(request, group, meeting):
    form = MeetingForm(request.POST or None, group=group, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            if meeting is None:
                services.record_meeting(group, by=request.user, **form.saved_fields())
            else:
                services.update_meeting(meeting, by=request.user, **form.saved_fields())
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Gruppemøtet er lagret."))
            return redirect("supervision:group_detail", pk=group.pk)
    return render(
        request,
        "supervision/meeting_form.html",
        {"form": form, "group": group, "meeting": meeting},
    )


@MANAGES_POST
@login_required
@require_POST
def meeting_delete(request, pk, meeting_pk):
    group = get_group_for_user(request, pk)
    meeting = get_object_or_404(group.meetings, pk=meeting_pk)
    services.delete_meeting(meeting, by=request.user)
    messages.success(request, _("Gruppemøtet er slettet."))
    return redirect("supervision:group_detail", pk=group.pk)
