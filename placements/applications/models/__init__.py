"""Calls (utlysninger), municipal applications (søknader om deltakelse), their attachments
and the reviewers' scores.

Migration 0005 names `placements.applications.models.attachment_path`, so it stays here."""

from placements.applications.models.applications import Application
from placements.applications.models.attachments import (
    MAX_ATTACHMENT_BYTES,
    ApplicationAttachment,
    attachment_path,
)
from placements.applications.models.calls import Call, MeetingSignup
from placements.applications.models.reviews import Review

__all__ = [
    "Call",
    "Application",
    "ApplicationAttachment",
    "MeetingSignup",
    "Review",
    "MAX_ATTACHMENT_BYTES",
    "attachment_path",
]
