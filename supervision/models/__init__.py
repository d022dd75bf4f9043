"""The face of supervision's models: sessions, the stored checks, group supervision, and the
training record beside them. Everything outside this package imports models from here;
inside it, a module imports another module directly."""

from .assessments import (
    LINK_VALID_DAYS,
    MSF_MIN_RESPONSES,
    Assessment,
    AssessmentQuerySet,
    AssessmentResponse,
    AssessorInvitation,
    link_expiry,
    new_assessor_nonce,
)
from .checks import MonthlyCheck, YearlyCheck
from .evaluations import RATING_FIELDS, PostEvaluation
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
from .portfolio import PortfolioJob
from .reviews import ProgressReview, ReviewQuerySet, ReviewSignature
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
    "LINK_VALID_DAYS",
    "MSF_MIN_RESPONSES",
    "Assessment",
    "AssessmentQuerySet",
    "AssessmentResponse",
    "AssessorInvitation",
    "link_expiry",
    "new_assessor_nonce",
    "GROUP_REQUIREMENT_HOURS",
    "MAX_MINUTES_TEXT",
    "MAX_REFLECTION_TEXT",
    "MAX_SESSION_MINUTES",
    "STEP_MINUTES",
    "GroupAttendance",
    "GroupMeeting",
    "GroupMembership",
    "GroupQuerySet",
    "RATING_FIELDS",
    "MonthlyCheck",
    "PortfolioJob",
    "PostEvaluation",
    "ProgressReview",
    "ReviewQuerySet",
    "ReviewSignature",
    "MinutesQuerySet",
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
