"""Erasure of personal data (GDPR art. 17) for every kind of person: services.py does it,
consequences.py says beforehand what it will do, scope.py says who may, labels.py names the
erased person."""

from research.erasure.services import (
    REASON,
    erase_doctor,
    erase_participant,
    erase_survey_contact,
    erase_user,
)

__all__ = ["REASON", "erase_doctor", "erase_participant", "erase_survey_contact", "erase_user"]
