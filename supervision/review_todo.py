"""The half-year review's and the post evaluation's tasks for the to-do list
(settings.TASK_SOURCES): a few queries per kind of task, whatever the size of the data."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from alisvest.todo import Task
from placements.models import Placement, SupervisorAssignment

from .models import PostEvaluation, ProgressReview, ReviewSignature
from .reviews import due_half_years


def supervisor_reviews_due(user):
    """Half-years come due for an ALIS the user supervises now, until the user signs."""
    placements = (
        Placement.objects.filter(
            pk__in=SupervisorAssignment.objects.current()
            .filter(supervisor=user)
            .values("placement")
        )
        .select_related("doctor")
        .order_by("pk")
    )
    placements = list(placements)
    if not placements:
        return []
    drafts = {
        (r.placement_id, r.number): r.pk
        for r in ProgressReview.objects.current().filter(placement__in=placements, written_by=user)
    }
    tasks = []
    for placement, half in due_half_years(placements):
        draft = drafts.get((placement.pk, half.number))
        tasks.append(
            Task(
                kind="supervision.review_due",
                title=_("Halvårsvurdering for %(doctor)s er klar til å skrives")
                % {"doctor": placement.doctor.name},
                detail=_("Halvår %(n)s: %(start)s–%(end)s.")
                % {
                    "n": half.number,
                    "start": formats.date_format(half.start),
                    "end": formats.date_format(half.end),
                },
                url=reverse("supervision:review_detail", args=[draft])
                if draft
                else reverse("supervision:review_create", args=[placement.pk, half.number]),
                due=half.due,
                object_type="placements.placement",
                object_id=placement.pk,
            )
        )
    return tasks


def _waiting(signed, unsigned):
    signatures = ReviewSignature.objects.filter(review=OuterRef("pk"))
    return (
        ProgressReview.objects.current()
        .filter(*[Exists(signatures.filter(role=r)) for r in signed])
        .exclude(Exists(signatures.filter(role=unsigned)))
        .select_related("placement__doctor")
    )


def _task(review, kind, title):
    return Task(
        kind=kind,
        title=title,
        detail=_("Halvår %(n)s for %(doctor)s.")
        % {"n": review.number, "doctor": review.placement.doctor.name},
        url=reverse("supervision:review_detail", args=[review.pk]),
        due=None,
        object_type="supervision.progressreview",
        object_id=review.pk,
    )


def alis_reviews_to_sign(user):
    Role = ReviewSignature.Role
    reviews = _waiting([Role.SUPERVISOR], Role.ALIS).filter(placement__doctor__user=user)
    return [
        _task(r, "supervision.review_alis", _("Kommenter og signer halvårsvurderingen"))
        for r in reviews
    ]


def leader_reviews_to_acknowledge(user):
    access = user.access
    if not access.led_programmes:
        return []
    Role = ReviewSignature.Role
    reviews = _waiting([Role.SUPERVISOR, Role.ALIS], Role.LEADER).filter(
        placement__programme__in=access.led_programmes
    )
    return [
        _task(r, "supervision.review_leader", _("Kvitter for halvårsvurderingen")) for r in reviews
    ]


def alis_post_evaluation(user):
    """Once a year: the ALIS's placements in post this year without this year's answer."""
    year = timezone.localdate().year
    answered = PostEvaluation.objects.filter(placement=OuterRef("pk"), year=year)
    placements = (
        Placement.objects.filter(doctor__user=user)
        .active()
        .exclude(Exists(answered))
        .select_related("municipality")
    )
    return [
        Task(
            kind="supervision.post_evaluation",
            title=_("Evaluer stillingen din for %(year)s") % {"year": year},
            detail=_("Fire korte spørsmål om veiledningen, arbeidsmengden og legesenteret."),
            url=reverse("supervision:evaluation", args=[p.pk]),
            # Undated: an invitation for the year, not a deadline in the calendar.
            due=None,
            object_type="placements.placement",
            object_id=p.pk,
        )
        for p in placements
    ]
