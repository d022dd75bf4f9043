"""The register's cards on pages of lower rooms (settings.PANELS)."""

from django.db.models import Q

from placements.register.models import Placement


def municipality_placements(user, *, lineage):
    """The municipality page's placements: in it or shared with it, today's and former."""
    return {
        "placements": Placement.objects.for_user(user)
        .filter(Q(municipality__in=lineage) | Q(second_municipality__in=lineage))
        .for_table()
        .order_by("start")
    }
