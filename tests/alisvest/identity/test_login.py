"""Login through the real local provider (conftest.oidc_provider): HelseID and ID-porten,
the refusals, linking by invitation and by an e-mail code, and logout at the provider too."""

import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.utils import timezone
from simple_history.utils import get_history_model_for_model

from alisvest.factories import UserFactory
from alisvest.identity.models import ExternalIdentity, pid_digest
from alisvest.identity.services import MFA_SESSION_KEY
from alisvest.models import Invitation, User
from alisvest.roles import Role, grant_role

from .provider import PEOPLE, misbehave

pytestmark = [pytest.mark.oidc, pytest.mark.django_db]


def _link(user, sub, provider="helseid"):
    person = PEOPLE[sub]
    return ExternalIdentity.objects.create(
        user=user, provider=provider, pid_digest=pid_digest(person["pid"])
    )


@pytest.fixture
def carol(db):
    user = UserFactory(email="carol@example.org", name="Carol Corneliussen")
    grant_role(user, Role.SUPERVISOR)
    _link(user, "demo-carol")
    return user


def logged_in_user(client):
    return client.session.get("_auth_user_id")


def test_a_linked_supervisor_logs_in_with_helseid(browser, client, carol):
    assert browser.login("helseid", "demo-carol") == 200
    assert logged_in_user(client) == str(carol.pk)
    assert browser.url.endswith("/oversikt/")
    identity = carol.external_identities.get()
    assert identity.hpr_number == "9300001"  # given by HelseID at login
    assert client.session[MFA_SESSION_KEY] is True  # security level 4
    # The national identity number is kept nowhere: not in the session, not in the link.
    pid = PEOPLE["demo-carol"]["pid"]
    assert pid not in str(client.session.load())
    assert pid not in str(ExternalIdentity.objects.values().get())


def test_the_login_page_offers_both_providers(client, oidc_provider):
    page = client.get("/accounts/login/").content.decode()
    assert "Logg inn med HelseID" in page
    assert "Logg inn med ID-porten" in page


def test_id_porten_at_substantial_logs_in_but_is_not_mfa(browser, client):
    dan = UserFactory(email="dan@example.org")
    _link(dan, "demo-dan", provider="idporten")
    browser.login("idporten", "demo-dan")
    assert logged_in_user(client) == str(dan.pk)
    assert client.session[MFA_SESSION_KEY] is False


def test_level_high_counts_as_mfa_for_a_project_leader(browser, client, programme):
    liv = UserFactory(email="liv@example.org")
    grant_role(liv, Role.PROJECT_LEADER, programme)
    _link(liv, "demo-liv")
    browser.login("helseid", "demo-liv")
    assert logged_in_user(client) == str(liv.pk)
    response = client.get("/oversikt/")
    assert response.status_code == 200  # not sent to set up TOTP


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("wrong_aud", "utstedt til en annen tjeneste (aud)"),
        ("expired", "utløpt"),
        ("wrong_nonce", "svarer ikke til forespørselen vår (nonce)"),
        ("unknown_key", "signert med en ukjent nøkkel"),
    ],
)
def test_a_bad_id_token_is_refused(browser, client, carol, oidc_provider, mode, reason):
    misbehave(oidc_provider["helseid"], mode)
    browser.login("helseid", "demo-carol")
    assert logged_in_user(client) is None
    assert browser.url.endswith("/accounts/login/")
    assert f"Svaret fra HelseID kunne ikke bekreftes: {reason}. Du er ikke logget inn." in (
        browser.page
    )


def test_an_answer_to_another_login_is_refused(browser, client, carol):
    """A callback whose state is not this session's (a login started elsewhere, CSRF)."""
    browser.go("/innlogging/helseid/")
    browser.go("/innlogging/helseid/tilbake/?code=whatever&state=not-ours")
    assert "Svaret fra HelseID hørte ikke til denne innloggingen (state)." in browser.page
    assert logged_in_user(client) is None


def test_an_authorization_request_not_pushed_is_refused(browser, client, carol, oidc_provider):
    """HelseID takes only pushed requests (PAR): the same request sent in the URL fails."""
    browser.go("/innlogging/helseid/")  # our flow starts, with its state in the session
    flow = client.session["identity_flow"]
    query = {
        "response_type": "code",
        "client_id": "alisvest-dev",
        "redirect_uri": "http://testserver/innlogging/helseid/tilbake/",
        "scope": "openid",
        "state": flow["state"],
        "nonce": flow["nonce"],
        "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        "code_challenge_method": "S256",
    }
    browser.go(f"{oidc_provider['helseid']}/auth?{urlencode(query)}")
    assert browser.url.startswith("http://testserver/accounts/login/")
    assert "HelseID avviste innloggingen (invalid_request). Du er ikke logget inn." in (
        browser.page
    )
    assert logged_in_user(client) is None


