"""Survey links and once-only claims: a link is the invitation's id and nonce signed with
the site's secret, one per recipient (a municipality's link names its number and works for
that municipality only); an invitation's e-mail and its reminder
are each claimed once (compare-and-set), so a re-run sends nothing twice."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from alisvest.links import nonce_claims, nonce_token

from .models import SurveyInvitation, SurveyResponse

SALT = "research.survey-link"


def token_for(invitation):
    """The wave's close date, not the token, decides when the link stops working."""
    return nonce_token(SALT, invitation)


def link_for(invitation, base_url=None):
    if invitation.role == SurveyInvitation.Role.MUNICIPALITY:
        args = ["research:survey_answer", [invitation.municipality.number, token_for(invitation)]]
    else:
        args = ["research:survey_link", [token_for(invitation)]]
    path = reverse(args[0], args=args[1])
    return (base_url or invitation.wave.base_url or "") + path


def invitation_from(token, number=None):
    """The invitation behind a link, or None if the link is forged, revoked, or used for
    another municipality's number (or a municipality's link without its number)."""
    data = nonce_claims(SALT, token)
    if data is None:
        return None
    invitation = (
        SurveyInvitation.objects.select_related("wave__study", "municipality")
        .filter(pk=data.get("i"), nonce=data.get("n"))
        .first()
    )
    if invitation is None:
        return None
    is_municipality = invitation.role == SurveyInvitation.Role.MUNICIPALITY
    if is_municipality != (number is not None):
        return None
    if is_municipality and invitation.municipality.number != number:
        return None
    return invitation


def claim(invitation_pk, field, now=None):
    """Compare-and-set: True for exactly one caller per invitation and field."""
    now = now or timezone.now()
    return bool(
        SurveyInvitation.objects.filter(pk=invitation_pk, **{field: None}).update(**{field: now})
    )


def due_reminders(wave=None, now=None, ignore_days=False):
    """Invitations sent, unanswered, not yet reminded, in open waves."""
    now = now or timezone.now()
    due = SurveyInvitation.objects.filter(
        wave__opens_at__lte=now,
        wave__closes_at__gt=now,
        sent_at__isnull=False,
        reminded_at=None,
    ).exclude(Exists(SurveyResponse.objects.filter(invitation=OuterRef("pk"))))
    if wave is not None:
        due = due.filter(wave=wave)
    if ignore_days:
        return due
    # A handful of municipalities per wave: the per-wave delay is checked here.
    return due.filter(
        pk__in=[
            i.pk
            for i in due.select_related("wave")
            if i.sent_at + timezone.timedelta(days=i.wave.remind_after_days) <= now
        ]
    )
