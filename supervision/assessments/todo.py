"""The ALIS's task when an assessment cannot finish: every unanswered link has expired."""

from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alisvest.roles import Role
from alisvest.todo import Task

from ..models import Assessment, AssessorInvitation


def alis_assessment_links_expired(user):
    """Open assessments of the ALIS's placements with no live link left (one query, for an
    ALIS only)."""
    if not user.access.has(Role.ALIS):
        return []
    now = timezone.now()
    live = AssessorInvitation.objects.filter(
        assessment=OuterRef("pk"), used_at=None, expires_at__gt=now
    )
    stuck = (
        Assessment.objects.filter(placement__doctor__user=user, status=Assessment.Status.OPEN)
        .exclude(Exists(live))
        .annotate(expired=Max("invitations__expires_at", filter=Q(invitations__used_at=None)))
    )
    return [
        Task(
            kind="supervision.assessment_links_expired",
            title=_("Lenkene til %(kind)s har gått ut") % {"kind": a.get_kind_display().lower()},
            detail=_("Send nye lenker til dem som ikke har svart, så vurderingen kan fullføres."),
            url=reverse("supervision:assessment_detail", args=[a.pk]),
            due=timezone.localdate(a.expired),
            object_type="supervision.assessment",
            object_id=a.pk,
        )
        for a in stuck
    ]
