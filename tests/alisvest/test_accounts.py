import re

import pytest
from django.core import mail
from django.urls import reverse

from alisvest.models import Invitation, User
from alisvest.roles import Role
from tests.conftest import wait_for

pytestmark = pytest.mark.django_db


def test_open_signup_is_closed(client):
    response = client.get(reverse("account_signup"))
    assert "Registrering stengt" in response.content.decode()
    assert (
        client.post(
            reverse("account_signup"),
            {
                "email": "eve@example.no",
                "password1": "langt-nok-passord-9",
                "password2": "langt-nok-passord-9",
            },
        ).status_code
        == 200
    )
    assert not User.objects.filter(email="eve@example.no").exists()


def test_login_page_is_norwegian(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert 'lang="nb"' in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_alice_invites_a_supervisor_who_then_joins(celery_worker, client_for, alice, bergen):
    client = client_for(alice)
    response = client.post(
        reverse("invitations"),
        {
            "name": "Carl Veileder",
            "email": "Carl@Bergen.kommune.no",
            "role": Role.SUPERVISOR,
            "municipality": bergen.pk,
        },
    )
    assert response.status_code == 302
    assert wait_for(lambda: len(mail.outbox) == 1), "the worker sent no invitation"
    message = mail.outbox[0]
    assert message.to == ["carl@bergen.kommune.no"]
    assert "Veileder" in message.subject
    link = re.search(r"http://testserver(/invitasjon/\S+/)", message.body).group(1)

    client.logout()
    response = client.post(
        link, {"name": "Carl Veileder", "password1": "kort", "password2": "kort"}
    )
    assert "password1" in response.context["form"].errors  # too short, in the field's name
    response = client.post(
        link,
        {
            "name": "Carl Veileder",
            "password1": "langt-nok-passord-9",
            "password2": "langt-nok-passord-9",
        },
    )
    assert response.status_code == 302
    carl = User.objects.get(email="carl@bergen.kommune.no")
    assert carl.access.has(Role.SUPERVISOR)
    assert client.get(link).status_code == 404  # the link works once


def test_alice_cannot_invite_a_manager_for_stord(client_for, alice, stord):
    response = client_for(alice).post(
        reverse("invitations"),
        {
            "name": "Mallory",
            "email": "m@example.no",
            "role": Role.MANAGER,
            "municipality": stord.pk,
        },
    )
    assert response.status_code == 200
    assert "municipality" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_supervisor_cannot_open_invitations(client_for, carol):
    assert client_for(carol).get(reverse("invitations")).status_code == 404


def test_project_leader_without_totp_must_set_it_up(client_for, liv):
    response = client_for(liv).get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_project_leader_with_totp_sees_dashboard(client_for, liv_mfa, participating):
    client = client_for(liv_mfa)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    # One row per county of today, each opening its municipalities: Odda (1228, Hordaland
    # in 2017) counts towards Ullensvang, in Vestland.
    page = response.content.decode()
    county = reverse("placements:municipality_list") + "?fylke=Vestland"
    assert f'href="{county}"' in page and "fylke=Hordaland" not in page
    assert "Ullensvang" in client.get(county).content.decode()


def test_password_reset_is_throttled_with_a_norwegian_page(client, alice):
    url = reverse("account_reset_password")
    for _ in range(5):
        assert client.post(url, {"email": alice.email}).status_code == 302
    response = client.post(url, {"email": alice.email})
    assert response.status_code == 429
    assert "Du har prøvd for mange ganger på kort tid" in response.content.decode()
    assert len(mail.outbox) == 5


def test_email_login_works(client, carol):
    response = client.post(
        reverse("account_login"),
        {
            "login": "CAROL@bergen.kommune.no",
            "password": "passord-for-test-1",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_password_reset_sends_mail(client, alice):
    client.post(reverse("account_reset_password"), {"email": alice.email})
    assert len(mail.outbox) == 1
    assert alice.email in mail.outbox[0].to
