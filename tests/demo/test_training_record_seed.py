"""Dan Dale's training record in the demo: minutes on ten sessions, reflections, a case
discussion and a multi-source feedback with five answers, two signed half-year reviews and
a third due, and a post evaluation; seeding again adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from alisvest.models import User
from alisvest.todo import tasks_for
from supervision.assessments import completed_assessments
from supervision.models import (
    PostEvaluation,
    ProgressReview,
    Reflection,
    ReviewSignature,
    SessionMinutes,
)

pytestmark = pytest.mark.django_db
DAN = "dan@demo.alisvest.no"


def test_dan_has_the_whole_training_record_once(register):
    call_command("seed_demo", stdout=StringIO())
    minutes = SessionMinutes.objects.filter(session__placement__doctor__user__email=DAN)
    assert minutes.count() >= 10
    assert minutes.filter(objectives__isnull=False).distinct().count() >= 10
    assert minutes.exclude(follows_up=None).exists()
    reflections = Reflection.objects.filter(author__email=DAN)
    assert reflections.filter(shared=True).exists() and reflections.filter(shared=False).exists()

    placement = minutes.first().session.placement
    done = {a.kind: a.summary for a in completed_assessments(placement)}
    assert "kasusdiskusjon" in done and done["multikilde"]["answered"] == 5

    reviews = ProgressReview.objects.current().filter(placement=placement)
    signed = [r for r in reviews if ReviewSignature.Role.LEADER in r.signed_roles()]
    assert len(signed) >= 2
    carol = User.objects.get(email="carol@demo.alisvest.no")
    assert any(t.kind == "supervision.review_due" for t in tasks_for(carol))
    assert PostEvaluation.objects.filter(placement=placement).exists()

    counts = (minutes.count(), reflections.count(), ProgressReview.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (minutes.count(), reflections.count(), ProgressReview.objects.count()) == counts
