"""The project leader's review of expenses: approve, or return with a comment. Only
approved expenses count in statements (Expense.objects.approved())."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alisvest.access import require

from . import permissions
from .models import Expense
from .services import year_error


def can_review(user, expense):
    if permissions.leads_programme_of(user, expense.placement):
        return True, ""
    return False, _("Bare prosjektleder kan godkjenne eller returnere utgifter.")


def _locked(expense, by):
    error = year_error(expense.placement, expense.year, by)
    if error:
        raise ValidationError(error)


@transaction.atomic
def approve_expense(expense, *, by):
    require(can_review(by, expense))
    _locked(expense, by)
    expense.status = Expense.Status.APPROVED
    expense.reviewed_by, expense.reviewed_at = by, timezone.now()
    expense.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return expense


@transaction.atomic
def return_expense(expense, *, by, comment):
    require(can_review(by, expense))
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": _("Skriv en kommentar som sier hva helselederen må rette.")}
        )
    _locked(expense, by)
    expense.status = Expense.Status.RETURNED
    expense.review_comment = comment
    expense.reviewed_by, expense.reviewed_at = by, timezone.now()
    expense.save(update_fields=["status", "review_comment", "reviewed_by", "reviewed_at"])
    return expense


def to_review(programmes):
    """Submitted expenses of the programmes, oldest first."""
    return (
        Expense.objects.filter(placement__programme__in=programmes, status=Expense.Status.SUBMITTED)
        .select_related("placement__doctor", "placement__municipality", "created_by")
        .order_by("created_at", "pk")
    )
