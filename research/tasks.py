from alisvest import emails
from alisvest.tasks import durable_task

from .models import SurveyInvitation
from .surveys import claim, link_for, send_reminders


@durable_task
def send_survey_email(invitation_id, kind):
    """The invitation or reminder e-mail with the municipality's own link. The invitation is
    claimed here (sent_at compare-and-set), the reminder by send_reminders: each goes once."""
    invitation = SurveyInvitation.objects.select_related("wave__study", "municipality").get(
        pk=invitation_id
    )
    if kind == "invitation" and not claim(invitation.pk, "sent_at"):
        return False
    emails.send(
        f"survey-{kind}",
        invitation.email,
        {"invitation": invitation, "wave": invitation.wave, "link": link_for(invitation)},
    )
    return True


@durable_task
def send_survey_reminders():
    """Beat, daily: remind unanswered municipalities once, remind_after_days after the link."""
    return len(send_reminders())
