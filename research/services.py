"""State changes of the research app, each one function."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from alisvest.outbox import enqueue
from alisvest.pdf import render_pdf

from .models import Category, Consent, ConsentInvitation, InformationText, Study, new_consent_nonce
from .tasks import send_consent_invitation


def withdraw_consent(consent, by, at=None, *, method="", received=None, reason=""):
    """Withdraw once (compare-and-set): from this moment the person is in no export or
    analysis. `method` says how the withdrawal came (Consent.Withdrawal); a letter carries the
    date it was received and the reason it gives. Returns False if it was already withdrawn."""
    at = at or timezone.now()
    fields = {
        "withdrawn_at": at,
        "withdrawal_method": method,
        "withdrawal_received": received,
        "withdrawal_reason": reason,
    }
    with transaction.atomic():
        changed = Consent.objects.filter(pk=consent.pk, withdrawn_at=None).update(**fields)
        if changed:
            consent.refresh_from_db()
            # The queryset update skipped simple_history: record the change explicitly.
            consent._change_reason = "trukket tilbake"
            consent._history_user = by
            consent.save(update_fields=list(fields))
    return bool(changed)


def current_text(study):
    return study.information_texts.order_by("-version").first()


def publish_text(study, by, *, title, text_nb, text_nn="", text_en=""):
    """A new version of the study's information text; the versions before it stay as they
    were, so every consent still names the text its person read."""
    with transaction.atomic():
        Study.objects.select_for_update().filter(pk=study.pk).first()  # one number at a time
        last = study.information_texts.aggregate(n=Max("version"))["n"] or 0
        return InformationText.objects.create(
            study=study, version=last + 1, title=title, text_nb=text_nb, text_nn=text_nn,
            text_en=text_en, created_by=by,
        )  # fmt: skip


def signed_document(consent, text, language):
    """The PDF the person signed: the text they read, their typed name, the time."""
    return render_pdf(
        "research/consent_pdf.html",
        {"consent": consent, "study": consent.study, "text": text, "body": text.text_in(language)},
        language=language,
    )


def give_consent(study, doctor, text, signature, *, by=None, language="nb"):
    """The ALIS gives consent electronically to `text` (the version they read), signing with
    their typed name. The signed document is rendered and stored with its checksum in the
    same step: no consent is recorded without its document. A consent withdrawn before is
    given anew in the same row (its history keeps the earlier one and its document).
    Returns (consent, changed): unchanged if consent was already in force."""
    now = timezone.now()
    with transaction.atomic():
        consent = Consent.objects.select_for_update().filter(study=study, doctor=doctor).first()
        if consent is not None and consent.withdrawn_at is None:
            return consent, False
        consent = consent or Consent(study=study, doctor=doctor, category=Category.ALIS)
        consent.given_at, consent.method = now, Consent.Method.DIGITAL
        consent.information_text, consent.text_version = text, text.label
        consent.signature, consent.registered_by = signature.strip(), by
        consent.withdrawn_at, consent.withdrawal_method = None, ""
        consent.withdrawal_received, consent.withdrawal_reason = None, ""
        pdf = signed_document(consent, text, language)
        consent.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        consent.signed_pdf.save("samtykke.pdf", ContentFile(pdf), save=False)
        consent._change_reason = "samtykke gitt elektronisk"
        consent._history_user = by
        consent.save()
    return consent, True


def invite_to_consent(study, doctors, by):
    """One personal link per ALIS; the e-mail goes through the outbox after commit (the task
    gets the invitation's id, never the link). Inviting again sends the same link again."""
    invitations = []
    with transaction.atomic():
        for doctor in doctors:
            invitation, _created = ConsentInvitation.objects.get_or_create(
                study=study, doctor=doctor, defaults={"sent_by": by}
            )
            ConsentInvitation.objects.filter(pk=invitation.pk).update(sent_at=None, sent_by=by)
            enqueue(send_consent_invitation, invitation.pk)
            invitations.append(invitation)
    return invitations


def renew_consent_link(invitation):
    """A new nonce: the old link stops working at once."""
    invitation.nonce = new_consent_nonce()
    invitation.save(update_fields=["nonce"])
