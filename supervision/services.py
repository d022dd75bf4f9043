"""State changes for supervision, and the monthly supervision-hour check.

The tasks call these services, never the other way round: the services name the tasks they
send (SESSION_LOGGED_TASK, DEFICIT_NOTICE_TASK) rather than import them."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from alisvest import outbox
from alisvest.access import require
from alisvest.celery import app
from alisvest.models import MunicipalityUserObjectPermission, User
from placements.models import Programme, SupervisorAssignment

from . import limits, permissions
from .models import (
    GroupAttendance,
    GroupMeeting,
    GroupMembership,
    MonthlyCheck,
    SupervisionSession,
)
from .months import month_bounds
from .record import save_minutes
from .requirement import ACTIVE, IN_PLACEMENTS, REQUIRED

# The tasks in supervision/tasks.py, by their Celery names.
SESSION_LOGGED_TASK = "supervision.tasks.send_session_logged"
DEFICIT_NOTICE_TASK = "supervision.tasks.send_deficit_notice"


# --- Sessions ---------------------------------------------------------------------------


@transaction.atomic
def log_session(placement, *, by, record=None, **fields):
    """record: the minutes (objectives, agreed, follow_ups), if any were written."""
    require(permissions.can_log(by, placement))
    require(permissions.can_log_on(by, placement, fields.get("date")))
    session = SupervisionSession(placement=placement, supervisor=by, **fields)
    session.full_clean()
    _check_month_total(session)
    session.save()
    if record:
        save_minutes(session, by=by, **record)
    # In the same transaction: the ALIS is asked to confirm even if the broker is down now.
    outbox.enqueue(SESSION_LOGGED_TASK, session.pk)
    recheck_late(session.placement, session.date)
    return session


@transaction.atomic
def update_session(session, *, by, record=None, **fields):
    require(permissions.can_change(by, session))
    # The stored date: a bound ModelForm has already changed the instance.
    before = SupervisionSession.objects.filter(pk=session.pk).values_list("date", flat=True)
    before = before.first()
    for name, value in fields.items():
        setattr(session, name, value)
    require(permissions.can_log_on(by, session.placement, session.date))
    session.full_clean()
    _check_month_total(session)
    if session.status in {SupervisionSession.Status.CONFIRMED, SupervisionSession.Status.RESOLVED}:
        # Changed after the ALIS confirmed it: the ALIS confirms the new version.
        session.status = SupervisionSession.Status.LOGGED
    session.save()
    if record is not None:
        save_minutes(session, by=by, **record)
    recheck_late(session.placement, before, session.date)
    return session


def _check_month_total(session):
    """No month holds more supervision than limits.MAX_MONTH_MINUTES."""
    error = limits.month_error(session.placement, session.date, session.minutes, exclude=session.pk)
    if error:
        raise ValidationError({"minutes": error})


@transaction.atomic
def delete_session(session, *, by):
    require(permissions.can_change(by, session))
    session.delete()
    recheck_late(session.placement, session.date)


@transaction.atomic
def confirm_session(session, *, by):
    require(permissions.can_confirm(by, session))
    session.status = SupervisionSession.Status.CONFIRMED
    session.save(update_fields=["status"])
    return session


@transaction.atomic
def dispute_session(session, *, by, comment):
    require(permissions.can_dispute(by, session))
    session.status = SupervisionSession.Status.DISPUTED
    session.alis_comment = comment
    session.save(update_fields=["status", "alis_comment"])
    recheck_late(session.placement, session.date)
    return session


@transaction.atomic
def resolve_session(session, *, by, note):
    """A project leader or the supervisor settles a dispute; the session counts again."""
    require(permissions.can_resolve(by, session))
    session.status = SupervisionSession.Status.RESOLVED
    session.resolution_note = note
    session.save(update_fields=["status", "resolution_note"])
    recheck_late(session.placement, session.date)
    return session


def recheck_late(placement, *days):
    """Late logging: a session added, changed or deleted in a month that is over (and so
    checked, or due to be) recomputes that placement's check for the month at once. No
    notice is sent: a deficit that became ok shows as corrected, and a new deficit waits
    for its reader on the pages and the to-do list."""
    this_month = timezone.localdate().replace(day=1)
    for month in sorted({day.replace(day=1) for day in days if day}):
        if month < this_month:
            run_monthly_check(month, notify=False, placements=[placement.pk])


# --- The monthly check ------------------------------------------------------------------

# The requirement (supervision/requirement.py) for one month, every placement or some
# (%(placements)s), against the minutes logged that month.
_UPSERT = f"""
WITH {REQUIRED},
logged AS (
    SELECT s.placement_id, SUM(s.minutes)::int AS minutes
      FROM supervision_supervisionsession s
     WHERE s.date BETWEEN %(first)s::date AND %(last)s::date
       AND s.kind = %(individual)s
       AND s.status <> %(disputed)s
       AND {IN_PLACEMENTS.format(column="s.placement_id")}
     GROUP BY s.placement_id
),
result AS (
    SELECT r.placement_id, r.days, r.minutes AS required, COALESCE(l.minutes, 0) AS logged,
           pr.supervision_rule AS rule
      FROM required r
      JOIN placements_placement p ON p.id = r.placement_id
      JOIN placements_programme pr ON pr.id = p.programme_id
      LEFT JOIN logged l ON l.placement_id = r.placement_id
)
INSERT INTO supervision_monthlycheck
       (placement_id, month, eligible_days, required_minutes, logged_minutes, status,
        was_deficit, checked_at, notified_at)
