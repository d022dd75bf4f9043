"""Permission rules as small named functions returning (allowed, reason)."""

from django.utils.translation import gettext as _

from alisvest.models import Role

from .models import Municipality


def administers_municipality(user, municipality):
    """Its health manager, or a project leader of a programme it takes part in."""
    access = user.access
    if access.superuser or municipality.pk in access.managed_municipalities:
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


def can_invite(user, role, programme=None, municipality=None):
    access = user.access
    if access.superuser:
        return True, ""
    if programme is not None and programme.pk in access.led_programmes:
        return True, ""
    if (
        role in {Role.MANAGER, Role.SUPERVISOR, Role.ALIS}
        and municipality is not None
        and municipality.pk in access.managed_municipalities
    ):
        return True, ""
    return False, _("Du kan ikke invitere til denne rollen her.")
