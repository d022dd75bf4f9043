"""The assessor's e-mail with their link, and the ALIS's notice when an assessment is
complete. Both are claimed once: a repeated outbox message sends nothing twice."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from alisvest import emails
from alisvest.idempotency import send_once
from alisvest.links import absolute_url
from alisvest.tasks import durable_task

from ..models import Assessment, AssessorInvitation
from . import links


def detail_url(assessment):
    return absolute_url(reverse("supervision:assessment_detail", args=[assessment.pk]))


@durable_task
def send_assessor_invitation(invitation_id):
    """Claimed with the send (sent_at compare-and-set); in the language the ALIS chose, else
    the site's (the page itself then follows the assessor's browser)."""
    invitation = AssessorInvitation.objects.select_related(
        "assessment__placement__doctor", "assessment__learning_objective"
    ).get(pk=invitation_id)
    assessment = invitation.assessment
    link = links.link_for(invitation)
    with transaction.atomic():
        claimed = AssessorInvitation.objects.filter(pk=invitation.pk, sent_at=None).update(
            sent_at=timezone.now()
        )
        if not claimed:
            return False
        emails.send(
            "assessment-invitation",
            invitation.email,
            {
                "invitation": invitation,
                "assessment": assessment,
                "alis": assessment.placement.doctor.name,
                "action_url": link,
            },
            language=assessment.language or None,
        )
    return True


@durable_task
def send_assessment_complete(assessment_id):
    assessment = Assessment.objects.select_related("placement__doctor__user").get(pk=assessment_id)
    doctor = assessment.placement.doctor
    address = doctor.user.email if doctor.user_id else doctor.email
    if not address:
        return False
    return send_once(
        f"assessment-complete:{assessment.pk}",
        "assessment-complete",
        address,
        {"assessment": assessment, "action_url": detail_url(assessment)},
    )