SELECT r.placement_id, %(first)s::date, r.days, r.required, r.logged, st.status,
       st.status = %(deficit)s, now(), NULL
  FROM result r
  CROSS JOIN LATERAL (
      SELECT CASE WHEN r.days = 0 THEN %(exempt)s
                  WHEN r.logged >= r.required THEN %(ok)s
                  -- The yearly rule (10.5 months): the year decides, not the month.
                  WHEN r.rule = %(yearly)s THEN %(behind)s
                  ELSE %(deficit)s END AS status
  ) st
  -- Only new rows and rows whose numbers moved reach ON CONFLICT: an unchanged row is
  -- neither rewritten nor locked, so a re-run costs about what computing it costs.
  LEFT JOIN supervision_monthlycheck old
    ON old.placement_id = r.placement_id AND old.month = %(first)s::date
 WHERE old.id IS NULL
    OR (old.eligible_days, old.required_minutes, old.logged_minutes, old.status)
       IS DISTINCT FROM (r.days, r.required, r.logged, st.status)
ON CONFLICT (placement_id, month) DO UPDATE SET
       eligible_days = EXCLUDED.eligible_days,
       required_minutes = EXCLUDED.required_minutes,
       logged_minutes = EXCLUDED.logged_minutes,
       status = EXCLUDED.status,
       was_deficit = supervision_monthlycheck.was_deficit OR EXCLUDED.was_deficit,
       checked_at = EXCLUDED.checked_at
 -- (checked_at is when the numbers were last computed differently.) Repeated here for a
 -- row another transaction changed meanwhile.
 WHERE (supervision_monthlycheck.eligible_days, supervision_monthlycheck.required_minutes,
        supervision_monthlycheck.logged_minutes, supervision_monthlycheck.status)
       IS DISTINCT FROM
       (EXCLUDED.eligible_days, EXCLUDED.required_minutes, EXCLUDED.logged_minutes,
        EXCLUDED.status)
"""  # noqa: S608 (constant SQL text; every value is a parameter)

# A placement whose period changed so it no longer touches the month loses its row.
_PRUNE = f"""
WITH {ACTIVE}
DELETE FROM supervision_monthlycheck
 WHERE month = %(first)s::date
   AND {IN_PLACEMENTS.format(column="placement_id")}
   AND placement_id NOT IN (SELECT placement_id FROM active)
"""  # noqa: S608

# Compare-and-set: claim each deficit once per placement-month; only claimed rows notify.
_CLAIM = f"""
UPDATE supervision_monthlycheck SET notified_at = now()
 WHERE month = %(first)s::date AND status = %(deficit)s AND notified_at IS NULL
   AND {IN_PLACEMENTS.format(column="placement_id")}
RETURNING id
"""  # noqa: S608


@dataclass
class CheckRun:
    month: date
    claimed: list = field(default_factory=list)

    def rows(self):
        return (
            MonthlyCheck.objects.filter(month=self.month)
            .select_related("placement__doctor", "placement__municipality")
            .order_by("placement_id")
        )

    def as_json(self):
        return [
            {
                "placement_id": check.placement_id,
                "doctor": check.placement.doctor.name,
                "municipality_number": check.placement.municipality.number,
                "month": check.month.strftime("%Y-%m"),
                "eligible_days": check.eligible_days,
                "required_minutes": check.required_minutes,
                "logged_minutes": check.logged_minutes,
                "status": check.status,
            }
            for check in self.rows()
        ]


def run_monthly_check(month, *, notify=True, placements=None):
    """Check every placement active in `month` (or only `placements`, ids), in three
    statements whatever the number of placements: prune, upsert, claim. Deficit notices go
    out after commit, one task per newly claimed row, so a re-run sends nothing new unless
    a status changes to deficit."""
    first, last = month_bounds(month)
    params = {
        "first": first,
        "last": last,
        "months": [first],
        "placements": None if placements is None else list(placements),
        "individual": SupervisionSession.Kind.INDIVIDUAL,
        "disputed": SupervisionSession.Status.DISPUTED,
        "ok": MonthlyCheck.Status.OK,
        "deficit": MonthlyCheck.Status.DEFICIT,
        "exempt": MonthlyCheck.Status.EXEMPT,
        "behind": MonthlyCheck.Status.BEHIND,
        "yearly": Programme.SupervisionRule.YEARLY_AVERAGE,
    }
    run = CheckRun(month=first)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_PRUNE, params)
        cursor.execute(_UPSERT, params)
        if notify:
            cursor.execute(_CLAIM, params)
            run.claimed = [row[0] for row in cursor.fetchall()]
            for check_id in run.claimed:
                _send_on_commit(DEFICIT_NOTICE_TASK, check_id)
    return run


def _send_on_commit(task_name, *args):
    """What `task.delay_on_commit(*args)` does, by the task's name."""
    transaction.on_commit(lambda: app.send_task(task_name, args=args))


