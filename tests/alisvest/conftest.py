from datetime import date

import pytest

from alisvest.roles import Role
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from supervision.factories import SupervisionSessionFactory
from tests.conftest import person


@pytest.fixture
def dan(bergen_centre, programme):
    """Dan is an ALIS in Bergen with a login: (user, placement since September 2024)."""
    user = person("dan@example.no", "Dan Dale", Role.ALIS)
    doctor = DoctorFactory(programme=programme, name="Dan Dale", email=user.email, user=user)
    placement = PlacementFactory(doctor=doctor, centre=bergen_centre, start=date(2024, 9, 1))
    return user, placement


@pytest.fixture
def supervised(dan, carol):
    """Carol supervises dan; one hour logged in April 2025, too little for the month."""
    _user, placement = dan
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    SupervisionSessionFactory(placement=placement, supervisor=carol, date=date(2025, 4, 3))
    return placement
