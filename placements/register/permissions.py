"""Who may register and change doctors: rules returning (allowed, reason)."""

from django.utils.translation import gettext as _

from placements.relations import has_placement_in_managed, keeps_register


def can_add_doctor(user):
    if keeps_register(user):
        return True, ""
    return False, _("Bare prosjektledere og helseledere kan registrere ALIS-leger.")


def can_edit_doctor(user, doctor):
    """Its programme's leaders, and the manager who registered the doctor or has them in
    a placement in their municipality."""
    access = user.access
    if access.superuser or doctor.programme_id in access.led_programmes:
        return True, ""
    if doctor.registered_by_id in access.managed_municipalities or has_placement_in_managed(
        user, doctor
    ):
        return True, ""
    return False, _("Du har lesetilgang til denne legen, men kan ikke endre den.")


def can_invite_doctor(user, doctor):
    allowed, reason = can_edit_doctor(user, doctor)
    if not allowed:
        return allowed, reason
    if doctor.user_id:
        return False, _("Legen har allerede en brukerkonto.")
    return True, ""


def can_see_supervisor_directory(user):
    if keeps_register(user):
        return True, ""
    return False, _("Bare prosjektledere og helseledere ser veilederoversikten.")
