"""Erasure (GDPR art. 17): a project leader erases a person. Their personal fields are
anonymised in the record and in every history row, their login is closed, their research
consents are detached so their pseudonyms no longer resolve to them, and the records that
make up the statistics (placements, sessions, statements) stay, linked to the anonymised
person. The audit log keeps that an erasure happened (the change reason), not what was
erased."""

from django.db import transaction

from alisvest.models import ApiToken, Invitation, User
from placements.models import Doctor
from research.models import Consent
from supervision.models import SupervisionSession

REASON = "Sletting av personopplysninger (GDPR)"


def label(kind, pk):
    return f"Slettet {kind} #{pk}"


def _save_with_reason(obj):
    obj._change_reason = REASON
    obj.save()


def _detach_consents(consents):
    """The pseudonym is keyed on the person (doctor or user) through the consent row. Erasure
    withdraws consent for good: the rows go, and their history keeps no link to the person,
    so an old pseudonym resolves to nobody. Exports only ever held active consents."""

    for consent in consents:
        pk = consent.pk
        consent._change_reason = REASON
        consent.delete()
        Consent.history.filter(id=pk).update(doctor=None, user=None, name=label("deltaker", pk))


@transaction.atomic
def erase_user(user, *, by):
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    old_email = user.email
    user.name = label("person", user.pk)
    user.email = f"slettet-{user.pk}@slettet.invalid"
    user.is_active = False
    user.set_unusable_password()
    _save_with_reason(user)
    User.history.filter(id=user.pk).update(name=user.name, email=user.email)
    ApiToken.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    for invitation in Invitation.objects.filter(email__iexact=old_email):
        invitation.name, invitation.email = user.name, user.email
        invitation.save(update_fields=["name", "email"])
        Invitation.history.filter(id=invitation.pk).update(name=user.name, email=user.email)
    _detach_consents(Consent.objects.filter(user=user))
    return user


@transaction.atomic
def erase_doctor(doctor, *, by):

    doctor.name = label("ALIS", doctor.pk)
    doctor.email = f"slettet-lege-{doctor.pk}@slettet.invalid"
    # Unique and digits only (a rule of the table); real HPR numbers have at most 8 digits.
    doctor.hpr_number = f"9{doctor.pk:08d}"
    _save_with_reason(doctor)
    Doctor.history.filter(id=doctor.pk).update(
        name=doctor.name, email=doctor.email, hpr_number=doctor.hpr_number
    )
    _detach_consents(Consent.objects.filter(doctor=doctor))
    if doctor.user_id:
        erase_user(doctor.user, by=by)
    return doctor


def consequences(doctor):
    """What the confirmation page shows before anything happens."""

    return {
        "placements": doctor.placements.count(),
        "sessions": SupervisionSession.objects.filter(placement__doctor=doctor).count(),
        "consents": Consent.objects.filter(doctor=doctor).count()
        + (Consent.objects.filter(user=doctor.user_id).count() if doctor.user_id else 0),
        "has_login": bool(doctor.user_id),
    }
