"""Who may do what with an ALIS agreement: rules returning (allowed, reason). Reading follows
the placement's scope (the ALIS, the health manager, the programme's staff, the regional
office); changing is for the municipality's health manager and the programme's leaders."""

from django.utils.translation import gettext as _

from placements.relations import administers_municipality


def can_manage_agreement(user, placement):
    if not placement.programme.is_national:
        return False, _("Programmet følger ikke den nasjonale ordningen: ALIS-avtale trengs ikke.")
    if administers_municipality(user, placement.municipality):
        return True, ""
    return False, _("Bare helselederen i kommunen og prosjektlederen kan endre ALIS-avtalen.")


def can_sign(user, version):
    allowed, reason = can_manage_agreement(user, version.agreement.placement)
    if not allowed:
        return allowed, reason
    if version.is_signed:
        return False, _("Denne versjonen er allerede signert av begge parter.")
    if version.agreement.versions.filter(number__gt=version.number).exists():
        return False, _("Det finnes en nyere versjon av avtalen. Signer den i stedet.")
    return True, ""


def can_attach_scan(user, version):
    allowed, reason = can_manage_agreement(user, version.agreement.placement)
    if not allowed:
        return allowed, reason
    if version.is_signed and version.scan:
        return False, _("En signert avtale har allerede en skannet kopi.")
    return True, ""
