"""The demo ALIS has minutes on ten sessions and reflections; seeding again adds none."""

from io import StringIO

import pytest
from django.core.management import call_command

from supervision.models import Reflection, SessionMinutes

pytestmark = pytest.mark.django_db
DAN = "dan@demo.alisvest.no"


def test_dan_has_minutes_on_ten_sessions_and_reflections(register):
    call_command("seed_demo", stdout=StringIO())
    minutes = SessionMinutes.objects.filter(session__placement__doctor__user__email=DAN)
    assert minutes.count() >= 10
    assert minutes.filter(objectives__isnull=False).distinct().count() >= 10
    assert minutes.exclude(follows_up=None).exists()
    reflections = Reflection.objects.filter(author__email=DAN)
    assert reflections.filter(shared=True).exists() and reflections.filter(shared=False).exists()
    counts = (minutes.count(), reflections.count())
    call_command("seed_demo", stdout=StringIO())
    assert (minutes.count(), reflections.count()) == counts
