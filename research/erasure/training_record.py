"""An erased ALIS's training record: what they wrote and what was written about them as a
person (reflections, minutes, assessments with the assessors' names, half-year reviews,
post evaluations) goes, rows and history. The hours stay in the sessions, for the
statistics, as the rest of the erasure leaves them."""

from supervision.models import (
    Assessment,
    AssessmentResponse,
    AssessorInvitation,
    PostEvaluation,
    ProgressReview,
    Reflection,
    ReviewSignature,
    SessionMinutes,
)


def delete_training_record(doctor):
    on_placement = {"placement__doctor": doctor}
    _delete(AssessmentResponse.objects.filter(invitation__assessment__placement__doctor=doctor))
    _delete(AssessorInvitation.objects.filter(assessment__placement__doctor=doctor))
    _delete(Assessment.objects.filter(**on_placement))
    _delete(ReviewSignature.objects.filter(review__placement__doctor=doctor))
    # A later version protects the one it supersedes: the newest go first.
    for review in ProgressReview.objects.filter(**on_placement).order_by("-version"):
        _delete(ProgressReview.objects.filter(pk=review.pk))
    _delete(SessionMinutes.objects.filter(session__placement__doctor=doctor))
    _delete(Reflection.objects.filter(**on_placement))
    _delete(PostEvaluation.objects.filter(**on_placement))


def _delete(queryset):
    """Delete the rows, then every historical version of them (the deletion's own too)."""
    model = queryset.model
    pks = list(queryset.values_list("pk", flat=True))
    if not pks:
        return
    queryset.delete()
    if hasattr(model, "history"):
        model.history.filter(id__in=pks).delete()
