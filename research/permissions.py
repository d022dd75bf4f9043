"""Who may use the research pages. Permission rules return (allowed, reason); scope is the
job of the get_<obj>_for_user helpers (404 outside it)."""

from django.utils.translation import gettext as _

from alisvest.roles import access_of


def can_plan(user):
    """The planning calculator is for programme staff: project leaders and steering group."""
    if access_of(user).is_programme_staff:
        return True, ""
    return False, _("Planleggingsmodellen er for prosjektledelsen og styringsgruppen.")
