"""Which rows a user works with, shared by the pages and the API."""

from django.db.models import Q

from alisvest.roles import access_of
from placements.models import Municipality, Placement


def reportable_placements(user):
    """Placements whose expenses the user reports: a manager's own, a leader's programmes."""
    access = access_of(user)
    placements = Placement.objects.for_user(user)
    if access.superuser:
        return placements
    scope = Q(programme__in=access.led_programmes)
    if access.managed_municipalities:
        scope |= Q(municipality__in=Municipality.objects.lineage_of(access.managed_municipalities))
    return placements.filter(scope)
