"""Who may create and change programmes: rules returning (allowed, reason)."""

from django.utils.translation import gettext as _

from alisvest.roles import access_of
from placements.relations import leads_programme


def can_create_programme(user):
    access = access_of(user)
    if access.superuser or access.led_programmes:
        return True, ""
    return False, _("Bare prosjektledere kan opprette programmer.")


def can_edit_programme(user, programme):
    if leads_programme(user, programme.pk):
        return True, ""
    return False, _("Bare programmets prosjektleder kan endre programmet.")
