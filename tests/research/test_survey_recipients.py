"""Surveys that reach everyone: every participating municipality is invited (an address
typed by the researcher when it has no health manager with a login), people are invited
from the register or by e-mail, each recipient has its own link to copy, and the response
rate counts everyone invited."""

import pytest
from django.conf import settings
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

from alisvest.roles import Role
from placements.register.factories import PlacementFactory, SupervisorAssignmentFactory
from research import surveys
from research.models import SurveyInvitation, SurveyResponse
from research.tasks import send_survey_email
from research.views.surveys import rate_context
from tests.conftest import person
from tests.research.conftest import answer_url, answers

pytestmark = pytest.mark.django_db


def wave_url(name, wave):
    return reverse(f"research:{name}", args=[wave.study.pk, wave.pk])


def test_a_municipality_without_a_manager_is_invited_and_counted(
    client_for, erin_mfa, wave, invited, django_capture_on_commit_callbacks
):
    ullensvang = invited["4618"]
    assert ullensvang.email == "" and ullensvang.sent_at is None
    erin = client_for(erin_mfa)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        erin.post(
            wave_url("wave_address", wave),
            {"invitation": ullensvang.pk, "email": "post@ullensvang.kommune.no"},
        )
    assert len(callbacks) == 1  # the link's e-mail, queued after commit; the worker:
    assert send_survey_email(ullensvang.pk, "invitation") is True
    [message] = [m for m in mail.outbox if m.to == ["post@ullensvang.kommune.no"]]
    assert surveys.link_for(SurveyInvitation.objects.get(pk=ullensvang.pk)) in message.body
    assert "Ullensvang kommune inviteres" in message.body
    bad = erin.post(
        wave_url("wave_address", wave), {"invitation": ullensvang.pk, "email": "ikke-epost"},
        follow=True,
    )  # fmt: skip
    assert "E-post:" in bad.content.decode()


def test_the_response_rate_counts_everyone_invited(client, wave, invited):
    assert rate_context(wave)["rate"] == 0
    client.post(answer_url(invited["4601"]), answers(wave))
    context = rate_context(wave)
    assert (context["answered_count"], len(context["invitations"]), context["rate"]) == (1, 3, 33)


def test_researcher_invites_people_by_email_each_with_their_own_link(
    client_for, erin_mfa, wave, invited, django_capture_on_commit_callbacks
):
    erin = client_for(erin_mfa)
    mail.outbox.clear()
    data = {
        "addresses": "Kari Nordmann <Kari@Example.no>\nola@example.no\n",
        "role": "alis",
        "send": "on",
    }
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = erin.post(wave_url("wave_recipients", wave), data)
    assert response.status_code == 302
    assert len(callbacks) == 2
    people = list(wave.invitations.exclude(role="kommune").order_by("email"))
    for invited_person in people:
        assert send_survey_email(invited_person.pk, "invitation") is True
    assert [(p.email, p.name, p.role) for p in people] == [
        ("kari@example.no", "Kari Nordmann", "alis"),
        ("ola@example.no", "", "alis"),
    ]
    links = {p.email: reverse("research:survey_link", args=[surveys.token_for(p)]) for p in people}
    assert len(set(links.values())) == 2
    assert all("/sporreundersokelse/" in link and "4601" not in link for link in links.values())
    for message in mail.outbox:
        assert links[message.to[0]] in message.body
        assert "Du inviteres til å svare" in message.body
    assert sorted(m.to[0] for m in mail.outbox) == sorted(links)
    again = erin.post(wave_url("wave_recipients", wave), data, follow=True)
    assert "Allerede invitert" in again.content.decode()
    assert wave.invitations.exclude(role="kommune").count() == 2
    with pytest.raises(IntegrityError, match="research_surveyinvitation_unique_person"):
        SurveyInvitation.objects.create(wave=wave, role="annen", email="OLA@example.no")


def test_a_bad_address_is_named_and_the_input_kept(client_for, erin_mfa, wave):
    erin = client_for(erin_mfa)
    response = erin.post(
        wave_url("wave_recipients", wave),
        {"addresses": "kari@example.no\nikke en adresse", "role": "annen"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "«ikke en adresse» er ikke en e-postadresse." in page
    assert "kari@example.no" in page
    assert not wave.invitations.exists()


def test_without_sending_the_link_is_copied_from_the_wave_page(client_for, erin_mfa, wave):
    erin = client_for(erin_mfa)
    erin.post(wave_url("wave_recipients", wave), {"addresses": "kari@example.no", "role": "annen"})
    kari = wave.invitations.get()
    assert kari.sent_at is None and not mail.outbox
    page = erin.get(wave_url("wave_detail", wave)).content.decode()
    assert f'data-copy="{surveys.link_for(kari, settings.SITE_URL)}"' in page
    assert "Kopier lenke" in page and 'class="ds-table cards"' in page


def test_people_come_from_the_register_as_far_as_one_may_see_it(
    wave, participating, alice, carol, liv, erin, bergen_centre
):
    placement = PlacementFactory(
        doctor__programme=wave.study.programme, doctor__name="Dina ALIS", centre=bergen_centre
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    people = surveys.register_people(wave.study, liv)  # the programme's leader
    found = {(p["name"], p["role"], p["municipality"].number) for p in people.values()}
    assert ("Dina ALIS", "alis", "4601") in found
    assert ("Carol Corneliussen", "veileder", "4601") in found
    assert ("Alice Aas", "leder", "4601") in found
    # A researcher does not see the register: she invites by e-mail.
    assert surveys.register_people(wave.study, erin) == {}


def test_a_person_answers_without_login_and_is_not_named_in_the_response(client, wave):
    [kari], _already = surveys.add_people(
        wave, [{"email": "kari@example.no", "name": "Kari", "role": "veileder"}], "", send=False
    )
    url = reverse("research:survey_link", args=[surveys.token_for(kari)])
    page = client.get(url).content.decode()
    assert "Navn og e-postadresse følger ikke med svarene" in page
    assert client.post(url, answers(wave)).status_code == 302
    response = SurveyResponse.objects.get()
    assert (response.invitation, response.role, response.municipality) == (kari, "veileder", None)
    # A person's token does not open a municipality's address, nor a municipality's alone.
    assert client.get(answer_url(kari, number="4601")).status_code == 404


def test_a_municipality_link_needs_its_number(client, invited):
    token = surveys.token_for(invited["4601"])
    assert client.get(reverse("research:survey_link", args=[token])).status_code == 404


def test_a_municipality_whose_manager_got_a_login_gets_the_link_next_time(wave, invited):
    ullensvang = invited["4618"].municipality
    person("una@ullensvang.kommune.no", "Una Ullensvang", Role.MANAGER, ullensvang)
    _invited, without = surveys.invite_participants(wave, "")
    assert without == []
    assert SurveyInvitation.objects.get(pk=invited["4618"].pk).email == "una@ullensvang.kommune.no"
