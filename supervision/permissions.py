"""Permission rules as small named functions returning (allowed, reason). Scope (404) is
the job of the get_<obj>_for_user helpers; these decide what a user in scope may do."""

from django.db.models import Q
from django.utils.translation import gettext as _

from alisvest.roles import access_of
from placements.models import SupervisorAssignment
from placements.relations import leads_programme

from .models import (
    EDIT_WINDOW_DAYS,
    ProgressReview,
    ReviewSignature,
    SupervisionSession,
    is_locked,
)


def leads_programme_of(user, placement):
    access = access_of(user)
    return access.superuser or placement.programme_id in access.led_programmes


def supervises(user, placement):
    return SupervisorAssignment.objects.filter(placement=placement, supervisor=user).exists()


def can_log(user, placement):
    if leads_programme_of(user, placement) or supervises(user, placement):
        return True, ""
    return False, _("Bare veilederen til ALIS-en eller prosjektleder kan registrere veiledning.")


def can_log_on(user, placement, day):
    """The edit window also bounds new sessions: a date older than 60 days is locked."""
    if day is not None and is_locked(day) and not leads_programme_of(user, placement):
        return False, _(
            "Datoen er mer enn %(days)s dager tilbake og er låst. Be prosjektleder registrere "
            "timen."
        ) % {"days": EDIT_WINDOW_DAYS}
    return True, ""


def can_change(user, session):
    if leads_programme_of(user, session.placement):
        return True, ""
    if session.supervisor_id != user.pk:
        return False, _("Bare veilederen som registrerte timen kan endre den.")
    if session.locked:
        return False, _(
            "Timen er låst: det er gått mer enn %(days)s dager. Be prosjektleder om endringen."
        ) % {"days": EDIT_WINDOW_DAYS}
    return True, ""


def is_alis_of(user, session):
    return user.is_authenticated and session.placement.doctor.user_id == user.pk


def can_confirm(user, session):
    if not is_alis_of(user, session):
        return False, _("Bare ALIS-en kan bekrefte timen.")
    if session.status != SupervisionSession.Status.LOGGED:
        return False, _("Timen er allerede %(status)s.") % {
            "status": session.get_status_display().lower()
        }
    return True, ""


def can_dispute(user, session):
    if not is_alis_of(user, session):
        return False, _("Bare ALIS-en kan bestride timen.")
    if session.locked:
        return False, _(
            "Timen er låst: det er gått mer enn %(days)s dager, og den kan ikke lenger "
            "bestrides. Ta kontakt med prosjektleder."
        ) % {"days": EDIT_WINDOW_DAYS}
    if session.status not in {
        SupervisionSession.Status.LOGGED,
        SupervisionSession.Status.CONFIRMED,
    }:
        return False, _("Timen er allerede %(status)s.") % {
            "status": session.get_status_display().lower()
        }
    return True, ""


def can_resolve(user, session):
    if session.status != SupervisionSession.Status.DISPUTED:
        return False, _("Bare en bestridt time kan avklares.")
    return can_change(user, session)


def can_manage_group(user, group):
    access = access_of(user)
    if (
        access.superuser
        or group.leader_id == user.pk
        or group.programme_id in access.led_programmes
    ):
        return True, ""
    return False, _("Bare gruppelederen eller prosjektleder kan registrere gruppemøter.")


def can_create_group(user):
    access = access_of(user)
    if access.superuser or access.led_programmes:
        return True, ""
    return False, _("Bare prosjektleder kan opprette veiledningsgrupper.")


def can_edit_group(user, group):
    """The group itself (name, leader, period, members): the programme's project leader."""
    if leads_programme(user, group.programme_id):
        return True, ""
    return False, _("Bare prosjektleder for programmet kan endre gruppen og medlemmene.")


def can_run_yearly_check(user):
    """The yearly check on demand (after late logging, say): a project leader, for the
    programmes they lead."""
    access = access_of(user)
    if access.superuser or access.led_programmes:
        return True, ""
    return False, _("Bare prosjektleder kan kjøre årskontrollen.")


# --- Half-year reviews and the post evaluation -------------------------------------------


