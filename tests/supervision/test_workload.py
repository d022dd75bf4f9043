"""Supervisors' hours on pages of the floor below: the directory's column counts what counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.register.factories import PlacementFactory, SupervisorAssignmentFactory
from supervision.factories import SupervisionSessionFactory
from supervision.models import SupervisionSession
from supervision.workload import hours_by_supervisor

pytestmark = pytest.mark.django_db


def test_the_directory_shows_each_supervisors_counting_hours_this_year(
    client_for, liv_mfa, programme, bergen_centre, carol
):
    today = timezone.localdate()
    placement = PlacementFactory(
        programme=programme,
        doctor__programme=programme,
        centre=bergen_centre,
        start=today - timedelta(days=400),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol, start=placement.start)
    day = today.replace(day=1)
    for minutes, status in ((60, "registrert"), (30, "bekreftet"), (45, "bestridt")):
        SupervisionSessionFactory(
            placement=placement, supervisor=carol, date=day, minutes=minutes, status=status
        )
    SupervisionSessionFactory(
        placement=placement, supervisor=carol, date=day.replace(year=day.year - 1), minutes=120
    )
    hours = hours_by_supervisor(liv_mfa, supervisors=[carol.pk], year=today.year)
    assert hours == {"hours_by_supervisor": {carol.pk: 1.5}}
    page = client_for(liv_mfa).get(reverse("placements:supervisor_directory")).content.decode()
    assert "1,5 t" in page
    assert SupervisionSession.objects.filter(supervisor=carol).count() == 4
