"""Erasure (GDPR art. 17) of any kind of person: an ALIS (a doctor in the register, with or
without a login), a supervisor, a health manager, a researcher, a member of the steering
group, a plain user account, or a survey contact known only by e-mail.

Personal fields are replaced by a pseudonymous label (labels.py), in the record and in every
history row; the login is closed (password, second factor, API tokens, external login
links, e-mail addresses; open sessions end because the account is inactive and its password
hash changed); research consents are withdrawn and detached so their pseudonyms resolve to
nobody and no future export holds the person. The records the programme must keep
(placements, supervision sessions and their hours, reviews, grants and statements, who
exported what) stay, linked to the pseudonym, so the statistics still add up. The audit log
keeps that an erasure happened, by whom and when (the change reason), not what was erased."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from alisvest.identity.models import ExternalIdentity
from alisvest.models import ApiToken, DigestItem, Invitation, User
from placements.models import Application, Doctor
from research.erasure import labels
from research.erasure.training_record import delete_training_record
from research.models import Consent, ConsentInvitation, Study, SurveyInvitation
from supervision.models import PortfolioJob

REASON = "Sletting av personopplysninger (GDPR)"


def _save_with_reason(obj, **kwargs):
    obj._change_reason = REASON
    obj.save(**kwargs)


def _detach_consents(consents):
    """The pseudonym is keyed on the person (doctor or user) through the consent row. Erasure
    withdraws consent for good: the rows go, and their history keeps no link to the person,
    so an old pseudonym resolves to nobody. Exports only ever held active consents."""

    for consent in consents:
        pk = consent.pk
        consent._change_reason = REASON
        # The signed documents (this one and any earlier, named in the history) carry the
        # person's typed name: they go with the consent.
        names = set(Consent.history.filter(id=pk).exclude(signed_pdf="").values_list(
            "signed_pdf", flat=True
        ))  # fmt: skip
        consent.delete()
        for name in names:
            default_storage.delete(name)
        Consent.history.filter(id=pk).update(
            doctor=None, user=None, name=labels.label("participant", pk), signature="",
            signed_pdf="", withdrawal_reason="",
        )  # fmt: skip


def _close_login(user):
    ApiToken.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    DigestItem.objects.filter(user=user).delete()  # unsent notices about other people
    for identity in ExternalIdentity.objects.filter(user=user):
        identity._change_reason = REASON
        identity.delete()
    ExternalIdentity.history.filter(user_id=user.pk).update(pid_digest="", hpr_number="")


def _scrub_invitations(old_email, name, email):
    for invitation in Invitation.objects.filter(email__iexact=old_email):
        invitation.name, invitation.email = name, email
        invitation.save(update_fields=["name", "email"])
        Invitation.history.filter(id=invitation.pk).update(name=name, email=email)


def _scrub_survey_invitations(old_email, email):
    """The address and name go; no reminder is sent to the erased address. The answers
    stay: a municipality's are the municipality's, and a person's carry neither."""
    now = timezone.now()
    for invitation in SurveyInvitation.objects.filter(email__iexact=old_email):
        invitation.email, invitation.name = email, ""
        invitation.sent_at = invitation.sent_at or now
        invitation.reminded_at = invitation.reminded_at or now
        _save_with_reason(invitation)
        SurveyInvitation.history.filter(id=invitation.pk).update(email=email, name="")


def _scrub_application_contacts(old_email, name, email):
    """A health manager named as an application's contact person."""
    for application in Application.objects.filter(contact_email__iexact=old_email):
        application.contact_name, application.contact_email = name, email
        _save_with_reason(application)
        Application.history.filter(id=application.pk).update(contact_name=name, contact_email=email)


def _erase_account(user, kind, name=None):
    """`name`: the label the person already got in the register (an ALIS), so they are
    called the same everywhere."""
    old_email = user.email
    user.name = name or labels.label(kind, user.pk)
    user.email = labels.email(kind, user.pk)
    user.email_frequency = ""
    user.language = ""
    user.is_active = False
    user.set_unusable_password()
    _save_with_reason(user)
    User.history.filter(id=user.pk).update(
        name=user.name, email=user.email, email_frequency="", language=""
    )
    _close_login(user)
    _scrub_invitations(old_email, user.name, user.email)
    _scrub_survey_invitations(old_email, user.email)
    _scrub_application_contacts(old_email, user.name, user.email)
    _detach_consents(Consent.objects.filter(user=user))
    Study.members.through.objects.filter(user=user).delete()
    return user


def _erase_doctor_record(doctor):
    doctor.name = labels.label(labels.Role.ALIS, doctor.pk)
    doctor.email = labels.email(labels.Role.ALIS, doctor.pk)
    doctor.hpr_number = _free_hpr_number(doctor)
    _save_with_reason(doctor)
    Doctor.history.filter(id=doctor.pk).update(
        name=doctor.name, email=doctor.email, hpr_number=doctor.hpr_number
    )
    _detach_consents(Consent.objects.filter(doctor=doctor))
    for invitation in ConsentInvitation.objects.filter(doctor=doctor):
        invitation._change_reason = REASON
        invitation.delete()  # the link stops working; the history keeps no link to the person
    ConsentInvitation.history.filter(doctor_id=doctor.pk).update(doctor_id=None)
    _delete_portfolios(doctor)
    delete_training_record(doctor)
    return doctor


def _delete_portfolios(doctor):
    """A portfolio PDF prints the name and HPR number as they were: it goes, file and row; a
    new one made later shows the pseudonym."""
    jobs = PortfolioJob.objects.filter(placement__doctor=doctor)
    names = list(jobs.exclude(pdf="").values_list("pdf", flat=True))
    jobs.delete()
    for name in names:
        default_storage.delete(name)


def _free_hpr_number(doctor):
    """Unique and digits only, as the table requires."""
    for attempt in range(100):
        number = labels.hpr_number(doctor.pk, attempt)
        if not Doctor.objects.filter(hpr_number=number).exclude(pk=doctor.pk).exists():
            return number
    raise RuntimeError("no free replacement HPR number")  # 100 collisions in 10^8: never


@transaction.atomic
def erase_doctor(doctor, *, by):
    """An ALIS in the register; their login too, if they have one."""
    _erase_doctor_record(doctor)
    if doctor.user_id:
        _erase_account(doctor.user, labels.Role.ALIS, name=doctor.name)
    return doctor


@transaction.atomic
def erase_user(user, *, by):
    """Any person with a login; an ALIS's register record too."""
    doctor = Doctor.objects.filter(user=user).first()
    if doctor is None:
        return _erase_account(user, labels.kind_of(user))
    _erase_doctor_record(doctor)
    return _erase_account(user, labels.Role.ALIS, name=doctor.name)


@transaction.atomic
def erase_participant(consent, *, by):
    """A participant known only by name: the consent goes, and its history keeps a label."""
    _detach_consents([consent])


@transaction.atomic
def erase_survey_contact(invitation, *, by):
    """A survey contact known only by the address the invitations went to. If the address
    belongs to a login, the whole person is erased."""
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is not None:
        return erase_user(user, by=by)
    _scrub_survey_invitations(invitation.email, labels.email("respondent", invitation.pk))
    return None
