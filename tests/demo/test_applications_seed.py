"""The demo's 2019 call runs as it did: 15 posts split 8/7 between Rogaland and Møre og
Romsdal, votes by three members, one corrected decision and a post filled by a placement;
seeded twice, the same."""

import io

import pytest
from django.core.management import call_command

from placements.applications.models import Application, Call, Decision, PostSlot, Vote

pytestmark = pytest.mark.django_db


def test_the_2019_call_is_decided_corrected_and_filled(register):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    call = Call.objects.get(title__contains="2019")
    assert dict(call.quotas.values_list("county", "posts")) == {
        "Rogaland": 8,
        "Møre og Romsdal": 7,
    }
    assert Vote.objects.filter(application__call=call).values("member").distinct().count() >= 3
    corrected = Decision.objects.filter(application__call=call, supersedes__isnull=False).get()
    assert corrected.is_current and corrected.letter_version == 2
    assert Decision.objects.filter(application__call=call).count() == 3
    filled = PostSlot.objects.get(application__call=call, status=PostSlot.Status.FILLED)
    assert filled.placement.municipality == filled.application.municipality
    approved = Application.objects.filter(call=call, status=Application.Status.APPROVED)
    assert sorted(approved.values_list("posts_granted", flat=True)) == [1, 1]
