"""The programmes a user takes part in, whatever the role: the programme's own staff and
researchers, health managers of a municipality taking part, and the supervisors and ALIS
of its placements. Programme.objects.for_user stays the staff's scope (whose records may
be read in full); this is who may see the programme itself and switch to it."""

from django.db.models import Q

from alisvest.roles import access_of
from placements.municipalities.models import Municipality, Participation, Programme
from placements.register.models import Placement

# The session key holding the programme the user last switched to (its slug).
SESSION_KEY = "programme"


def programmes_of(user):
    access = access_of(user)
    if access.superuser:
        return Programme.objects.all()
    if not user.is_authenticated:
        return Programme.objects.none()
    scope = Q(pk__in=access.staff_programmes | access.researched_programmes)
    if access.managed_municipalities:
        lineage = Municipality.objects.lineage_of(access.managed_municipalities)
        taking_part = Participation.objects.filter(municipality__in=lineage)
        scope |= Q(pk__in=taking_part.values("programme"))
    if access.roles:
        scope |= Q(pk__in=Placement.objects.for_user(user).values("programme"))
    return Programme.objects.filter(scope)
