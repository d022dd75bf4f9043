"""Rendering and e-mailing a credit note, once: compare-and-set on the PDF and the receipt,
and one idempotency key per manager, as for the statements (funding.tasks)."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from alisvest.idempotency import send_once
from alisvest.links import absolute_url
from alisvest.pdf import render_pdf
from alisvest.tasks import durable_task

from . import services
from .models import CreditNote


def pdf_bytes(note):
    return render_pdf(
        "funding/credit_note_pdf.html",
        {"note": note, "statement": note.statement},
        language=note.language,
        stylesheets=("placements/pdf.css", "funding/statement_pdf.css"),
    )


def store_pdf(note):
    storage = CreditNote._meta.get_field("pdf").storage
    if note.pdf and storage.exists(note.pdf.name):
        return note
    lost = note.pdf.name or ""
    file = ContentFile(pdf_bytes(note), name=note.filename)
    path = storage.save(f"credit-notes/{note.year}/{note.filename}", file)
    if not CreditNote.objects.filter(pk=note.pk, pdf=lost).update(
        pdf=path, pdf_generated_at=timezone.now()
    ):
        storage.delete(path)
    note.refresh_from_db(fields=["pdf", "pdf_generated_at"])
    return note


def get_note(pk):
    return CreditNote.objects.select_related(
        "programme", "statement__municipality", "statement__programme"
    ).get(pk=pk)


@durable_task
def render_and_send_credit_note(note_id):
    note = store_pdf(get_note(note_id))
    if note.emailed_at is None:
        with note.pdf.open("rb") as handle:
            content = handle.read()
        url = absolute_url(reverse("funding:credit_note_detail", args=[note.pk]))
        for address in services.statement_managers(note.statement):
            send_once(
                f"credit-note:{note.pk}:{address}",
                "credit-note",
                address,
                {"note": note, "action_url": url},
                language=note.language,
                attachments=[(note.filename, content, "application/pdf")],
            )
        CreditNote.objects.filter(pk=note.pk, emailed_at=None).update(emailed_at=timezone.now())
    return note.number


def dispatch(note):
    transaction.on_commit(lambda: render_and_send_credit_note.delay(note.pk))
