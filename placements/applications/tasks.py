from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from alisvest import emails
from alisvest.idempotency import send_once
from alisvest.links import absolute_url
from alisvest.pdf import render_pdf
from alisvest.tasks import durable_task
from placements.applications.models import Application, CallCorrection


@durable_task
def send_application_email(application_id, name):
    """E-mail the municipality's contact (and its managers) about a change of state."""
    application = Application.objects.select_related("call", "municipality").get(pk=application_id)
    if not application.contact_email:
        return
    if name == "decision":
        _send_decision(application)
        return
    emails.send(
        f"application-{name}",
        application.contact_email,
        {"application": application, "action_url": action_url(application, name)},
        language=application.municipality.language,
    )


@durable_task
def send_call_correction(correction_id):
    """Tell each municipality that started or submitted an application to the call what the
    project leader changed, from what to what, and why. Once per address, however often the
    task runs."""
    correction = CallCorrection.objects.select_related("call", "changed_by").get(pk=correction_id)
    call = correction.call
    url = absolute_url(reverse("placements:call_detail", args=[call.pk]))
    applications = (
        Application.objects.filter(call=call)
        .exclude(status=Application.Status.WITHDRAWN)
        .exclude(contact_email="")
        .select_related("municipality")
    )
    for application in applications:
        send_once(
            f"call-correction:{correction.pk}:{application.pk}",
            "call-correction",
            application.contact_email,
            {"correction": correction, "call": call, "application": application, "action_url": url},
            language=application.municipality.language,
        )


# Where the contact acts on each e-mail: fill in the application, or read it.
EDIT_PAGE = {"more-info", "reminder"}


def action_url(application, name):
    view = "application_edit" if name in EDIT_PAGE else "application_detail"
    return absolute_url(reverse(f"placements:{view}", args=[application.pk]))


def _send_decision(application):
    """The decision e-mail carries the current decision's letter as a PDF attachment."""
    decision = application.decisions.current().first()
    if decision is None:
        return
    context = {"application": application, "decision": decision}
    language = application.municipality.language
    pdf = render_pdf("placements/applications/decision_pdf.html", context, language=language)
    emails.send(
        "application-decision",
        application.contact_email,
        {**context, "action_url": action_url(application, "decision")},
        language=language,
        attachments=[
            (
                f"vedtak-{application.municipality.number}-{application.pk}"
                f"-v{decision.letter_version}.pdf",
                pdf,
                "application/pdf",
            )
        ],
    )


@durable_task
def send_deadline_reminders():
    """Seven days before the deadline, remind each draft once (compare-and-set)."""
    now = timezone.now()
    due = Application.objects.filter(
        status=Application.Status.DRAFT,
        reminder_sent_at=None,
        call__deadline__gt=now,
        call__deadline__lte=now + timedelta(days=7),
    ).exclude(Q(contact_email=""))
    for pk in due.values_list("pk", flat=True):
        if Application.objects.filter(pk=pk, reminder_sent_at=None).update(reminder_sent_at=now):
            send_application_email.delay_on_commit(pk, "reminder")
