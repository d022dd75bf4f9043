"""Supervision pages, one module per room: sessions, compliance, groups."""

from .compliance import compliance
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
from .reflections import reflection_create, reflection_delete, reflection_edit
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
    "compliance",
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
