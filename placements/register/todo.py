"""The register's tasks for the health manager's to-do list (alisvest/todo.py): posts ending
without a successor, and posts without a supervisor. A query per kind of task."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from alisvest.roles import access_of
from alisvest.todo import Task
from placements.municipalities.models import Municipality

from .models import Placement, SupervisorAssignment

ENDING_WITHIN_DAYS = 90


def _managed_placements(user):
    managed = access_of(user).managed_municipalities
    if not managed:
        return Placement.objects.none()
    lineage = Municipality.objects.lineage_of(managed)
    return Placement.objects.filter(
        Q(municipality__in=lineage) | Q(second_municipality__in=lineage)
    ).select_related("doctor", "municipality")


def _placement_task(kind, placement, title, due, detail="", anchor=""):
    return Task(
        kind=kind,
        title=title,
        detail=detail,
        url=reverse("placements:placement_detail", args=[placement.pk]) + anchor,
        due=due,
        object_type="placements.placement",
        object_id=placement.pk,
    )


def manager_posts_ending(user):
    """Posts ending within 90 days with no later placement in the same municipality."""
    today = timezone.localdate()
    successor = Placement.objects.filter(
        municipality=OuterRef("municipality"), start__gt=OuterRef("start")
    ).exclude(pk=OuterRef("pk"))
    ending = (
        _managed_placements(user)
        .annotate(ends=Coalesce("actual_end", "planned_end"))
        .filter(ends__gte=today, ends__lte=today + timedelta(days=ENDING_WITHIN_DAYS))
        .filter(~Exists(successor))
    )
    return [
        _placement_task(
            "register.post_ending",
            p,
            _("Stillingen til %(doctor)s i %(municipality)s slutter %(date)s uten etterfølger")
            % {
                "doctor": p.doctor.name,
                "municipality": p.municipality.name,
                "date": formats.date_format(p.ends),
            },
            due=p.ends,
            detail=_("Planlegg ny utlysning eller forleng stillingen."),
        )
        for p in ending
    ]


def manager_supervisors_missing(user):
    """Posts running today without a current supervisor."""
    current = SupervisorAssignment.objects.current().filter(placement=OuterRef("pk"))
    missing = _managed_placements(user).active().filter(~Exists(current))
    return [
        _placement_task(
            "register.supervisor_missing",
            p,
            _("%(doctor)s mangler veileder") % {"doctor": p.doctor.name},
            due=p.start,
            detail=_("Tildel en veileder på stillingen."),
            anchor="#veiledere",
        )
        for p in missing
    ]
