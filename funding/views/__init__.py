"""Økonomi: expense pages for managers, schemes and statements for project leaders, the
«Generer årsoppgjør» run with its progress bar, and the finance overview; one module per
room."""

from .claims import (
    claim_audit,
    claim_audit_file,
    claim_detail,
    claim_list,
    claim_new_version,
    claim_pdf,
    claim_submit,
    claim_xlsx,
    claim_year,
)
from .credit_notes import credit_note_detail, credit_note_pdf, statement_credit
from .expenses import (
    expense_approve,
    expense_attachment,
    expense_delete,
    expense_edit,
    expense_return,
    expense_review,
    expenses,
    home,
)
from .job_types import post_job_type
from .overview import overview, overview_xlsx
from .payments import bank_import, ledger_export, payment_list, settlement
from .schemes import scheme_create, scheme_edit, scheme_list
from .statements import (
    generate,
    run_detail,
    run_progress,
    statement_detail,
    statement_list,
    statement_pdf,
)

__all__ = [
    "credit_note_detail",
    "credit_note_pdf",
    "statement_credit",
    "claim_audit",
    "claim_audit_file",
    "claim_detail",
    "claim_list",
    "claim_new_version",
    "claim_pdf",
    "claim_submit",
    "claim_xlsx",
    "claim_year",
    "post_job_type",
    "bank_import",
    "expense_approve",
    "expense_return",
    "expense_review",
    "ledger_export",
    "payment_list",
    "settlement",
    "expense_attachment",
    "expense_delete",
    "expense_edit",
    "expenses",
    "generate",
    "home",
    "overview",
    "overview_xlsx",
    "run_detail",
    "run_progress",
    "scheme_create",
    "scheme_edit",
    "scheme_list",
    "statement_detail",
    "statement_list",
    "statement_pdf",
]
