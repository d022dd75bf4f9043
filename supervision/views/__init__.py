"""Supervision pages, one module per room: sessions, compliance, groups."""

from .compliance import compliance
from .groups import group_detail, group_list, meeting_create
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

__all__ = [
    "compliance",
    "group_detail",
    "group_list",
    "home",
    "meeting_create",
    "placement_sessions",
    "session_batch",
    "session_confirm",
    "session_create",
    "session_delete",
    "session_dispute",
    "session_edit",
    "session_resolve",
]
