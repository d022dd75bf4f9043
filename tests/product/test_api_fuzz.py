"""Hostile input against the whole API: Schemathesis generates requests from
/api/v1/schema/ for every operation, sends them in-process as a manager with a personal token,
and checks that nothing answers 500 and every response matches the schema. Bounded examples
keep it inside `make test`."""

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

from alisvest.models import ApiToken

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


@pytest.fixture
def token(participating, bergen_centre, alice):
    # Like Django's test client: keep the test's transaction open across requests.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield ApiToken.issue(alice, "schemathesis")[1]
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
def test_api_never_fails_and_matches_its_schema(case, token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
