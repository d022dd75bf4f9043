"""Demo data for half-year reviews and the post evaluation: every half-year of Dan Dale's
that is over has its review signed by Carol, himself and the project leader, except the
latest, which is due for Carol to write; the first was amended once, so its page shows two
signed versions. And this year's evaluation of his post. Idempotent: rows are found by
placement, half-year and version (or year)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from alisvest.models import User
from placements.models import Placement, SupervisorAssignment
from supervision.models import PostEvaluation, ProgressReview, ReviewSignature
from supervision.reviews import due_half_years, schedule

TEXTS = {
    1: (
        "Godt i gang med egen liste og legevakt. Veiledning jevnlig, to timer i måneden.",
        "Grunnkurs A og B, mer ansvar på legevakt, fem læringsmål i klinisk arbeid.",
        "Enig. Ønsker mer tid til journalføring.",
    ),
    2: (
        "Listen er på 650 pasienter. Grunnkurs A og B er tatt; fem læringsmål er signert.",
        "Akuttmedisinkurs, planlegge sykehusåret og starte i veiledningsgruppen.",
        "Enig i planen.",
    ),
}


def _at(day):
    return timezone.make_aware(datetime.combine(day, time(14, 0)))


def _signed_review(placement, half, carol, dan, leader, version=1, supersedes=None, late=0):
    summary, plan_next, comment = TEXTS.get(half.number, TEXTS[2])
    if version > 1:
        summary += " Rettet: listen var på 600, ikke 650."
    review, created = ProgressReview.objects.get_or_create(
        placement=placement,
        number=half.number,
        version=version,
        defaults={
            "supersedes": supersedes,
            "period_start": half.start,
            "period_end": half.end,
            "summary": summary,
            "plan_next": plan_next,
            "alis_comment": comment,
            "written_by": carol,
            "created_at": _at(half.end + timedelta(late)),
        },
    )
    if created:
        for days, role, user in (
            (1, ReviewSignature.Role.SUPERVISOR, carol),
            (3, ReviewSignature.Role.ALIS, dan),
            (7, ReviewSignature.Role.LEADER, leader),
        ):
            ReviewSignature.objects.create(
                review=review,
                role=role,
                user=user,
                signed_at=_at(half.end + timedelta(days + late)),
            )
    return review


def seed(stdout):
    dan = User.objects.filter(email="dan@demo.alisvest.no").first()
    carol = User.objects.filter(email="carol@demo.alisvest.no").first()
    leader = User.objects.filter(email="leder@demo.alisvest.no").first()
    placement = Placement.objects.filter(doctor__user=dan).active().first() if dan else None
    if placement is None or carol is None or leader is None:
        stdout.write("  halvårsvurderinger: ingen demo-ALIS, hoppet over")
        return
    SupervisorAssignment.objects.get_or_create(
        placement=placement, supervisor=carol, defaults={"start": placement.start}
    )
    done = [h for h in schedule([placement])[placement.pk] if h.due <= timezone.localdate()]
    for half in done[:-1]:
        first = _signed_review(placement, half, carol, dan, leader)
        if half.number == 1:
            _signed_review(placement, half, carol, dan, leader, 2, supersedes=first, late=10)
    over = due_half_years([placement])
    PostEvaluation.objects.get_or_create(
        placement=placement,
        year=timezone.localdate().year,
        defaults={
            "supervision_quality": 4,
            "workload": 3,
            "centre": 5,
            "stay": "Fast liste i kommunen etter utdanningen og fortsatt veiledningsgruppe.",
        },
    )
    stdout.write(
        f"  halvårsvurderinger: {len(done)} halvår over for Dan Dale, "
        f"{len(over)} venter på veilederen"
    )
