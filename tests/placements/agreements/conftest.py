from datetime import timedelta

import pytest
from django.utils import timezone

from placements.municipalities.factories import ParticipationFactory, ProgrammeFactory
from placements.municipalities.models import Programme
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)


@pytest.fixture
def national(db):
    return ProgrammeFactory(
        name="ALIS Vestland nasjonal",
        slug="alis-vestland-nasjonal",
        rule_set=Programme.RuleSet.NATIONAL,
    )


@pytest.fixture
def private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "alisvest.uploads.PrivateStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
    return tmp_path / "media"


@pytest.fixture
def nina(national, bergen, bergen_centre, carol, private_media):
    """Nina, an ALIS on the national scheme in Bergen, supervised by Carol."""
    ParticipationFactory(programme=national, municipality=bergen)
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=national, name="Nina Nasjonal"),
        centre=bergen_centre,
        start=timezone.localdate() - timedelta(days=200),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    return placement
