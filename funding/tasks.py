"""The annual statement job. Issuing is one transaction; then one task per statement (one per
municipality) renders the PDF and e-mails it, so the PDFs are made in parallel across
workers. Every task is idempotent: compare-and-set on pdf_generated_at and emailed_at."""

from datetime import date

from celery import group
from celery.result import GroupResult
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from alisvest.idempotency import send_once
from alisvest.links import absolute_url
from alisvest.outbox import enqueue
from alisvest.pdf import render_pdf
from alisvest.tasks import durable_task

from . import claims, payments, runs, services
from .models import ClaimReminder, GrantStatement, PaymentReminder, StatementRun


def pdf_bytes(statement):
    lines = list(statement.lines.all())
    with translation.override(statement.language):  # the category labels in its målform
        facts = payments.statement_facts(statement)
    return render_pdf(
        "funding/statement_pdf.html",
        {"statement": statement, "lines": lines, **facts},
        language=statement.language,
        stylesheets=("placements/pdf.css", "funding/statement_pdf.css"),
    )


def store_pdf(statement):
    """Render and keep the PDF once; a second renderer loses the compare-and-set and reuses
    the first one's file. A PDF whose file has gone from storage is rendered again from the
    statement's unchanging rows."""
    storage = GrantStatement._meta.get_field("pdf").storage
    if statement.pdf and storage.exists(statement.pdf.name):
        return statement
    lost = statement.pdf.name or ""
    content = pdf_bytes(statement)
    name = statement.filename
    file = ContentFile(content, name=name)
    path = storage.save(f"statements/{statement.year}/{name}", file)
    claimed = GrantStatement.objects.filter(pk=statement.pk, pdf=lost).update(
        pdf=path, pdf_generated_at=timezone.now()
    )
    if not claimed:
        storage.delete(path)
    statement.refresh_from_db(fields=["pdf", "pdf_generated_at"])
    return statement


@durable_task
def render_and_send(statement_id, send=True):
    """A statement superseded or credited before its turn is neither rendered nor sent."""
    statement = GrantStatement.objects.select_related("municipality", "programme", "scheme").get(
        pk=statement_id
    )
    if statement.status != GrantStatement.Status.ISSUED:
        return None
    store_pdf(statement)
    if not send:
        return statement.number
    # One e-mail per manager, each under its own idempotency key committed with its send, so
    # a retry after one manager's send failed sends to the others only; then the statement is
    # marked sent (compare-and-set). Never lost: a key is kept only with a send that happened.
    if statement.emailed_at is None and _still_current(statement):
        with statement.pdf.open("rb") as handle:
            content = handle.read()
        for address in services.statement_managers(statement):
            send_once(
                f"grant-statement:{statement.pk}:{address}",
                "grant-statement",
                address,
                {
                    "statement": statement,
                    "action_url": absolute_url(
                        reverse("funding:statement_detail", args=[statement.pk])
                    ),
                },
                language=statement.language,
                attachments=[(statement.filename, content, "application/pdf")],
            )
        GrantStatement.objects.filter(pk=statement.pk, emailed_at=None).update(
            emailed_at=timezone.now()
        )
    return statement.number


def _still_current(statement):
    """Asked again just before sending: a new version may have come while the PDF was made."""
    return GrantStatement.objects.current().filter(pk=statement.pk).exists()


def dispatch(statement_ids, run=None, send=True):
    """After commit: a group of render_and_send tasks; the run records the group id."""

    def start():
        result = group(render_and_send.s(pk, send) for pk in statement_ids).apply_async()
        result.save()
        if run is not None:
            StatementRun.objects.filter(pk=run.pk).update(group_id=result.id)

    transaction.on_commit(start)


@transaction.atomic
def start_run(year, *, by, programmes, municipality_number=None, basis=None, early=""):
    """Issue as one run and, after commit, render and send. A second start from the same
    point returns the first run (run.created is False) and sends nothing."""
    run, created = runs.issue_run(
        year,
        by=by,
        programmes=programmes,
        municipality_number=municipality_number,
        basis=basis,
        early=early,
    )
    if created:
        dispatch(list(run.statements.values_list("pk", flat=True)), run=run)
    run.created = created
    return run