def supervises_in(user, placement, first, last):
    """Assigned as the placement's supervisor for some day of first–last."""
    return (
        SupervisorAssignment.objects.filter(placement=placement, supervisor=user, start__lte=last)
        .filter(Q(end__isnull=True) | Q(end__gte=first))
        .exists()
    )


def can_write_review(user, placement, first, last):
    if supervises_in(user, placement, first, last):
        return True, ""
    return False, _("Bare veilederen til ALIS-en i halvåret kan skrive halvårsvurderingen.")


def _is_current(review):
    return not ProgressReview.objects.filter(supersedes=review).exists()


def can_edit_review(user, review):
    if not _is_current(review):
        return False, _("En nyere versjon har erstattet denne halvårsvurderingen.")
    if review.signatures.exists():
        return False, _("Halvårsvurderingen er signert og kan bare endres ved en ny versjon.")
    return can_write_review(user, review.placement, review.period_start, review.period_end)


def can_amend_review(user, review):
    if not _is_current(review):
        return False, _("En nyere versjon har erstattet denne halvårsvurderingen.")
    if not review.signatures.exists():
        return False, _("Halvårsvurderingen er ikke signert ennå: endre den direkte.")
    return can_write_review(user, review.placement, review.period_start, review.period_end)


def can_sign_review(user, review, role):
    """Supervisor first, then the ALIS, then the project leader's acknowledgement."""
    Role = ReviewSignature.Role
    if not _is_current(review):
        return False, _("En nyere versjon har erstattet denne halvårsvurderingen.")
    signed = review.signed_roles()
    if role in signed:
        return False, _("Denne rollen har allerede signert.")
    placement = review.placement
    if role == Role.SUPERVISOR:
        return can_write_review(user, placement, review.period_start, review.period_end)
    if role == Role.ALIS:
        if not is_alis_of_placement(user, placement):
            return False, _("Bare ALIS-en kan kommentere og signere som ALIS.")
        if Role.SUPERVISOR not in signed:
            return False, _("Veilederen må signere først.")
        return True, ""
    if role == Role.LEADER:
        if not leads_programme_of(user, placement):
            return False, _("Bare prosjektleder kan kvittere for halvårsvurderingen.")
        if Role.ALIS not in signed:
            return False, _("Veileder og ALIS må signere før prosjektleder kvitterer.")
        return True, ""
    return False, _("Ukjent rolle.")


# --- The training record: minutes and reflections ---------------------------------------


def can_read_minutes(user, placement):
    """The ALIS, the placement's supervisors (now or earlier) and its project leaders."""
    if is_alis_of_placement(user, placement) or leads_programme_of(user, placement):
        return True, ""
    if supervises(user, placement):
        return True, ""
    return False, _("Referatet er bare for ALIS-en, veilederne og prosjektleder.")


def is_alis_of_placement(user, placement):
    return user.is_authenticated and placement.doctor.user_id == user.pk


def can_evaluate_post(user, placement):
    if is_alis_of_placement(user, placement):
        return True, ""
    return False, _("Bare ALIS-en i stillingen kan evaluere den.")


def can_read_evaluations(user):
    access = access_of(user)
    if access.superuser or access.led_programmes:
        return True, ""
    return False, _("Bare prosjektleder ser evalueringene, og bare samlet.")


def can_see_assessments(user, placement):
    """The ALIS, their supervisors and the project leader; health managers, researchers,
    the steering group and regional offices never see assessments."""
    if leads_programme_of(user, placement) or supervises(user, placement):
        return True, ""
    if user.is_authenticated and placement.doctor.user_id == user.pk:
        return True, ""
    return False, _("Vurderinger er bare synlige for ALIS-en, veilederne og prosjektleder.")


def can_request_assessment(user, placement):
    if user.is_authenticated and placement.doctor.user_id == user.pk:
        return True, ""
    return False, _("Bare ALIS-en selv kan be om en vurdering.")


def can_reflect(user, placement):
    if is_alis_of_placement(user, placement):
        return True, ""
    return False, _("Bare ALIS-en kan skrive refleksjoner i sin egen plan.")


def can_change_reflection(user, reflection):
    if user.is_authenticated and reflection.author_id == user.pk:
        return True, ""
    return False, _("Bare den som skrev refleksjonen kan endre eller slette den.")
