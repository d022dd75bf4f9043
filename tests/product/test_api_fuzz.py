"""Hostile input against the whole API: Schemathesis generates requests from
/api/v1/schema/ for every operation, sends them in-process with a personal token of every
role that can hold one, and checks that nothing answers 500 and every response matches the
schema. Bounded examples keep it inside `make test`: 25 per operation, sent with the roles'
tokens in turn, so each role reaches its own branches (a 403 for a reader who may not
change, an empty scope, a reviewer's writes) without multiplying the requests."""

import itertools

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from alisvest.factories import UserFactory
from alisvest.models import ApiToken
from alisvest.roles import Role, grant_role
from placements.models import RegionalOffice
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from tests.conftest import with_totp

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


# Whose token each example is sent with, in turn: every role that can hold a token, the
# health manager (who may change the most) every other time.
ROTATION = ["alice", "liv_mfa", "alice", "stein", "alice", "carol", "alice", "anna"]
ROTATION += ["alice", "erin_mfa", "alice", "olav"]


@pytest.fixture
def anna(bergen_centre, programme, carol):
    """An ALIS placed in Bergen, supervised by Carol: her and Carol's scope hold a placement."""
    user = UserFactory(email="anna@alis.no", name="Anna Alis")
    grant_role(user, Role.ALIS)
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, user=user), centre=bergen_centre
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    return user


@pytest.fixture
def olav(bergen):
    """The regional ALIS office that follows Bergen: reads, every programme."""
    office = RegionalOffice.objects.create(name="ALIS-kontor Vest", city="Bergen")
    office.municipalities.add(bergen)
    user = with_totp(UserFactory(email="olav@alis-kontor.no", name="Olav Kontor"))
    grant_role(user, Role.REGIONAL_OFFICE, office)
    return user


@pytest.fixture
def tokens(request, participating, bergen_centre, anna):
    """The next example's token, round the roles of ROTATION."""
    # Like Django's test client: keep the test's transaction open across requests.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    raw = {
        person: ApiToken.issue(request.getfixturevalue(person), "schemathesis")[1]
        for person in sorted(set(ROTATION))
    }
    yield itertools.cycle([raw[person] for person in ROTATION])
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(
    # Random generation only: Schemathesis' deterministic coverage phase sends hundreds of
    # requests per operation, too slow for every `make test`.
    phases=[Phase.generate],
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_never_fails_and_matches_its_schema(case, tokens):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {next(tokens)}"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )


def test_the_rotation_holds_every_role(request, participating, anna):
    people = [request.getfixturevalue(person) for person in sorted(set(ROTATION))]
    assert {role for person in people for role in person.access.roles} == set(Role)
