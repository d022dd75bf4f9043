"""Permission rules as small named functions returning (allowed, reason). Scope (404) is the
job of the get_<obj>_for_user helpers; these decide what a user in scope may do."""

from django.utils.translation import gettext as _

from alisvest.roles import access_of
from placements.models import Municipality


def leads_programme_of(user, placement):
    access = access_of(user)
    return access.superuser or placement.programme_id in access.led_programmes


def manages_municipality_of(user, placement):
    access = access_of(user)
    if not access.managed_municipalities:
        return False
    lineage = set(
        Municipality.objects.lineage_of(access.managed_municipalities).values_list("pk", flat=True)
    )
    return placement.municipality_id in lineage


def can_report_expenses(user, placement):
    if leads_programme_of(user, placement) or manages_municipality_of(user, placement):
        return True, ""
    return False, _("Bare helselederen i kommunen eller prosjektleder kan føre utgifter.")


def can_edit_scheme(user, programme):
    access = access_of(user)
    if access.superuser or programme.pk in access.led_programmes:
        return True, ""
    return False, _("Bare prosjektleder kan endre tilskuddsordninger.")
