"""The transactional outbox: `enqueue()` writes the task as a row in the caller's transaction,
so a change and the job it calls for are committed together. Right after commit the row is
sent to the broker; if the broker is unreachable the request still succeeds, and
`relay()` (beat, every minute) sends what is pending once the broker is back.

At least once: a crash between publishing and marking the row sent publishes it again, so
the tasks it sends must be idempotent."""

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .celery import app
from .models import OutboxMessage

log = logging.getLogger(__name__)


def enqueue(task, *args):
    """`task`: a Celery task (or its name); `args`: JSON-serialisable."""
    name = task if isinstance(task, str) else task.name
    message = OutboxMessage.objects.create(task=name, args=list(args))
    transaction.on_commit(lambda: relay(only=message.pk))
    return message


def relay(only=None, limit=500):
    """Publish pending rows, oldest first; returns how many were sent. Rows another relay is
    sending are skipped (SKIP LOCKED). A broker error leaves the row pending."""

    sent = 0
    with transaction.atomic():
        pending = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(sent_at=None)
            .order_by("created_at", "pk")
        )
        if only is not None:
            pending = pending.filter(pk=only)
        rows = list(pending[:limit])
        if not rows:
            return 0
        try:
            # A fresh connection each time, so a broker that comes back is found at once;
            # no publish retries, so an unreachable broker fails fast instead of holding up
            # the web request.
            with app.connection_for_write(transport_options={"max_retries": 0}) as connection:
                for row in rows:
                    app.send_task(row.task, args=row.args, connection=connection, retry=False)
                    row.sent_at = timezone.now()
                    row.attempts += 1
                    row.save(update_fields=["sent_at", "attempts"])
                    sent += 1
        except Exception as error:  # noqa: BLE001 - any broker failure: keep the rest pending
            log.warning("outbox: broker unreachable, %s message(s) pending: %s", len(rows), error)
            OutboxMessage.objects.filter(pk__in=[r.pk for r in rows if r.sent_at is None]).update(
                attempts=F("attempts") + 1, last_error=str(error)[:1000]
            )
    return sent
