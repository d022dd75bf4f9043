"""The to-do list ("Oppgaver"): what a person must do now, computed from the data each time.

Each room that knows of work to be done names a source in settings.TASK_SOURCES: a function
of the user that returns Tasks, one query per kind of task, whatever the size of the data.
Nothing is stored, so the list cannot drift from the records it is about. A source answers
for the user's own role and scope: a supervisor's sources look at the placements they
supervise, a health manager's at their municipalities, and so on."""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .models import Invitation

INVITATION_REMINDER_DAYS = 14
INVITATION_FORGOTTEN_DAYS = 90


@dataclass(frozen=True)
class Task:
    kind: str  # "<room>.<what>", e.g. "supervision.confirm_session"
    title: str
    url: str  # the page where the task is done
    due: date | None
    object_type: str  # "<app_label>.<model>"
    object_id: int
    detail: str = ""

    @property
    def overdue(self):
        return self.due is not None and self.due < timezone.localdate()


@cache
def sources():
    return [import_string(path) for path in settings.TASK_SOURCES]


def tasks_for(user):
    """Every task of the user, oldest due first; tasks without a due date last."""
    if not user.is_authenticated:
        return []
    tasks = [task for source in sources() for task in source(user)]
    return sorted(tasks, key=lambda t: (t.due is None, t.due or date.max, t.title))


def invitations_not_accepted(user):
    """Invitations the user sent that no one has accepted after two weeks, unless sent again."""
    now = timezone.now()
    newer = Invitation.objects.filter(
        email__iexact=OuterRef("email"), created_at__gt=OuterRef("created_at")
    )
    waiting = Invitation.objects.filter(
        invited_by=user,
        accepted_at=None,
        created_at__lte=now - timedelta(days=INVITATION_REMINDER_DAYS),
        created_at__gte=now - timedelta(days=INVITATION_FORGOTTEN_DAYS),
    ).filter(~Exists(newer))
    return [
        Task(
            kind="alisvest.invitation_not_accepted",
            title=_("%(name)s har ikke tatt imot invitasjonen") % {"name": i.name},
            detail=_("Sendt %(date)s til %(email)s. Send den på nytt eller kontakt personen.")
            % {"date": formats.date_format(timezone.localdate(i.created_at)), "email": i.email},
            url=reverse("invitations"),
            due=timezone.localdate(i.created_at) + timedelta(days=INVITATION_REMINDER_DAYS),
            object_type="alisvest.invitation",
            object_id=i.pk,
        )
        for i in waiting
    ]
