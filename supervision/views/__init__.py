"""Supervision pages, one module per room: sessions, compliance, groups."""

from .assessments import (
    assessment_answer,
    assessment_create,
    assessment_detail,
    assessment_list,
    assessment_resend,
)
from .compliance import compliance
from .evaluations import evaluation, evaluation_summary
from .groups import (
    group_create,
    group_delete,
    group_detail,
    group_edit,
    group_list,
    group_members,
    meeting_create,
    meeting_delete,
    meeting_edit,
)
from .portfolio import portfolio_download, portfolio_page, portfolio_progress
from .reflections import reflection_create, reflection_delete, reflection_edit
from .reviews import (
    review_amend,
    review_create,
    review_detail,
    review_edit,
    review_list,
    review_sign,
)
from .sessions import (
    home,
    placement_sessions,
    session_batch,
    session_confirm,
    session_create,
    session_delete,
    session_dispute,
    session_edit,
    session_resolve,
)
from .yearly import yearly_check

__all__ = [
    "assessment_answer",
    "assessment_create",
    "assessment_detail",
    "assessment_list",
    "assessment_resend",
    "compliance",
    "evaluation",
    "evaluation_summary",
    "group_create",
    "group_delete",
    "group_detail",
    "group_edit",
    "group_list",
    "group_members",
    "home",
    "meeting_create",
    "meeting_delete",
    "meeting_edit",
    "placement_sessions",
    "portfolio_download",
    "portfolio_page",
    "portfolio_progress",
    "review_amend",
    "review_create",
    "review_detail",
    "review_edit",
    "review_list",
    "review_sign",
    "reflection_create",
    "reflection_delete",
    "reflection_edit",
    "session_batch",
    "session_confirm",
    "session_create",
    "session_delete",
    "session_dispute",
    "session_edit",
    "session_resolve",
    "yearly_check",
]
