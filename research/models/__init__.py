"""The face of research's models: every model and choice the rooms define.

Django finds the app's models here, and other modules import them from here; the
migrations name new_secret and new_nonce by this path."""

from .consents import (
    Consent,
    ConsentInvitation,
    ConsentQuerySet,
    InformationText,
    new_consent_nonce,
)
from .interviews import Interview, InterviewRound, InterviewRoundQuerySet, RoundTarget
from .stability import StabilityResult
from .studies import Category, ExportLog, ExportLogQuerySet, Study, StudyQuerySet, new_secret
from .surveys import (
    Question,
    SurveyInvitation,
    SurveyResponse,
    SurveyWave,
    SurveyWaveQuerySet,
    new_nonce,
)

__all__ = [
    "Category",
    "Consent",
    "ConsentInvitation",
    "ConsentQuerySet",
    "InformationText",
    "ExportLog",
    "ExportLogQuerySet",
    "Interview",
    "InterviewRound",
    "InterviewRoundQuerySet",
    "Question",
    "RoundTarget",
    "StabilityResult",
    "Study",
    "StudyQuerySet",
    "SurveyInvitation",
    "SurveyResponse",
    "SurveyWave",
    "SurveyWaveQuerySet",
    "new_consent_nonce",
    "new_nonce",
    "new_secret",
]
