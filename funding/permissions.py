"""Permission rules as small named functions returning (allowed, reason). Scope (404) is the
job of the get_<obj>_for_user helpers; these decide what a user in scope may do."""

from django.utils.translation import gettext as _

from alisvest.roles import access_of
from placements.models import Municipality

from .models import ExpenseStatus


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


def entry_status(user, placement):
    """A project leader's expense entry is approved as made; a manager's waits for review."""
    if user is not None and leads_programme_of(user, placement):
        return ExpenseStatus.APPROVED
    return ExpenseStatus.SUBMITTED


def can_edit_scheme(user, programme):
    access = access_of(user)
    if access.superuser or programme.pk in access.led_programmes:
        return True, ""
    return False, _("Bare prosjektleder kan endre tilskuddsordninger.")


def can_handle_claim(user, programme, municipality):
    """The municipality's health manager prepares, submits and completes its claim; the
    programme's project leader may do it for them. A regional office only reads."""
    access = access_of(user)
    if access.superuser or programme.pk in access.led_programmes:
        return True, ""
    if access.managed_municipalities:
        lineage = Municipality.objects.lineage_of(access.managed_municipalities)
        if lineage.filter(pk=municipality.pk).exists():
            return True, ""
    return False, _("Bare helselederen i kommunen eller prosjektleder kan sende inn kravet.")


def sees_claims_of(user, programme, municipality):
    """Who may look at a municipality's claim for a programme (404 for everyone else)."""
    if can_handle_claim(user, programme, municipality)[0]:
        return True
    office = getattr(access_of(user), "office_municipalities", frozenset())
    return bool(office) and (
        Municipality.objects.lineage_of(office).filter(pk=municipality.pk).exists()
    )
