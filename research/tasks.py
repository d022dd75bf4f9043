"""The worker's jobs: survey invitations and the daily reminders, and the stability
figures computed after data change."""

from django.db import transaction
from django.utils import timezone

from alisvest import emails
from alisvest.links import absolute_url
from alisvest.tasks import durable_task

from . import consent_links, stability
from .models import ConsentInvitation, Study, SurveyInvitation
from .survey_links import claim, due_reminders, link_for


@durable_task
def send_survey_email(invitation_id, kind):
    """The invitation or reminder e-mail with the municipality's own link. The invitation is
    claimed here (sent_at compare-and-set), the reminder by send_reminders: each goes once."""
    invitation = SurveyInvitation.objects.select_related("wave__study", "municipality").get(
        pk=invitation_id
    )
    if not invitation.email:
        return False  # no address (yet): the researcher copies the link or gives one
    link = absolute_url(link_for(invitation))
    # The claim commits with the send: an SMTP failure releases it for the retry (claimed
    # alone first, a failed send was never retried and the municipality got no link).
    with transaction.atomic():
        if kind == "invitation" and not claim(invitation.pk, "sent_at"):
            return False
        emails.send(
            f"survey-{kind}",
            invitation.email,
            {"invitation": invitation, "wave": invitation.wave, "link": link, "action_url": link},
        )
    return True


def send_reminders(wave=None, now=None, ignore_days=False):
    """Claim each due reminder once (compare-and-set) and send it; a re-run sends nothing."""
    now = now or timezone.now()
    sent = []
    for pk in due_reminders(wave, now, ignore_days).values_list("pk", flat=True):
        if claim(pk, "reminded_at", now):
            send_survey_email.delay_on_commit(pk, "reminder")
            sent.append(pk)
    return sent


@durable_task
def send_survey_reminders():
    """Beat, daily: remind unanswered municipalities once, remind_after_days after the link."""
    return len(send_reminders())


@durable_task
def compute_stability(study_id):
    """Compute and store a study's stability figures at today's cut-off (idempotent: a
    second run writes the same rows)."""
    study = Study.objects.filter(pk=study_id).first()
    if study is not None:
        stability.refresh(study)
    return study is not None


@durable_task
def compute_all_stability():
    """Beat, nightly: a new day is a new cut-off date."""
    for pk in Study.objects.filter(ended=None).values_list("pk", flat=True):
        compute_stability.delay(pk)


@durable_task
def send_consent_invitation(invitation_id):
    """The ALIS's personal consent link. Claimed with the send (sent_at compare-and-set):
    a repeated outbox message sends nothing twice, a failed send is retried."""
    invitation = ConsentInvitation.objects.select_related("study", "doctor").get(pk=invitation_id)
    doctor = invitation.doctor
    if not doctor.email:
        return False
    link = absolute_url(consent_links.link_for(invitation))
    with transaction.atomic():
        claimed = ConsentInvitation.objects.filter(pk=invitation.pk, sent_at=None).update(
            sent_at=timezone.now()
        )
        if not claimed:
            return False
        emails.send(
            "consent-invitation",
            doctor.email,
            {"invitation": invitation, "study": invitation.study, "link": link, "action_url": link},
        )
    return True
