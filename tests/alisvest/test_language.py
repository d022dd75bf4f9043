"""A person's own language: chosen on the profile or with the header's switch, it outranks the
browser's, and every e-mail to them is written in it."""

import pytest
from django.core import mail

from alisvest import emails
from alisvest.models import Invitation

pytestmark = pytest.mark.django_db


def test_the_chosen_language_outranks_the_browsers(client_for, carol):
    carol.language = "nn"
    carol.save()
    page = client_for(carol).get("/oppgaver/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="nn"' in page
    assert "Oppgåver" in page


def test_the_header_switch_remembers_the_choice(client_for, carol):
    client = client_for(carol)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/oppgaver/"})
    assert response.status_code == 302
    carol.refresh_from_db()
    assert carol.language == "en"
    assert '<html lang="en"' in client.get("/oppgaver/").content.decode()


def test_the_profile_saves_the_language_with_history(client_for, carol):
    client = client_for(carol)
    response = client.post("/profil/sprak/", {"language": "nn"})
    assert response.status_code == 302
    carol.refresh_from_db()
    assert carol.language == "nn"
    assert carol.history.filter(language="nn").exists()
    page = client.get("/profil/").content.decode()
    assert "Språkvalet er lagra." in page


def test_an_unknown_language_is_refused_and_nothing_changes(client_for, carol):
    client_for(carol).post("/profil/sprak/", {"language": "sv"})
    carol.refresh_from_db()
    assert carol.language == ""


@pytest.mark.parametrize(
    "language, reason",
    [("en", "You are receiving this e-mail because"), ("nn", "Ventar du ikkje invitasjonen")],
)
def test_an_email_to_a_person_is_in_their_language(carol, liv, language, reason):
    carol.language = language
    carol.save()
    invitation = Invitation(name=carol.name, email=carol.email, role="supervisor", invited_by=liv)
    context = {"invitation": invitation, "days": 14, "action_url": "https://alis.example/x/"}
    emails.send("invitation", carol.email.upper(), context)
    assert reason in mail.outbox[-1].body


def test_an_email_to_someone_without_a_choice_is_in_bokmal(liv):
    invitation = Invitation(name="Ny", email="ny@example.no", role="supervisor", invited_by=liv)
    context = {"invitation": invitation, "days": 14, "action_url": "https://alis.example/x/"}
    emails.send("invitation", "ny@example.no", context)
    assert "Venter du ikke invitasjonen" in mail.outbox[-1].body
