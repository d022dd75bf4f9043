"""The questions the project leaders ask and the municipality's answers, kept as a thread on
the application, and what changed in the answers since a reviewer's review."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from placements.applications import services
from placements.applications.factories import ApplicationFactory, CallFactory
from placements.applications.models import Application, InfoRequest

QUESTION = "Beskriv bakvakten nærmere."
SCORES = {
    "recruitment_need": 4,
    "supervision_arrangement": 4,
    "list_solution": 3,
    "centre": 4,
    "substitute_solution": 3,
    "recommendation": Application.Recommendation.APPROVE,
}


@pytest.fixture
def submitted(programme, bergen, bergen_centre):
    call = CallFactory(programme=programme, target_counties=["Vestland"])
    application = ApplicationFactory(
        call=call,
        municipality=bergen,
        complete=True,
        centre=bergen_centre,
        backup_on_call="Bakvakt fra Os legevakt.",
    )
    return services.submit(application)


def _ask(client_for, leader, application):
    response = client_for(leader).post(
        reverse("placements:application_review", args=[application.pk, "info"]),
        {"info_request": QUESTION},
    )
    assert response.status_code == 302


def _answers(application, **changes):
    """The edit page's POST: the application's answers as they stand, with `changes`."""
    data = {}
    for name in Application.ANSWER_FIELDS:
        value = getattr(application, "centre_id" if name == "centre" else name)
        if value is None:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        data[name] = value
    data.update(changes)
    return data


def test_the_question_and_answer_stay_in_the_thread_after_resubmission(
    client_for, alice, liv_mfa, submitted
):
    _ask(client_for, liv_mfa, submitted)
    manager = client_for(alice)
    edit = manager.get(reverse("placements:application_edit", args=[submitted.pk]))
    assert "Svar på spørsmålet" in edit.content.decode()
    assert QUESTION in edit.content.decode()
    detail = manager.get(reverse("placements:application_detail", args=[submitted.pk]))
    assert "Ikke besvart ennå" in detail.content.decode()
    response = manager.post(
        reverse("placements:application_edit", args=[submitted.pk]),
        _answers(submitted, answer="Bakvakten er nå Bergen legevakt.", submit="1"),
    )
    assert response.url == reverse("placements:application_detail", args=[submitted.pk])
    submitted.refresh_from_db()
    assert submitted.status == Application.Status.RESUBMITTED
    question = InfoRequest.objects.get(application=submitted)
    assert question.question == QUESTION
    assert question.asked_by == liv_mfa
    assert question.answered_by == alice and question.answered_at is not None
    page = client_for(liv_mfa).get(reverse("placements:application_detail", args=[submitted.pk]))
    text = page.content.decode()
    assert QUESTION in text
    assert "Bakvakten er nå Bergen legevakt." in text
    assert "Ikke besvart ennå" not in text


def test_resubmission_without_an_answer_is_refused_naming_the_field(
    client_for, alice, liv_mfa, submitted
):
    _ask(client_for, liv_mfa, submitted)
    response = client_for(alice).post(
        reverse("placements:application_edit", args=[submitted.pk]),
        _answers(submitted, backup_on_call="Bakvakt fra Bergen legevakt.", answer="", submit="1"),
        follow=True,
    )
    text = response.content.decode()
    assert "Søknaden mangler: Svar på spørsmålet" in text
    submitted.refresh_from_db()
    assert submitted.status == Application.Status.MORE_INFO
    assert submitted.backup_on_call == "Bakvakt fra Bergen legevakt."  # what was typed is kept
    assert InfoRequest.objects.get(application=submitted).answered_at is None
    # An answer typed while another section is refused is kept for the next try.
    client_for(alice).post(
        reverse("placements:application_edit", args=[submitted.pk]),
        _answers(submitted, daily_supervision="", answer="Bergen legevakt.", submit="1"),
    )
    page = client_for(alice).get(reverse("placements:application_edit", args=[submitted.pk]))
    assert "Bergen legevakt.</textarea>" in page.content.decode()


def test_resubmission_through_the_service_needs_the_answer(liv, submitted):
    services.request_more_information(submitted, QUESTION, by=liv)
    with pytest.raises(Exception, match="Svar på spørsmålet"):
        services.submit(submitted)
    resubmitted = services.submit(submitted, answer="Bergen legevakt.")
    assert resubmitted.status == Application.Status.RESUBMITTED


def test_the_changes_page_shows_what_changed_since_the_review(
    client_for, alice, liv_mfa, submitted
):
    services.assign_reviewers(submitted, [liv_mfa])
    services.save_review(submitted, liv_mfa, SCORES)
    _ask(client_for, liv_mfa, submitted)
    submitted.refresh_from_db()
    client_for(alice).post(
        reverse("placements:application_edit", args=[submitted.pk]),
        _answers(
            submitted,
            backup_on_call="Bakvakt fra Bergen legevakt.",
            answer="Se punkt 5.",
            submit="1",
        ),
    )
    leader = client_for(liv_mfa)
    detail = leader.get(reverse("placements:application_detail", args=[submitted.pk]))
    assert "Se hva som er endret siden din vurdering" in detail.content.decode()
    page = leader.get(reverse("placements:application_changes", args=[submitted.pk]))
    assert page.status_code == 200
    rows = page.content.decode().split('data-testid="changes"')[1].split("</table>")[0]
    assert "Bakvakt på legevakt" in rows
    assert "Bakvakt fra Os legevakt." in rows and "Bakvakt fra Bergen legevakt." in rows
    assert "Rekrutteringssituasjonen" not in rows
    assert submitted.recruitment_situation not in rows
    # ?fra= the latest version: nothing changed since then.
    latest = submitted.history.order_by("history_date").last()
    same = leader.get(
        reverse("placements:application_changes", args=[submitted.pk]),
        {"fra": latest.history_id},
    )
    assert 'data-testid="changes"' not in same.content.decode()


def test_the_detail_page_does_not_link_to_changes_when_nothing_changed(
    client_for, liv_mfa, submitted
):
    page = client_for(liv_mfa).get(reverse("placements:application_detail", args=[submitted.pk]))
    assert "Se hva som er endret siden din vurdering" not in page.content.decode()


def test_another_municipalitys_manager_gets_404(client_for, bob, submitted):
    client = client_for(bob)
    url = reverse("placements:application_changes", args=[submitted.pk])
    assert client.get(url).status_code == 404
    other = submitted.history.first().history_id
    assert client.get(url, {"fra": other}).status_code == 404


def test_a_version_of_another_application_is_not_a_base(
    client_for, alice, submitted, programme, stord
):
    stranger = ApplicationFactory(call=CallFactory(programme=programme), municipality=stord)
    version = stranger.history.first().history_id
    response = client_for(alice).get(
        reverse("placements:application_changes", args=[submitted.pk]), {"fra": version}
    )
    assert response.status_code == 404


# --- The same through the API ----------------------------------------------------------------


def api_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_leader_asks_through_the_api_and_everyone_reads_the_thread(
    liv_mfa, alice, stein, submitted, django_capture_on_commit_callbacks
):
    url = f"/api/v1/applications/{submitted.pk}/thread/"
    with django_capture_on_commit_callbacks() as callbacks:
        asked = api_as(liv_mfa).post(url, {"question": QUESTION}, format="json")
    assert asked.status_code == 201, asked.content
    assert [row["question"] for row in asked.json()] == [QUESTION]
    submitted.refresh_from_db()
    assert submitted.status == Application.Status.MORE_INFO
    assert len(callbacks) == 1  # the municipality's notice, queued when the question commits
    services.submit(submitted, answer="Bergen legevakt.", by=alice)
    for reader in (alice, stein, liv_mfa):
        [row] = api_as(reader).get(url).json()
        assert row["question"] == QUESTION and row["asked_by"] == str(liv_mfa)
        assert row["answer"] == "Bergen legevakt." and row["answered_by"] == str(alice)
        assert row["answered_at"] is not None


def test_only_the_leader_asks_and_an_empty_question_names_the_field(
    liv_mfa, alice, stein, bob, submitted
):
    url = f"/api/v1/applications/{submitted.pk}/thread/"
    assert api_as(alice).post(url, {"question": QUESTION}, format="json").status_code == 403
    assert api_as(stein).post(url, {"question": QUESTION}, format="json").status_code == 403
    assert api_as(bob).get(url).status_code == 404
    empty = api_as(liv_mfa).post(url, {"question": " "}, format="json")
    assert empty.status_code == 400 and "question" in empty.json()
    assert not InfoRequest.objects.filter(application=submitted).exists()


def test_the_changes_since_the_review_through_the_api(liv_mfa, alice, bob, submitted):
    services.assign_reviewers(submitted, [liv_mfa])
    services.save_review(submitted, liv_mfa, SCORES)
    services.request_more_information(submitted, QUESTION, by=liv_mfa)
    submitted.refresh_from_db()
    submitted.backup_on_call = "Bakvakt fra Bergen legevakt."
    submitted.save()
    services.submit(submitted, answer="Se punkt 5.", by=alice)
    url = f"/api/v1/applications/{submitted.pk}/changes/"
    body = api_as(liv_mfa).get(url).json()
    assert body["changes"] == [
        {
            "field": "backup_on_call",
            "label": "Bakvakt på legevakt",
            "before": "Bakvakt fra Os legevakt.",
            "after": "Bakvakt fra Bergen legevakt.",
        }
    ]
    assert body["base"]["history_id"] < body["current"]["history_id"]
    assert body["current"]["status"] == Application.Status.RESUBMITTED
    latest = api_as(liv_mfa).get(url, {"from": body["current"]["history_id"]}).json()
    assert latest["changes"] == []
    stranger = api_as(liv_mfa).get(url, {"from": "abc"})
    assert stranger.status_code == 400 and "from" in stranger.json()
    assert api_as(bob).get(url).status_code == 404
