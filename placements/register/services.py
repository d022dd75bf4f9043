"""State changes for the register: supervisor assignments, absences and moving a
placement's planned end; and a supervisor's workload."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from alisvest.access import require
from placements.register.models import Absence, Placement, SupervisorAssignment
from placements.register.substitutes import SubstituteCover
from placements.relations import administers_municipality

# Leave longer than this (in days) prompts to move the planned end.
LONG_LEAVE_DAYS = 28
EXTENDING_KINDS = {Absence.Kind.PARENTAL, Absence.Kind.LEAVE, Absence.Kind.ILLNESS}


def can_edit_register(user, placement):
    if administers_municipality(user, placement.municipality):
        return True, ""
    return False, _("Du har lesetilgang til denne stillingen, men kan ikke endre den.")


def can_record_absence(user, placement):
    """The municipality's manager, the programme's leader, or the ALIS themselves."""
    if placement.doctor.user_id is not None and placement.doctor.user_id == user.pk:
        return True, ""
    return can_edit_register(user, placement)


@transaction.atomic
def assign_supervisor(placement, *, by, supervisor, start, end=None, **flags):
    """Start a new supervisor from `start`; the current one ends the day before."""
    require(can_edit_register(by, placement))
    Placement.objects.select_for_update().filter(pk=placement.pk).first()
    assignments = placement.supervisor_assignments.all()
    later = assignments.filter(start__gte=start).order_by("start").first()
    if later is not None:
        raise ValidationError(
            {
                "start": _(
                    "Stillingen har allerede en veileder fra %(date)s. Velg en senere "
                    "startdato, eller endre den veiledningen."
                )
                % {"date": later.start.strftime("%d.%m.%Y")}
            }
        )
    if not placement.start <= start <= placement.end:
        raise ValidationError(
            {"start": _("Startdatoen må ligge innenfor utdanningsstillingens periode.")}
        )
    for current in assignments.filter(Q(end__isnull=True) | Q(end__gte=start)):
        current.end = start - timedelta(days=1)
        current.save(update_fields=["end"])
    assignment = SupervisorAssignment(
        placement=placement, supervisor=supervisor, start=start, end=end, **flags
    )
    assignment.full_clean()
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as error:  # a concurrent assignment won the race
        raise ValidationError(
            {"start": _("Stillingen har allerede en veileder i denne perioden.")}
        ) from error
    return assignment


@transaction.atomic
def transfer_placement(placement, *, by, doctor, reason):
    """Move the placement, with its sessions and expenses, to another doctor; the reason and
    both names go into the placement's history."""
    require(can_edit_register(by, placement))
    placement = Placement.objects.select_for_update().select_related("doctor").get(pk=placement.pk)
    before = placement.doctor
    placement.doctor = doctor
    placement.full_clean()
    # Stored in bokmål like the other reasons in the history, whatever the page's language.
    placement._change_reason = f"Overført fra {before.name} til {doctor.name}: {reason}"
    placement.save(update_fields=["doctor"])
    return placement


@transaction.atomic
def record_absence(placement, *, by, **fields):
    require(can_record_absence(by, placement))
    absence = Absence(placement=placement, **fields)
    absence.full_clean()
    absence.save()
    return absence


def can_change_absence(user, absence):
    """Who records it may correct it, until the planned end was decided on it: from then on
    only the register's keepers, since the planned end follows the change."""
    allowed, reason = can_record_absence(user, absence.placement)
    if allowed and absence.end_decision and not can_edit_register(user, absence.placement)[0]:
        return False, _(
            "Planlagt slutt er allerede vurdert for dette fraværet. Be helselederen endre det."
        )
    return allowed, reason


def _shift_planned_end(placement, days, reason):
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    placement.planned_end += timedelta(days=days)
    placement._change_reason = reason
    placement.save(update_fields=["planned_end"])
    return placement


