"""State changes of assessments: asked for by the ALIS, answered once per link, complete
when enough have answered, a link revoked by a new nonce."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alisvest.outbox import enqueue

from ..models import (
    Assessment,
    AssessmentResponse,
    AssessorInvitation,
    link_expiry,
    new_assessor_nonce,
)
from . import links
from .tasks import send_assessment_complete, send_assessor_invitation


class LinkRefused(Exception):
    def __init__(self, state):
        super().__init__(state)
        self.state = state


def assessor_errors(kind, assessors):
    """Messages for the assessors' list, or []: MSF needs at least five, the others one."""
    emails = [a["email"].strip().lower() for a in assessors]
    duplicates = sorted({e for e in emails if emails.count(e) > 1})
    if duplicates:
        return [_("Samme e-postadresse står flere ganger: %(email)s.") % {"email": duplicates[0]}]
    needed = Assessment(kind=kind).responses_needed
    if kind == Assessment.Kind.MULTI_SOURCE and len(assessors) < needed:
        return [
            _("Multikildefeedback trenger minst %(n)s respondenter; du har oppgitt %(m)s.")
            % {"n": needed, "m": len(assessors)}
        ]
    if kind != Assessment.Kind.MULTI_SOURCE and len(assessors) != 1:
        return [_("Oppgi én vurderer.")]
    return []


def request_assessment(placement, kind, assessors, by, **fields):
    """`assessors`: [{"name", "email", "relation"}]. Each gets their link by e-mail after
    commit. Raises ValidationError naming the field "assessors"."""
    errors = assessor_errors(kind, assessors)
    if errors:
        raise ValidationError({"assessors": errors})
    now = timezone.now()
    with transaction.atomic():
        assessment = Assessment.objects.create(
            placement=placement, kind=kind, requested_by=by, created_at=now, **fields
        )
        for row in assessors:
            invitation = AssessorInvitation.objects.create(
                assessment=assessment,
                name=row["name"].strip(),
                email=row["email"].strip(),
                relation=row.get("relation") or AssessorInvitation.Relation.DOCTOR,
                created_at=now,
                expires_at=link_expiry(now),
            )
            enqueue(send_assessor_invitation, invitation.pk)
    return assessment


def submit_response(invitation, answers, now=None):
    """Uses the link once. Raises LinkRefused(state) if it is used, expired or revoked."""
    now = now or timezone.now()
    with transaction.atomic():
        if not links.claim(invitation, now):
            invitation.refresh_from_db()
            state = links.state_of(invitation, now)
            raise LinkRefused(links.INVALID if state == links.OPEN else state)
        response = AssessmentResponse.objects.create(
            invitation=invitation, answers=answers, submitted_at=now
        )
        complete_if_enough(invitation.assessment, now)
    return response


def complete_if_enough(assessment, now):
    """Compare-and-set from open to complete once enough have answered; the ALIS is told
    once, after commit."""
    answered = AssessmentResponse.objects.filter(invitation__assessment=assessment).count()
    if answered < assessment.responses_needed:
        return False
    done = Assessment.objects.filter(pk=assessment.pk, status=Assessment.Status.OPEN).update(
        status=Assessment.Status.COMPLETE, completed_at=now
    )
    if done:
        enqueue(send_assessment_complete, assessment.pk)
    return bool(done)


def renew_link(invitation, now=None):
    """A new nonce and a new 14 days for an unanswered invitation: the old link stops
    working at once, and the assessor gets the new one."""
    now = now or timezone.now()
    with transaction.atomic():
        renewed = AssessorInvitation.objects.filter(pk=invitation.pk, used_at=None).update(
            nonce=new_assessor_nonce(), expires_at=link_expiry(now), sent_at=None
        )
        if renewed:
            enqueue(send_assessor_invitation, invitation.pk)
    invitation.refresh_from_db()
    return bool(renewed)


def renew_unanswered(assessment, now=None):
    """New links for every assessor of an open assessment who has not answered; how many."""
    if assessment.status != Assessment.Status.OPEN:
        return 0
    waiting = assessment.invitations.filter(used_at=None)
    return sum(renew_link(invitation, now) for invitation in waiting)
