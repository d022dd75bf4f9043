"""Grant schemes (rates as data), expense reports, and the annual grant statements: numbered
snapshot documents that are never edited; a new version supersedes the old (pretix Invoice).

The face of the models package: everything is imported from here (funding.models), and
migration 0001 names funding.models.expense_attachment_path."""

from .claims import ClaimReminder, NationalClaim, NationalClaimLine, NationalClaimQuerySet
from .credit_notes import CreditNote, CreditNoteQuerySet
from .documents import ImmutableError, SnapshotDocument
from .expenses import (
    MAX_EXPENSE_ATTACHMENT_BYTES,
    Expense,
    ExpenseCategory,
    ExpenseQuerySet,
    ExpenseStatus,
    expense_attachment_path,
)
from .job_types import PostJobType, job_type_for
from .payments import (
    REMINDER_DAYS,
    BudgetLine,
    Counterparty,
    Payment,
    PaymentReminder,
    PaymentSetup,
)
from .schemes import MONEY, GrantScheme, GrantSchemeQuerySet, JobType, MonthlyRate, job_type_of
from .statements import (
    GrantStatement,
    GrantStatementLine,
    GrantStatementQuerySet,
    StatementRun,
)

__all__ = [
    "ClaimReminder",
    "CreditNote",
    "CreditNoteQuerySet",
    "NationalClaim",
    "NationalClaimLine",
    "NationalClaimQuerySet",
    "PostJobType",
    "job_type_for",
    "MAX_EXPENSE_ATTACHMENT_BYTES",
    "MONEY",
    "Expense",
    "ExpenseCategory",
    "ExpenseQuerySet",
    "ExpenseStatus",
    "BudgetLine",
    "Counterparty",
    "Payment",
    "PaymentReminder",
    "PaymentSetup",
    "REMINDER_DAYS",
    "GrantScheme",
    "GrantSchemeQuerySet",
    "GrantStatement",
    "GrantStatementLine",
    "GrantStatementQuerySet",
    "ImmutableError",
    "SnapshotDocument",
    "JobType",
    "MonthlyRate",
    "StatementRun",
    "expense_attachment_path",
    "job_type_of",
]
