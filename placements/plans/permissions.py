"""Who may change education plans and learning-objective progress: small named functions
returning (allowed, reason). Scope (404) is the job of the get_<obj>_for_user helpers."""

from django.utils.translation import gettext as _

from placements.plans.models import ObjectiveProgress
from placements.relations import (
    administers_municipality,
    is_alis_of,
    leads_programme,
    manages_municipality_of,
    supervises,
)


def can_edit_template(user, programme):
    if leads_programme(user, programme.pk):
        return True, ""
    return False, _("Bare prosjektleder kan endre programmets planmal.")


def can_edit_plan(user, placement):
    """The plan is made by the project, the municipality and the ALIS together."""
    if is_alis_of(user, placement) or administers_municipality(user, placement.municipality):
        return True, ""
    return False, _("Du har lesetilgang til utdanningsplanen, men kan ikke endre den.")


def can_import_objectives(user, programme):
    if leads_programme(user, programme.pk):
        return True, ""
    return False, _("Bare prosjektleder kan importere læringsmål.")


Status = ObjectiveProgress.Status


def can_log_activity(user, progress):
    if not is_alis_of(user, progress.placement):
        return False, _("Bare ALIS-en kan registrere aktivitet på læringsmålet.")
    if progress.status not in {Status.NOT_STARTED, Status.LOGGED}:
        return False, _("Læringsmålet er allerede %(status)s.") % {
            "status": progress.get_status_display().lower()
        }
    return True, ""


def can_sign(user, progress):
    if not supervises(user, progress.placement):
        return False, _("Bare veilederen til ALIS-en kan signere læringsmålet.")
    if progress.status != Status.LOGGED:
        if progress.status == Status.NOT_STARTED:
            return False, _("ALIS-en må registrere aktivitet før veilederen kan signere.")
        return False, _("Læringsmålet er allerede %(status)s.") % {
            "status": progress.get_status_display().lower()
        }
    return True, ""


def can_approve(user, progress):
    if not manages_municipality_of(user, progress.placement):
        return False, _("Bare kommunens helseleder kan godkjenne læringsmålet.")
    if progress.status != Status.SIGNED:
        if progress.status == Status.APPROVED:
            return False, _("Læringsmålet er allerede godkjent.")
        return False, _("Veilederen må signere før læringsmålet kan godkjennes.")
    return True, ""
