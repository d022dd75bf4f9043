"""Permission rules as small named functions returning (allowed, reason)."""

from django.utils.translation import gettext as _

from placements.models import Placement
from placements.municipalities.models import Municipality


def administers_municipality(user, municipality):
    """Its health manager, or a project leader of a programme it takes part in."""
    access = user.access
    managed = access.managed_municipalities
    # A 2017 record in "Odda" is administered by today's Ullensvang.
    if access.superuser or municipality.pk in managed or municipality.merged_into_id in managed:
        return True
    return bool(access.led_programmes) and (
        Municipality.objects.in_programmes(access.led_programmes)
        .filter(pk=municipality.pk)
        .exists()
    )


def can_add_centre(user, municipality):
    if municipality.valid_to is not None:
        return False, _("Kommunen finnes ikke lenger; registrer legesenteret i dagens kommune.")
    if administers_municipality(user, municipality):
        return True, ""
    return False, _("Du kan bare registrere legesentre i din egen kommune.")


def can_edit_centre(user, centre):
    if administers_municipality(user, centre.municipality):
        return True, ""
    return False, _("Du har lesetilgang til dette legesenteret, men kan ikke endre det.")


def _placed_in_managed(user, doctor):

    managed = user.access.managed_municipalities
    if not managed:
        return False
    lineage = Municipality.objects.lineage_of(managed)
    return Placement.objects.filter(doctor=doctor, municipality__in=lineage).exists()


def registers(user):
    """Whether the user keeps a register at all: leads a programme or manages a municipality
    (no query: read from the user's access)."""
    access = user.access
    return access.superuser or bool(access.led_programmes or access.managed_municipalities)


def can_add_doctor(user):
    if registers(user):
        return True, ""
    return False, _("Bare prosjektledere og helseledere kan registrere ALIS-leger.")


def can_edit_doctor(user, doctor):
    """Its programme's leaders, and the manager who registered the doctor or has them in
    a placement in their municipality."""
    access = user.access
    if access.superuser or doctor.programme_id in access.led_programmes:
        return True, ""
    if doctor.registered_by_id in access.managed_municipalities or _placed_in_managed(user, doctor):
        return True, ""
    return False, _("Du har lesetilgang til denne legen, men kan ikke endre den.")


def can_invite_doctor(user, doctor):
    allowed, reason = can_edit_doctor(user, doctor)
    if not allowed:
        return allowed, reason
    if doctor.user_id:
        return False, _("Legen har allerede en brukerkonto.")
    return True, ""
