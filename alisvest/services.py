from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from alisvest.roles import Role

from . import tasks
from .models import Invitation, User
from .roles import grant_role

INVITATION_DAYS = 14


@transaction.atomic
def invite(form, *, by):
    """Save the invitation and e-mail its link once the transaction has committed."""
    return _send(form.save(commit=False), by=by)


@transaction.atomic
def invite_doctor(doctor, *, by):
    """Invite an ALIS to create a login; accepting links the account to the doctor."""
    invitation = Invitation(
        email=doctor.email.lower(),
        name=doctor.name,
        role=Role.ALIS,
        programme=doctor.programme,
        doctor=doctor,
    )
    return _send(invitation, by=by)


@transaction.atomic
def resend(invitation, *, by):
    """A new link for the same person, role and scope; the old invitation stays as it was."""
    again = Invitation(
        email=invitation.email,
        name=invitation.name,
        role=invitation.role,
        programme=invitation.programme,
        municipality=invitation.municipality,
        doctor=invitation.doctor,
    )
    return _send(again, by=by)


def _send(invitation, *, by):
    invitation.invited_by = by
    invitation.expires_at = timezone.now() + timedelta(days=INVITATION_DAYS)
    invitation.set_token()
    invitation.save()
    # The task gets the id only and rebuilds the link: no bearer secret in the broker.
    tasks.send_invitation.delay_on_commit(invitation.pk)
    return invitation


@transaction.atomic
def accept_invitation(invitation, *, name, password):
    user = User.objects.create_user(email=invitation.email, password=password, name=name)
    scope = invitation.programme or invitation.municipality or invitation.regional_office
    grant_role(user, invitation.role, scope)
    updated = Invitation.objects.filter(pk=invitation.pk, accepted_at=None).update(
        accepted_at=timezone.now()
    )
    if updated != 1:  # accepted in another tab a moment ago
        raise transaction.TransactionManagementError("invitation already used")
    if invitation.doctor_id:
        # Saved through the model so the doctor's history records the link.
        doctor = (
            Invitation.doctor.field.related_model.objects.select_for_update()
            .filter(pk=invitation.doctor_id)
            .first()
        )
        if doctor is not None and doctor.user_id is None:
            doctor.user = user
            doctor.save(update_fields=["user"])
    return user
