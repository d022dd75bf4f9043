"""Who may register and change medical centres: rules returning (allowed, reason)."""

from django.utils.translation import gettext as _

from placements.relations import administers_municipality


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
