"""The audit log: every change django-simple-history recorded on any domain model, with
before and after values, plus every download. One page of changes costs two queries per
audited model (the page's rows, then their previous versions), whatever the history size."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import OuterRef, Subquery
from simple_history.models import registered_models


def audited_models():
    """(label, model) for every model with a history, sorted by label."""
    models = [m for m in registered_models.values() if hasattr(m, "history")]
    return sorted(
        ((f"{m._meta.app_label}.{m._meta.model_name}", m) for m in models),
        key=lambda item: str(item[1]._meta.verbose_name),
    )


@dataclass
class Entry:
    at: datetime
    user: object
    model: object
    object_id: object
    object_repr: str
    change_type: str
    changes: list  # (field verbose name, before, after)
    reason: str = ""  # e.g. that this change was an erasure


def entries(*, model=None, user_query="", start=None, end=None, object_id=None, limit=50):
    """The newest `limit` changes matching the filters, newest first."""
    found = []
    for label, audited in audited_models():
        if model and label != model:
            continue
        history = audited.history.model
        rows = history.objects.select_related("history_user")
        if user_query:
            rows = rows.filter(history_user__email__icontains=user_query)
        if start:
            rows = rows.filter(history_date__date__gte=start)
        if end:
            rows = rows.filter(history_date__date__lte=end)
        if object_id:
            rows = rows.filter(id=object_id)
        previous = history.objects.filter(
            id=OuterRef("id"), history_date__lt=OuterRef("history_date")
        ).order_by("-history_date", "-history_id")
        found.extend(
            (audited, row)
            for row in rows.annotate(
                previous_id=Subquery(previous.values("history_id")[:1])
            ).order_by("-history_date")[:limit]
        )
    found.sort(key=lambda pair: pair[1].history_date, reverse=True)
    found = found[:limit]
    return [_entry(audited, row, previous) for audited, row, previous in _with_previous(found)]


def _with_previous(found):
    by_history = {}
    for audited, row in found:
        by_history.setdefault(audited, []).append(row.previous_id)
    previous = {}
    for audited, ids in by_history.items():
        ids = [i for i in ids if i is not None]
        if ids:
            for row in audited.history.model.objects.filter(history_id__in=ids):
                previous[(audited, row.history_id)] = row
    for audited, row in found:
        yield audited, row, previous.get((audited, row.previous_id))


def _entry(audited, row, previous):
    changes = []
    if previous is not None and row.history_type == "~":
        delta = row.diff_against(previous)
        for change in delta.changes:
            field = audited._meta.get_field(change.field)
            changes.append((field.verbose_name, change.old, change.new))
    return Entry(
        at=row.history_date,
        user=row.history_user,
        model=audited._meta.verbose_name,
        object_id=row.id,
        object_repr=_label(row),
        change_type=row.history_type,
        changes=changes,
        reason=getattr(row, "history_change_reason", None) or "",
    )


def _label(row):
    """A readable name from the history row itself: no query per row."""
    for attr in ("name", "title", "email"):
        value = getattr(row, attr, "")
        if value:
            return f"{value} (#{row.id})"
    return f"#{row.id}"
