"""Whom a user may erase. Erasure is for the project leader (and a superuser): a person the
project leader's programme knows, that is someone who leads, steers or researches in it, who
manages a municipality taking part in it, who supervises one of its ALIS, or who is one of
its ALIS; a survey contact of one of its studies. Everyone else is outside scope (404). No
one erases themself, and only a superuser erases a superuser."""

from django.db.models import Q

from alisvest.models import User
from alisvest.roles import access_of
from placements.models import Doctor, Municipality
from research.models import Consent, SurveyInvitation


def people_for_user(user):
    access = access_of(user)
    people = User.objects.exclude(pk=user.pk)
    if access.superuser:
        return people
    led = access.led_programmes
    if not led:
        return people.none()
    taking_part = Municipality.objects.in_programmes(led)
    return (
        people.filter(is_superuser=False)
        .filter(
            Q(programmeuserobjectpermission__content_object__in=led)
            | Q(municipalityuserobjectpermission__content_object__in=taking_part)
            | Q(supervisions__placement__doctor__programme__in=led)
            | Q(doctor__programme__in=led)
        )
        .distinct()
    )


def doctors_for_user(user):
    access = access_of(user)
    if access.superuser:
        return Doctor.objects.all()
    return Doctor.objects.filter(programme__in=access.led_programmes)


def survey_contacts_for_user(user):
    access = access_of(user)
    # An invitation without an address (its link copied by hand) names nobody.
    invitations = SurveyInvitation.objects.select_related("wave__study", "municipality").exclude(
        email=""
    )
    if access.superuser:
        return invitations
    return invitations.filter(wave__study__programme__in=access.led_programmes)


def participants_for_user(user):
    """Research participants known only by name (support staff without a login)."""
    access = access_of(user)
    consents = Consent.objects.filter(doctor=None, user=None).exclude(name="")
    consents = consents.select_related("study")
    if access.superuser:
        return consents
    return consents.filter(study__programme__in=access.led_programmes)


def may_erase(user):
    access = access_of(user)
    return access.superuser or bool(access.led_programmes)
