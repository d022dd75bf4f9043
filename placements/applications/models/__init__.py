"""Calls (utlysninger), municipal applications (søknader om deltakelse), their attachments
the reviewers' scores, and the steering group's votes, decisions and the posts they grant.

Migration 0005 names `placements.applications.models.attachment_path`, so it stays here."""

from placements.applications.models.applications import Application
from placements.applications.models.attachments import (
    MAX_ATTACHMENT_BYTES,
    ApplicationAttachment,
    attachment_path,
)
from placements.applications.models.calls import (
    Call,
    CallCorrection,
    LateAcceptance,
    MeetingSignup,
)
from placements.applications.models.decisions import CallQuota, Decision, PostSlot, Vote
from placements.applications.models.reviews import Review
from placements.applications.models.threads import InfoRequest

__all__ = [
    "Call",
    "CallCorrection",
    "LateAcceptance",
    "Application",
    "ApplicationAttachment",
    "MeetingSignup",
    "Review",
    "InfoRequest",
    "CallQuota",
    "Decision",
    "PostSlot",
    "Vote",
    "MAX_ATTACHMENT_BYTES",
    "attachment_path",
]