@transaction.atomic
def update_absence(absence, *, by, reason="", **fields):
    """Correct an absence. If the planned end was moved for it, the end follows the new
    length (or moves back when it no longer extends); a kept end is asked about again."""
    require(can_change_absence(by, absence))
    before = Absence.objects.select_for_update().get(pk=absence.pk)
    for name, value in fields.items():
        setattr(absence, name, value)
    absence.full_clean()
    moved_days = before.days if before.end_decision == Absence.EndDecision.MOVED else 0
    absence.end_decision = ""
    new_days = extension_days(absence)
    if moved_days:
        absence.end_decision = Absence.EndDecision.MOVED if new_days else ""
        if new_days != moved_days:
            _shift_planned_end(
                absence.placement,
                new_days - moved_days,
                f"Planlagt slutt flyttet {new_days - moved_days} dager etter endret fravær "
                f"{absence}",
            )
    elif before.end_decision == Absence.EndDecision.KEPT and before.days == absence.days:
        absence.end_decision = Absence.EndDecision.KEPT
    absence._change_reason = reason or "Fravær endret"
    absence.save()
    return absence


@transaction.atomic
def delete_absence(absence, *, by):
    """Delete an absence (the history keeps it); a planned end moved for it moves back."""
    require(can_change_absence(by, absence))
    if absence.end_decision == Absence.EndDecision.MOVED:
        _shift_planned_end(
            absence.placement,
            -absence.days,
            f"Planlagt slutt flyttet {absence.days} dager tilbake: fravær {absence} slettet",
        )
    absence._change_reason = "Fravær slettet"
    absence.delete()


@transaction.atomic
def record_substitute(placement, *, by, **fields):
    """A substitute covering the ALIS; the absence it covers is marked as covered."""
    require(can_edit_register(by, placement))
    cover = SubstituteCover(placement=placement, **fields)
    cover.full_clean()
    cover.save()
    if cover.absence and not cover.absence.substitute_arranged:
        cover.absence.substitute_arranged = True
        cover.absence._change_reason = f"Vikar registrert: {cover}"
        cover.absence.save(update_fields=["substitute_arranged"])
    return cover


def extension_days(absence):
    """Days to move the planned end for a long leave, or 0 when no prompt is due."""
    if (
        not absence.end_decision
        and absence.kind in EXTENDING_KINDS
        and absence.days > LONG_LEAVE_DAYS
    ):
        return absence.days
    return 0


@transaction.atomic
def move_planned_end(placement, *, by, days, absence=None):
    """Move the planned end `days` later (after long leave). Recorded in the history."""
    require(can_edit_register(by, placement))
    if days <= 0:
        raise ValidationError(_("Antall dager må være positivt."))
    placement = _shift_planned_end(
        placement,
        days,
        f"Planlagt slutt flyttet {days} dager etter fravær {absence}"
        if absence
        else f"Planlagt slutt flyttet {days} dager",
    )
    if absence is not None:
        absence.end_decision = Absence.EndDecision.MOVED
        absence.save(update_fields=["end_decision"])
    return placement


@transaction.atomic
def keep_planned_end(absence, *, by):
    require(can_edit_register(by, absence.placement))
    absence.end_decision = Absence.EndDecision.KEPT
    absence.save(update_fields=["end_decision"])


def supervisor_assignments(user):
    """A supervisor's ALIS now and earlier, newest first."""
    assignments = (
        SupervisorAssignment.objects.filter(supervisor=user)
        .select_related("placement__doctor", "placement__municipality", "placement__centre")
        .order_by("-start")
    )
    today = timezone.localdate()
    current, upcoming, earlier = [], [], []
    for a in assignments:
        if max(a.start, a.placement.start) > today:
            upcoming.append(a)
        elif (a.end is not None and a.end < today) or a.placement.end < today:
            earlier.append(a)
        else:
            current.append(a)
    upcoming.reverse()  # soonest first
    return {
        "current": current,
        "upcoming": upcoming,
        "earlier": earlier,
        "alis_count": len({a.placement_id for a in current}),
    }
