"""Issue 23: no side door into the admin, a login throttle that does not lock out a town
behind one address, a second factor for everyone who sees names, HPR numbers and money,
and short idle sessions for everyone who sees other people's records."""

import pytest
from allauth.core.internal.ratelimit import get_cache_key, get_rates
from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from alisvest.roles import Role
from tests.conftest import PASSWORD, person, totp_code, with_totp

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
OFFICE = "10.20.30.40"  # the municipality's one address


def post_login(client, email, password):
    return client.post(LOGIN, {"login": email, "password": password})


def fail(client, email, times):
    for _ in range(times):
        response = post_login(client, email, "feil-passord")
        assert response.status_code == 200


def age_failures(email, seconds, ip=OFFICE):
    """Move the recorded failed logins of `email` `seconds` into the past, as if that much
    time had gone by (allauth keeps them in the cache, newest first)."""
    request = RequestFactory().post(LOGIN, REMOTE_ADDR=ip)
    for rate in get_rates(app="allauth.account", action="login_failed"):
        key = get_cache_key(
            request,
            app="allauth.account",
            action="login_failed",
            rate=rate,
            key=f"testserver:{email}",
        )
        history = cache.get(key, [])
        cache.set(key, [t - seconds for t in history], 86400)


# --- No side door -------------------------------------------------------------------------


def test_the_admin_login_form_sends_people_to_allauth(client, liv_mfa):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": liv_mfa.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    # The password posted to the admin logged nobody in.
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_a_staff_member_who_must_use_mfa_cannot_reach_the_admin_with_a_password_alone(
    client, liv_mfa
):
    response = post_login(client, liv_mfa.email, PASSWORD)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # half way: the code is still owed
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    # With the code, the admin opens.
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert client.get("/admin/").status_code == 200


def test_a_superuser_reaches_the_admin_through_allauth(client):
    root = person("root@example.no", "Root", None)
    root.is_staff = root.is_superuser = True
    root.save()
    assert post_login(client, root.email, PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200


# --- Throttle per account, not per town ---------------------------------------------------


def test_five_wrong_passwords_for_one_account_do_not_stop_another_at_the_same_address(alice, carol):
    office = Client(REMOTE_ADDR=OFFICE)
    fail(office, alice.email, 5)
    refused = post_login(office, alice.email, PASSWORD)
    assert refused.status_code == 200
    assert "Vent 5 minutter og prøv igjen" in refused.content.decode()
    colleague = Client(REMOTE_ADDR=OFFICE)
    assert post_login(colleague, carol.email, PASSWORD)["Location"] == reverse("tasks")
    assert colleague.get(reverse("dashboard")).status_code == 200


def test_the_wait_grows_with_the_failures(carol):
    office = Client(REMOTE_ADDR=OFFICE)
    fail(office, carol.email, 5)
    age_failures(carol.email, 301)  # the five-minute wait is over
    assert post_login(office, carol.email, PASSWORD).status_code == 302
    office.logout()
    fail(office, carol.email, 5)  # ten in the hour: now about an hour
    refused = post_login(office, carol.email, PASSWORD).content.decode()
    assert "Vent 55 minutter og prøv igjen" in refused


def test_the_wait_is_said_in_english_too(carol):
    office = Client(REMOTE_ADDR=OFFICE, HTTP_ACCEPT_LANGUAGE="en")
    fail(office, carol.email, 5)
    refused = post_login(office, carol.email, PASSWORD).content.decode()
    assert "Wait 5 minutes and try again" in refused


def test_one_machine_guessing_many_accounts_is_stopped_per_address(carol):
    sprayer = Client(REMOTE_ADDR="10.0.0.99")
    for n in range(100):
        post_login(sprayer, f"gjett{n}@example.no", "feil-passord")
    refused = post_login(sprayer, carol.email, PASSWORD)
    assert refused.status_code == 200
    assert "For mange innloggingsforsøk" in refused.content.decode()
    elsewhere = Client(REMOTE_ADDR="10.0.0.7")
    assert post_login(elsewhere, carol.email, PASSWORD).status_code == 302


# --- A second factor for managers and the steering group ----------------------------------


@pytest.mark.parametrize(
    "role, scope", [(Role.MANAGER, "bergen"), (Role.STEERING_GROUP, "programme")]
)
def test_managers_and_the_steering_group_must_set_up_totp(request, client, role, scope):
    assert role in settings.MFA_REQUIRED_ROLES
    user = person(f"{role}@example.no", "Ny Person", role, request.getfixturevalue(scope))
    client.force_login(user)
    response = client.get(reverse("dashboard"))
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    with_totp(user)
    assert client.get(reverse("dashboard")).status_code == 200


# --- Short idle sessions for everyone who sees other people's records ---------------------


@pytest.mark.parametrize("name", ["stein", "alice", "carol", "liv_mfa", "erin_mfa"])
def test_sessions_end_after_30_idle_minutes(request, client, name):
    client.force_login(request.getfixturevalue(name))
    client.get(reverse("dashboard"))
    assert client.session.get_expiry_age() == 30 * 60


def test_an_alis_keeps_the_normal_session_length(client):
    client.force_login(person("anna@alis.no", "Anna Alis", Role.ALIS))
    client.get(reverse("dashboard"))
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_a_count_the_page_loads_by_itself_does_not_undo_a_click(client, liv_mfa):
    """The header's task count loads after each page. It is no activity, so it saves no
    session: loading it with the session as it was before a programme switch no longer
    writes that old session back over the switch."""
    client.force_login(liv_mfa)
    client.get(reverse("dashboard"))
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    store = SessionStore(session_key=before)
    store["programme"] = "byttet-i-mellomtiden"  # what a click saved meanwhile
    store.save()
    response = client.get(reverse("task_count"))
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies  # the session was not saved
    assert SessionStore(session_key=before)["programme"] == "byttet-i-mellomtiden"
    client.get(reverse("dashboard"))  # a page the person opens still restarts the clock
    assert client.session.get_expiry_age() == 30 * 60
