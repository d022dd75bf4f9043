"""Cancelling a statement: a credit note, numbered on its own series per programme and year,
reverses the statement in full, with a reason. The statement is then «kreditert», no longer
current, so the year's expenses open again; a re-issue is a new version after it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from alisvest.access import require
from alisvest.roles import access_of

from .models import CreditNote, GrantStatement


def can_credit(user, statement):
    access = access_of(user)
    if access.superuser or statement.programme_id in access.led_programmes:
        return True, ""
    return False, _("Bare prosjektleder kan kreditere et årsoppgjør.")


@transaction.atomic
def credit(statement, *, by, reason):
    """Issue the credit note for `statement` (locked, so two presses make one note)."""
    require(can_credit(by, statement))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv hvorfor årsoppgjøret krediteres.")})
    statement = (
        GrantStatement.objects.select_for_update().select_related("programme").get(pk=statement.pk)
    )
    if statement.status != GrantStatement.Status.ISSUED:
        raise ValidationError(
            {"reason": _("Bare et gjeldende årsoppgjør kan krediteres; dette er %(status)s.")
             % {"status": statement.get_status_display().lower()}}
        )  # fmt: skip
    sequence = _next_sequence(statement)
    note = CreditNote.objects.create(
        programme_id=statement.programme_id,
        statement=statement,
        year=statement.year,
        sequence=sequence,
        number=f"{statement.programme.slug.upper()}-{statement.year}-K{sequence:04d}",
        amount=-statement.settlement_amount,
        reason=reason,
        issued_at=timezone.now(),
        issued_by=by,
        language=statement.language,
    )
    statement.status = GrantStatement.Status.CREDITED
    statement.save(update_fields=["status"])
    return note


def _next_sequence(statement):
    top = CreditNote.objects.filter(
        programme=statement.programme_id, year=statement.year
    ).aggregate(top=Max("sequence"))["top"]
    return (top or 0) + 1
