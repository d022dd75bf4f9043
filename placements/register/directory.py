"""The supervisor directory (veilederoversikt) for project leaders and health managers: each
supervisor of the placements in the user's scope, with specialist status, centre and
current ALIS count. Hours logged live in supervision, a floor above: the page asks
settings.PANELS["supervisor_directory"] for them, so the register never imports it."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from alisvest.roles import access_of
from placements.municipalities.models import Municipality
from placements.register.models import Placement, SupervisorAssignment

# More current ALIS than this per supervisor is flagged (follow-up study: overload).
MAX_ALIS = 3


def directory_placements(user):
    """Placements whose supervisors the user sees: those of the programmes they lead and
    of the municipalities (and predecessors) they manage."""
    access = access_of(user)
    if access.superuser:
        return Placement.objects.all()
    lineage = Municipality.objects.lineage_of(access.managed_municipalities)
    return Placement.objects.filter(
        Q(programme__in=access.led_programmes)
        | Q(municipality__in=lineage)
        | Q(second_municipality__in=lineage)
    )


@dataclass
class SupervisorRow:
    supervisor: object
    is_specialist: bool = False
    centres: list = field(default_factory=list)  # where they supervise at the ALIS's centre
    elsewhere: bool = False  # supervises someone from another centre
    current: list = field(default_factory=list)  # placements supervised today, in scope
    alis_count: int = 0  # all their current ALIS, in scope or not: the workload
    hours: object = None  # filled by the supervision floor's panel, if any

    @property
    def overloaded(self):
        return self.alis_count > MAX_ALIS


def supervisor_rows(user, on=None):
    """One row per supervisor with an assignment in scope, by name. Two queries: the
    assignments in scope, and every current assignment of those supervisors."""
    on = on or timezone.localdate()
    assignments = (
        SupervisorAssignment.objects.filter(placement__in=directory_placements(user).values("pk"))
        .select_related("supervisor", "placement__doctor", "placement__centre")
        .order_by("supervisor__name", "-start")
    )
    rows = {}
    for a in assignments:
        row = rows.setdefault(a.supervisor_id, SupervisorRow(a.supervisor, a.is_specialist))
        if a.start <= on and (a.end is None or a.end >= on) and a.placement.is_active:
            row.current.append(a.placement)
            row.is_specialist = a.is_specialist  # what the current assignment says
            if a.same_centre and a.placement.centre not in row.centres:
                row.centres.append(a.placement.centre)
            row.elsewhere |= not a.same_centre
    # Every current ALIS of theirs, in the user's scope or not: the warning is about the
    # supervisor's load. Only a count leaves the scope, no names.
    counts = dict(
        SupervisorAssignment.objects.current(on)
        .filter(supervisor__in=rows.keys())
        .filter(placement__in=Placement.objects.active(on).values("pk"))
        .values("supervisor_id")
        .annotate(n=Count("placement_id", distinct=True))
        .values_list("supervisor_id", "n")
    )
    for supervisor_id, row in rows.items():
        row.alis_count = counts.get(supervisor_id, 0)
    return sorted(rows.values(), key=lambda r: (r.supervisor.name or r.supervisor.email).lower())