def test_first_login_through_an_invitation_creates_and_links_the_account(
    browser, client, programme
):
    inviter = UserFactory()
    invitation = Invitation(
        email="anna@example.org", name="Anna A.", role=Role.ALIS, invited_by=inviter
    )
    raw = invitation.set_token()
    invitation.expires_at = timezone.now() + timedelta(days=7)
    invitation.save()
    page = client.get(f"/invitasjon/{raw}/").content.decode()
    assert "Logg inn med HelseID" in page
    browser.login("helseid", "demo-anna", query=f"?invitasjon={raw}")
    anna = User.objects.get(email="anna@example.org")
    assert logged_in_user(client) == str(anna.pk)
    assert anna.name == "Anna Askeland"
    assert not anna.has_usable_password()
    assert anna.external_identities.get().hpr_number == "9200001"
    # The next login needs no invitation: the identity is known.
    client.logout()
    browser.web.cookies.clear()  # and a new session at the provider
    browser.login("helseid", "demo-anna")
    assert logged_in_user(client) == str(anna.pk)


def test_an_invitation_for_an_existing_account_does_not_make_a_second_one(browser, client):
    dan = UserFactory(email="dan@example.org")
    invitation = Invitation(
        email="DAN@example.org", name="Dan", role=Role.ALIS, invited_by=UserFactory()
    )
    raw = invitation.set_token()
    invitation.expires_at = timezone.now() + timedelta(days=7)
    invitation.save()
    browser.login("helseid", "demo-dan", query=f"?invitasjon={raw}")
    assert logged_in_user(client) is None
    assert "Det finnes allerede en konto for DAN@example.org." in browser.page
    assert not dan.external_identities.exists()


def test_an_unknown_identity_is_not_linked_by_name(browser, client):
    """Dan has an account but never linked it: a name match proves nothing, a code does."""
    dan = UserFactory(email="dan@example.org", name="Dan Dale")
    browser.login("helseid", "demo-dan")
    assert logged_in_user(client) is None
    assert "/innlogging/koble/" in browser.url
    browser.submit("email", email="dan@example.org")
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    browser.submit("code", code="000000" if code != "000000" else "111111")
    assert "Koden stemmer ikke" in browser.page
    assert logged_in_user(client) is None
    browser.submit("code", code=code)
    assert logged_in_user(client) == str(dan.pk)
    assert dan.external_identities.get().provider == "helseid"


def test_codes_for_one_identity_are_limited(browser, client):
    UserFactory(email="dan@example.org")
    browser.login("helseid", "demo-dan")
    for _ in range(5):
        browser.submit("email", email="dan@example.org")
    assert len(mail.outbox) == 5
    browser.submit("email", email="dan@example.org")
    assert "For mange koder på en time. Prøv igjen senere." in browser.page
    assert len(mail.outbox) == 5


def test_linking_and_unlinking_on_the_profile_are_in_the_history(browser, client):
    dan = UserFactory(email="dan@example.org")
    client.force_login(dan)
    assert "Koble til HelseID" in client.get("/profil/").content.decode()
    browser.go("/innlogging/helseid/")
    browser.choose_person("demo-dan")
    identity = dan.external_identities.get()
    assert "HelseID er koblet til kontoen din." in browser.page
    response = client.post("/profil/innlogging/helseid/fjern/")
    assert response.status_code == 302
    assert not dan.external_identities.exists()
    history = get_history_model_for_model(ExternalIdentity).objects.filter(id=identity.pk)
    assert sorted(history.values_list("history_type", flat=True)) == ["+", "-"]
    assert set(history.values_list("history_user", flat=True)) == {dan.pk}


def test_logout_ends_the_provider_session_too(browser, client, carol):
    browser.login("helseid", "demo-carol")
    assert logged_in_user(client) == str(carol.pk)
    browser.go("/accounts/logout/", "post")
    assert "Logg ut" in browser.page  # the provider's page: end its session as well
    browser.submit("xsrf", logout="yes")
    assert logged_in_user(client) is None
    assert "Du er logget ut, også av innloggingstjenesten." in browser.page
    # The provider's session is gone: the next login asks whom to log in again.
    browser.go("/innlogging/helseid/")
    assert "Velg testperson" in browser.page