def progress(run):
    done = failed = 0
    if run.group_id:
        result = GroupResult.restore(run.group_id)
        if result is not None:
            done = result.completed_count()
            failed = sum(1 for child in result.results if child.failed())
        else:  # the result backend has expired the group: the stored PDFs tell
            done = run.statements.exclude(pdf="").count()
    total = run.total or 1
    return {
        "done": done,
        "failed": failed,
        "total": run.total,
        "percent": round(100 * (done + failed) / total),
        "finished": bool(run.group_id) and done + failed >= run.total,
        "started": bool(run.group_id),
    }


@durable_task
def issue_previous_year():
    """Beat, 15 January 06:00 Europe/Oslo: statements for the year that just ended. A
    re-run issues nothing twice (only municipalities still without a statement)."""
    year = timezone.localdate().year - 1
    with transaction.atomic():
        try:
            statements = services.issue_statements(year, only_missing=True)
        except services.NoData:
            return {"year": year, "issued": 0}
        # Also those a crashed earlier run left without PDF or e-mail.
        unsent = GrantStatement.objects.current().filter(year=year, emailed_at=None)
        dispatch(list(unsent.values_list("pk", flat=True)))
    return {"year": year, "issued": len(statements)}


@durable_task
def send_claim_reminders(today=None):
    """Beat, daily: 30, 7 and 1 days before the audit deadline, remind the managers of each
    municipality whose claim for last year is not complete. A reminder row is claimed first
    (unique per claim and days ahead), so each reminder goes once however often this runs;
    a missed day sends the most urgent reminder due, not the ones it skipped."""
    today = date.fromisoformat(today) if today else timezone.localdate()
    year = today.year - 1
    deadline = claims.audit_deadline(year)
    days_left = (deadline - today).days
    due = [d for d in settings.NATIONAL_CLAIM_REMINDER_DAYS if 0 <= days_left <= d]
    if not due:
        return {"year": year, "sent": 0}
    days = min(due)
    sent = 0
    for programme_id, municipality_id, claim_id in claims.incomplete(year):
        with transaction.atomic():  # the reminder row and its outbox message together
            reminder, created = ClaimReminder.objects.get_or_create(
                programme_id=programme_id,
                municipality_id=municipality_id,
                year=year,
                days_before=days,
            )
            if created:
                enqueue(send_claim_reminder, reminder.pk, claim_id)
                sent += 1
    return {"year": year, "sent": sent}


@durable_task
def send_claim_reminder(reminder_id, claim_id=None):
    reminder = ClaimReminder.objects.select_related("programme", "municipality").get(pk=reminder_id)
    municipality = reminder.municipality
    url = (
        reverse("funding:claim_detail", args=[claim_id])
        if claim_id
        else reverse(
            "funding:claim_year",
            args=[reminder.programme.slug, municipality.number, reminder.year],
        )
    )
    context = {
        "reminder": reminder,
        "deadline": claims.audit_deadline(reminder.year),
        "action_url": absolute_url(url),
    }
    for address in services.managers_of(municipality):
        send_once(
            f"claim-reminder:{reminder.pk}:{address}",
            "national-claim-reminder",
            address,
            context,
            language=municipality.language,
        )


@durable_task
def send_payment_reminders(today=None):
    """Beat, daily: 7 and 30 days after a settlement fell due unpaid, remind whoever pays.
    The reminder row is claimed with its outbox message, so each goes once however often
    this runs."""
    today = date.fromisoformat(today) if today else timezone.localdate()
    sent = 0
    for statement, days in payments.reminders_due(today):
        with transaction.atomic():
            reminder = payments.claim_reminder(statement, days)
            if reminder is not None:
                enqueue(send_payment_reminder, reminder.pk)
                sent += 1
    return {"sent": sent}


@durable_task
def send_payment_reminder(reminder_id):
    reminder = PaymentReminder.objects.get(pk=reminder_id)
    statement = GrantStatement.objects.select_related("municipality", "programme").get(
        pk=reminder.statement_id
    )
    context = {
        "statement": statement,
        "days": reminder.days_overdue,
        "amount": statement.settlement_abs,
        "programme_pays": statement.programme_pays,
        "due_date": payments.due_date(statement),
        "reference": payments.payment_reference(statement),
        "action_url": absolute_url(reverse("funding:settlement", args=[statement.pk])),
    }
    for address in payments.payers_of(statement):
        send_once(
            f"payment-reminder:{reminder.pk}:{address}",
            "payment-reminder",
            address,
            context,
            language=statement.language,
        )
