"""The monthly check in /metrics: when it last ran, for the alert "the 1st passed without it"."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.municipalities.factories import ProgrammeFactory
from placements.register.factories import DoctorFactory, PlacementFactory
from supervision.models import MonthlyCheck
from supervision.services import run_monthly_check

pytestmark = pytest.mark.django_db

NAME = "alisvest_supervision_monthly_check_last_timestamp_seconds"


def test_no_monthly_check_yet_no_gauge(client):
    assert NAME not in client.get(reverse("metrics")).text


def test_the_last_monthly_check_is_in_metrics(client):
    programme = ProgrammeFactory(slug="alis-vest", monthly_supervision_minutes=120)
    PlacementFactory(doctor=DoctorFactory(programme=programme), start=date(2024, 9, 1))
    before = timezone.now().timestamp()
    run_monthly_check(date(2025, 4, 1), notify=False)
    last = MonthlyCheck.objects.get().checked_at.timestamp()
    assert last >= before - 1
    [line] = [x for x in client.get(reverse("metrics")).text.splitlines() if x.startswith(NAME)]
    assert float(line.split()[-1]) == pytest.approx(last)
