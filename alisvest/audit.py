"""The audit log: every change django-simple-history recorded on any domain model, with
before and after values, plus every download.

The changes live in one history table per model. `changes(filters)` is one UNION ALL over
those tables, holding only (model, history id, time), so Django's paginator counts and
slices it in two queries; `entries(rows)` then reads the page's history rows, and their
previous versions for the before/after values, in two queries per model on the page. A page
costs the same whatever the history's size."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import CharField, OuterRef, Q, Subquery, Value
from simple_history.models import registered_models

# The fields a history row may name its record by, and the text search looks in.
LABEL_FIELDS = ("name", "title", "email")


def audited_models():
    """(label, model) for every model with a history, sorted by label."""
    models = [m for m in registered_models.values() if hasattr(m, "history")]
    return sorted(
        ((f"{m._meta.app_label}.{m._meta.model_name}", m) for m in models),
        key=lambda item: str(item[1]._meta.verbose_name),
    )


@dataclass(frozen=True)
class Filters:
    model: str = ""  # "app_label.model_name"
    user_query: str = ""  # e-mail or name of who made the change
    start: object = None
    end: object = None
    object_id: int | None = None
    text: str = ""  # in the record's name, title or e-mail as it was then


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


def _filtered(history, filters):
    rows = history.objects.all()
    if filters.user_query:
        rows = rows.filter(
            Q(history_user__email__icontains=filters.user_query)
            | Q(history_user__name__icontains=filters.user_query)
        )
    if filters.start:
        rows = rows.filter(history_date__date__gte=filters.start)
    if filters.end:
        rows = rows.filter(history_date__date__lte=filters.end)
    if filters.object_id:
        rows = rows.filter(id=filters.object_id)
    if filters.text:
        names = [f for f in LABEL_FIELDS if _has_field(history, f)]
        if not names:
            return None  # nothing in this table can match the text
        text = Q()
        for name in names:
            text |= Q(**{f"{name}__icontains": filters.text})
        rows = rows.filter(text)
    return rows


def _has_field(model, name):
    return any(f.name == name for f in model._meta.get_fields())


def changes(filters=Filters()):
    """Every matching change as (label, history_id, history_date) rows, newest first: a
    queryset the paginator counts and slices in SQL."""
    parts = []
    for label, audited in audited_models():
        if filters.model and label != filters.model:
            continue
        rows = _filtered(audited.history.model, filters)
        if rows is None:
            continue
        parts.append(
            rows.annotate(audit_model=Value(label, output_field=CharField()))
            .values_list("audit_model", "history_id", "history_date")
            .order_by()
        )
    if not parts:
        return audited_models()[0][1].history.none().values_list("history_id")
    if len(parts) == 1:
        return parts[0].order_by("-history_date", "-history_id")
    return parts[0].union(*parts[1:], all=True).order_by("-history_date", "-history_id")


def entries(rows):
    """The Entry of each (label, history_id, history_date) row, in the same order."""
    models = dict(audited_models())
    wanted = {}
    for label, history_id, _at in rows:
        wanted.setdefault(label, []).append(history_id)
    found = {}
    for label, ids in wanted.items():
        for row, previous in _rows_with_previous(models[label], ids):
            found[(label, row.history_id)] = _entry(models[label], row, previous)
    return [found[(label, history_id)] for label, history_id, _at in rows]


def _rows_with_previous(audited, ids):
    history = audited.history.model
    previous = history.objects.filter(
        id=OuterRef("id"), history_date__lt=OuterRef("history_date")
    ).order_by("-history_date", "-history_id")
    rows = list(
        history.objects.filter(history_id__in=ids)
        .select_related("history_user")
        .annotate(previous_id=Subquery(previous.values("history_id")[:1]))
    )
    earlier_ids = [row.previous_id for row in rows if row.previous_id is not None]
    earlier = {r.history_id: r for r in history.objects.filter(history_id__in=earlier_ids)}
    for row in rows:
        yield row, earlier.get(row.previous_id)


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
    for attr in LABEL_FIELDS:
        value = getattr(row, attr, "")
        if value:
            return f"{value} (#{row.id})"
    return f"#{row.id}"
