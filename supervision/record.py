"""State changes for the training record beside the sessions: a session's minutes, the
follow-ups that carry over to the next session, and the ALIS's reflections."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alisvest.access import require

from . import permissions
from .models import Reflection, SessionMinutes, SupervisionSession


def previous_follow_ups(placement, *, before=None):
    """The latest session of the placement (before `before`, a session, if given) whose
    minutes left follow-ups for next time, or None. One query."""
    sessions = SupervisionSession.objects.filter(placement=placement).exclude(record__follow_ups="")
    sessions = sessions.filter(record__isnull=False)
    if before is not None and before.pk:
        sessions = sessions.exclude(pk=before.pk).filter(date__lte=before.date)
    return sessions.select_related("record").order_by("-date", "-pk").first()


def check_objectives(placement, objectives):
    """Only the placement's own programme's catalogue (a form's queryset already says so;
    the API and the services say it again)."""
    foreign = [o for o in objectives if o.programme_id != placement.programme_id]
    if foreign:
        raise ValidationError(
            {"objectives": _("Velg læringsmål fra programmets katalog.")}, code="invalid"
        )


def save_minutes(session, *, by, objectives=(), agreed="", follow_ups="", follows_up=None):
    """Write (or clear) a session's minutes. Empty minutes are no row at all. On a new row,
    the previous session whose follow-ups were shown is kept as `follows_up`."""
    require(permissions.can_change(by, session))
    objectives = list(objectives)
    check_objectives(session.placement, objectives)
    record = SessionMinutes.objects.filter(session=session).first()
    if not (objectives or agreed.strip() or follow_ups.strip()):
        if record is not None:
            record.delete()
        return None
    if record is None:
        previous = follows_up or previous_follow_ups(session.placement, before=session)
        record = SessionMinutes(session=session, follows_up=previous)
    record.agreed, record.follow_ups = agreed.strip(), follow_ups.strip()
    record.updated_at = timezone.now()
    record.full_clean()
    record.save()
    record.objectives.set(objectives)
    return record


@transaction.atomic
def save_reflection(reflection, *, by):
    """The ALIS writes or changes their own reflection."""
    if reflection.pk:
        require(permissions.can_change_reflection(by, reflection))
    else:
        require(permissions.can_reflect(by, reflection.placement))
        reflection.author = by
    reflection.updated_at = timezone.now()
    reflection.full_clean()
    reflection.save()
    return reflection


@transaction.atomic
def delete_reflection(reflection, *, by):
    require(permissions.can_change_reflection(by, reflection))
    reflection.delete()


def reflections_of(user, placement):
    """The reflections on a placement this user may read, newest first, with their
    subjects (one query)."""
    return (
        Reflection.objects.for_user(user)
        .filter(placement=placement)
        .select_related("session", "objective", "period")
    )
