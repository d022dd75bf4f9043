"""The demo's promise in a real browser: "Logg inn med HelseID" on the login page, pick the
person at the (real, local) provider, land on the overview; logging out ends the provider's
session too."""

import pytest
from playwright.sync_api import expect

from alisvest.factories import UserFactory
from alisvest.identity.models import ExternalIdentity, pid_digest
from alisvest.roles import Role, grant_role
from tests.alisvest.identity.provider import PEOPLE, configure, running_provider

pytestmark = [pytest.mark.oidc, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def provider_for_live_server(live_server):
    with running_provider(live_server.url) as issuers:
        yield issuers


def test_a_supervisor_logs_in_with_helseid_and_out_again(page, settings, provider_for_live_server):
    configure(settings, provider_for_live_server)
    carol = UserFactory(email="carol@example.org", name="Carol Corneliussen")
    grant_role(carol, Role.SUPERVISOR)
    ExternalIdentity.objects.create(
        user=carol, provider="helseid", pid_digest=pid_digest(PEOPLE["demo-carol"]["pid"])
    )
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Logg inn med HelseID").click()
    page.get_by_role("button", name="Carol Corneliussen").click()
    page.wait_for_url("**/oversikt/")
    expect(page.get_by_role("link", name="Carol Corneliussen")).to_be_visible()

    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url("**/session/end**")  # the provider asks to end its session too
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url("**/accounts/login/")
    expect(page.get_by_text("Du er logget ut, også av innloggingstjenesten.")).to_be_visible()
