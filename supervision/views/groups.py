"""Group supervision: the groups, their members' hours and the meetings."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access, require
from placements.models import Placement

from .. import permissions, services
from ..forms import MeetingForm
from ..models import GROUP_REQUIREMENT_HOURS, SupervisionGroup
from .common import get_group_for_user


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
    require(permissions.can_manage_group(request.user, group))
    form = MeetingForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_meeting(group, by=request.user, **form.saved_fields())
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("Gruppemøtet er registrert."))
            return redirect("supervision:group_detail", pk=group.pk)
    return render(request, "supervision/meeting_form.html", {"form": form, "group": group})
