"""The register's cards on pages of lower rooms (settings.PANELS)."""

from django.db.models import Q
from django.utils import timezone

from placements.register.models import Absence, Placement
from placements.register.substitutes import SubstituteCover


def municipality_placements(user, *, lineage):
    """The municipality page's placements: in it or shared with it, today's and former."""
    return {
        "placements": Placement.objects.for_user(user)
        .filter(Q(municipality__in=lineage) | Q(second_municipality__in=lineage))
        .for_table()
        .order_by("start")
    }


def centre_staffing(user, *, centre, day=None):
    """The centre page's staffing today: its ALIS, how many are away, and the substitutes
    covering them. Three counts, whatever the register's size."""
    day = day or timezone.localdate()
    alis = Placement.objects.filter(centre=centre).active(day)
    away = Absence.objects.filter(placement__in=alis, start__lte=day, end__gte=day)
    covering = SubstituteCover.objects.filter(placement__in=alis).on(day)
    counts = {
        "alis": alis.count(),
        "away": away.values("placement").distinct().count(),
        "substitutes": covering.count(),
    }
    counts["at_work"] = centre.doctor_count - counts["away"] + counts["substitutes"]
    return {"staffing": counts, "staffing_day": day}
