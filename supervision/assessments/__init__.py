"""The training record's assessments by link: requested by the ALIS, answered without an
account. `completed_assessments` is what the half-year review and the portfolio read."""

from datetime import datetime, time

from django.utils import timezone

from ..models import Assessment
from .summary import summary


def _bound(day, end=False):
    if day is None or isinstance(day, datetime):
        return day
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


def completed_assessments(placement, since=None, until=None):
    """The placement's completed assessments, oldest first, each with `.summary` (the same
    a supervisor sees: never one respondent's multi-source answers). `since` and `until`
    (dates or datetimes, both inclusive) bound the completion time."""
    found = (
        Assessment.objects.completed()
        .filter(placement=placement)
        .select_related("learning_objective")
        .prefetch_related("invitations__response")
        .order_by("completed_at", "pk")
    )
    if since is not None:
        found = found.filter(completed_at__gte=_bound(since))
    if until is not None:
        found = found.filter(completed_at__lte=_bound(until, end=True))
    result = list(found)
    for assessment in result:
        assessment.summary = summary(assessment)
    return result


__all__ = ["completed_assessments", "summary"]
