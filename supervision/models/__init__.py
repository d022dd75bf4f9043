"""The face of supervision's models: sessions, the stored checks, group supervision, and the
training record beside them. Everything outside this package imports models from here;
inside it, a module imports another module directly."""

from .checks import MonthlyCheck, YearlyCheck
from .groups import (
    GROUP_REQUIREMENT_HOURS,
    GroupAttendance,
    GroupMeeting,
    GroupMembership,
    GroupQuerySet,
    SupervisionGroup,
)
from .minutes import (
    MAX_MINUTES_TEXT,
    MAX_REFLECTION_TEXT,
    MinutesQuerySet,
    Reflection,
    ReflectionQuerySet,
    SessionMinutes,
    minutes_scope,
)
from .sessions import (
    EDIT_WINDOW_DAYS,
    MAX_SESSION_MINUTES,
    STEP_MINUTES,
    SessionQuerySet,
    SupervisionSession,
    is_locked,
)

__all__ = [
    "EDIT_WINDOW_DAYS",
    "GROUP_REQUIREMENT_HOURS",
    "MAX_MINUTES_TEXT",
    "MAX_REFLECTION_TEXT",
    "MAX_SESSION_MINUTES",
    "STEP_MINUTES",
    "GroupAttendance",
    "GroupMeeting",
    "GroupMembership",
    "GroupQuerySet",
    "MinutesQuerySet",
    "MonthlyCheck",
    "Reflection",
    "ReflectionQuerySet",
    "SessionMinutes",
    "SessionQuerySet",
    "SupervisionGroup",
    "SupervisionSession",
    "YearlyCheck",
    "is_locked",
    "minutes_scope",
]
