"""Who may use the research pages. Permission rules return (allowed, reason); scope is the
job of the get_<obj>_for_user helpers (404 outside it)."""

from django.utils.translation import gettext as _

from alisvest.roles import access_of


def can_plan(user):
    """The planning calculator is for those who plan: project leaders, the steering group
    and health managers (for their own municipality)."""
    access = access_of(user)
    if access.is_programme_staff or access.managed_municipalities:
        return True, ""
    return False, _("Planleggingsmodellen er for prosjektledelsen, styringsgruppen og helseledere.")


def sees_names(user, study):
    """Project leaders of the study's programme see names; researchers never do."""
    access = access_of(user)
    return access.superuser or study.programme_id in access.led_programmes


def can_manage_study(user, study):
    if sees_names(user, study):
        return True, ""
    return False, _("Bare prosjektleder kan endre studien og registrere samtykker.")


def can_erase(user, doctor):
    """Erasing a doctor's personal data is for the project leader of their programme."""
    access = access_of(user)
    if access.superuser or doctor.programme_id in access.led_programmes:
        return True, ""
    return False, _("Bare prosjektleder kan slette personopplysninger.")


def can_create_study(user):
    access = access_of(user)
    if access.superuser or access.led_programmes:
        return True, ""
    return False, _("Bare prosjektleder kan opprette en studie.")
