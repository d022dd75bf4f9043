"""State changes of half-year reviews and post evaluations: each checks its rule, writes
the row and, in the same transaction, asks the outbox for the e-mail to the next person."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from alisvest import outbox
from alisvest.access import require

from . import permissions
from .models import PostEvaluation, ProgressReview, ReviewSignature

# A review may be written this many days before its half-year ends.
EARLY_DAYS = 30
# The tasks in supervision/tasks.py, by their Celery names.
REVIEW_SIGNED_TASK = "supervision.tasks.send_review_signed"
REVIEW_TO_ACKNOWLEDGE_TASK = "supervision.tasks.send_review_to_acknowledge"


@transaction.atomic
def write_review(placement, half_year, *, by, summary, plan_next):
    """Version 1 of the half-year's review."""
    require(permissions.can_write_review(by, placement, half_year.start, half_year.end))
    if half_year.due > timezone.localdate() + timedelta(days=EARLY_DAYS):
        raise ValidationError(
            {
                "number": _("Halvåret er ikke over ennå: vurderingen kan skrives fra %(day)s.")
                % {"day": formats.date_format(half_year.due - timedelta(days=EARLY_DAYS))}
            }
        )
    if placement.progress_reviews.filter(number=half_year.number).exists():
        raise ValidationError(_("Halvårsvurderingen for dette halvåret er allerede påbegynt."))
    review = ProgressReview(
        placement=placement,
        number=half_year.number,
        period_start=half_year.start,
        period_end=half_year.end,
        summary=summary,
        plan_next=plan_next,
        written_by=by,
    )
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def update_review(review, *, by, summary, plan_next):
    require(permissions.can_edit_review(by, review))
    review.summary, review.plan_next = summary, plan_next
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def amend_review(review, *, by):
    """ "Endre" on a signed review: version N+1, superseding it, with its texts and no
    signatures; the old version and its signatures stay as they were."""
    review = ProgressReview.objects.select_for_update().get(pk=review.pk)
    require(permissions.can_amend_review(by, review))
    return ProgressReview.objects.create(
        placement=review.placement,
        number=review.number,
        period_start=review.period_start,
        period_end=review.period_end,
        version=review.version + 1,
        supersedes=review,
        summary=review.summary,
        plan_next=review.plan_next,
        written_by=by,
    )


@transaction.atomic
def sign_review(review, role, *, by, comment=None):
    """A signature in `role`; the ALIS's comment is saved with the ALIS's signature."""
    review = (
        ProgressReview.objects.select_for_update()
        .select_related("placement__doctor", "placement__programme")
        .get(pk=review.pk)
    )
    require(permissions.can_sign_review(by, review, role))
    if role == ReviewSignature.Role.ALIS and comment is not None:
        review.alis_comment = comment
        review.save(update_fields=["alis_comment"])
    signature = ReviewSignature.objects.create(
        review=review, role=role, user=by, signed_at=timezone.now()
    )
    if role == ReviewSignature.Role.SUPERVISOR:
        outbox.enqueue(REVIEW_SIGNED_TASK, review.pk)
    elif role == ReviewSignature.Role.ALIS:
        outbox.enqueue(REVIEW_TO_ACKNOWLEDGE_TASK, review.pk)
    return signature


@transaction.atomic
def submit_evaluation(placement, *, by, year, **answers):
    require(permissions.can_evaluate_post(by, placement))
    evaluation = PostEvaluation(placement=placement, year=year, **answers)
    evaluation.full_clean()
    evaluation.save()
    return evaluation