def deficit_recipients(check):
    """The supervisor(s) of the month, the ALIS and the municipal managers, each once."""
    return period_recipients(check.placement, *month_bounds(check.month))


def period_recipients(placement, first, last):
    """The supervisor(s) covering first–last, the ALIS and the municipal managers, each once."""
    # On the assignment rows themselves: an earlier, ended assignment of the same person
    # (to this or another ALIS) must not hide the one that covers the month.
    covering = SupervisorAssignment.objects.filter(placement=placement, start__lte=last).filter(
        Q(end__isnull=True) | Q(end__gte=first)
    )
    supervisors = User.objects.filter(pk__in=covering.values("supervisor"), is_active=True)
    municipality = placement.municipality
    managed = [municipality.pk] + (
        [municipality.merged_into_id] if municipality.merged_into_id else []
    )
    managers = User.objects.filter(
        pk__in=MunicipalityUserObjectPermission.objects.filter(
            content_object__in=managed, permission__codename="manage_municipality"
        ).values("user"),
        is_active=True,
    )
    emails = [u.email for u in supervisors]
    emails.append(placement.doctor.user.email if placement.doctor.user else placement.doctor.email)
    emails += [u.email for u in managers]
    return list(dict.fromkeys(e.lower() for e in emails if e))


# --- Group supervision ------------------------------------------------------------------


def group_totals(placements):
    """Hours of group supervision attended per placement, all groups: {placement_id: hours}."""
    rows = (
        GroupAttendance.objects.filter(membership__placement__in=placements)
        .values("membership__placement")
        .annotate(hours=Sum("meeting__hours"))
    )
    return {row["membership__placement"]: row["hours"] for row in rows}


@transaction.atomic
def save_group(group, *, by):
    """Create or change a group (name, programme, leader, period)."""
    require(permissions.can_edit_group(by, group))
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def delete_group(group, *, by):
    """The group with its memberships, meetings and attendance; the history keeps them."""
    require(permissions.can_edit_group(by, group))
    group.delete()


@transaction.atomic
def add_member(group, placement, *, by):
    require(permissions.can_edit_group(by, group))
    if placement.programme_id != group.programme_id:
        raise ValidationError({"placement": _("ALIS-en er ikke i gruppens program.")})
    membership = GroupMembership(group=group, placement=placement)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def remove_member(membership, *, by):
    """Only a member without attendance: attended hours count towards the 120 and stay."""
    require(permissions.can_edit_group(by, membership.group))
    if membership.attendance.exists():
        raise ValidationError(
            _(
                "%(name)s har oppmøte registrert og kan ikke fjernes: timene teller mot "
                "kravet. Fjern oppmøtet på møtene først om det var feil."
            )
            % {"name": membership.placement.doctor.name}
        )
    membership.delete()


@transaction.atomic
def record_meeting(group, *, by, date, hours, topic, present):
    """A meeting with its attendance (present: memberships of this group)."""
    require(permissions.can_manage_group(by, group))
    meeting = GroupMeeting(group=group, date=date, hours=hours, topic=topic)
    meeting.full_clean()
    meeting.save()
    _set_attendance(meeting, present)
    return meeting


@transaction.atomic
def update_meeting(meeting, *, by, date, hours, topic, present):
    require(permissions.can_manage_group(by, meeting.group))
    meeting.date, meeting.hours, meeting.topic = date, hours, topic
    meeting.full_clean()
    meeting.save()
    _set_attendance(meeting, present)
    return meeting


@transaction.atomic
def delete_meeting(meeting, *, by):
    require(permissions.can_manage_group(by, meeting.group))
    meeting.delete()


def _set_attendance(meeting, present):
    """Attendance as ticked, one row at a time so the history records each change."""
    wanted = {m.pk for m in present if m.group_id == meeting.group_id}
    for row in meeting.attendance.exclude(membership__in=wanted):
        row.delete()
    have = set(meeting.attendance.values_list("membership", flat=True))
    for pk in wanted - have:
        GroupAttendance(meeting=meeting, membership_id=pk).save()
