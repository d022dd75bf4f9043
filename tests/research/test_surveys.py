"""Survey waves: the form builder, signed links per municipality (own municipality only,
expiring, editable until close, idempotent on double submit), reminders once, exports."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alisvest import emails
from research import surveys
from research.models import SurveyInvitation, SurveyResponse, SurveyWave
from research.tasks import send_survey_email, send_survey_reminders
from tests.research.conftest import answer_url, answers

pytestmark = pytest.mark.django_db


def test_an_invitation_whose_send_failed_is_sent_by_the_retry(
    wave, participating, alice, bob, monkeypatch
):
    invitations, _missing = surveys.invite_participants(wave, "https://alis.example.no")

    def smtp_down(*args, **kwargs):
        raise ConnectionError("SMTP down")

    with monkeypatch.context() as patch:
        patch.setattr(emails, "send", smtp_down)
        with pytest.raises(ConnectionError):
            send_survey_email(invitations[0].pk, "invitation")
    assert send_survey_email(invitations[0].pk, "invitation") is True  # the retry
    assert send_survey_email(invitations[0].pk, "invitation") is False  # and only once
    assert len(mail.outbox) == 1


def test_each_manager_gets_a_unique_link_by_email(invited):
    assert sorted(m.to[0] for m in mail.outbox) == [
        "alice@bergen.kommune.no",
        "bob@stord.kommune.no",
    ]
    bergen_link = surveys.link_for(invited["4601"])
    assert bergen_link.startswith("https://alis.example.no/sporreundersokelse/4601/")
    assert bergen_link in mail.outbox[0].body + mail.outbox[1].body
    assert bergen_link != surveys.link_for(invited["4614"])
    # The invitation e-mail is claimed once: a repeated task sends nothing.
    assert send_survey_email(invited["4601"].pk, "invitation") is False
    assert len(mail.outbox) == 2


def test_answering_needs_no_login_and_is_saved_for_its_municipality(client, wave, invited):
    url = answer_url(invited["4601"])
    assert client.get(url).status_code == 200
    response = client.post(url, answers(wave))
    assert response.status_code == 302
    saved = SurveyResponse.objects.get()
    assert saved.municipality.number == "4601"
    assert saved.answers[wave.questions.get(position=1).key] == 4
    assert saved.answers[wave.questions.get(position=3).key] == ["Veiledning", "Kurs"]


def test_link_works_for_its_own_municipality_only(client, wave, invited):
    bergen = invited["4601"]
    assert client.get(answer_url(bergen, number="4614")).status_code == 404
    assert client.post(answer_url(bergen, number="4614"), answers(wave)).status_code == 404
    assert not SurveyResponse.objects.exists()
    forged = reverse("research:survey_answer", args=["4601", "x" + surveys.token_for(bergen)])
    assert client.get(forged).status_code == 404


def test_double_submit_is_idempotent_and_answers_can_be_edited(client, wave, invited):
    url = answer_url(invited["4614"])
    client.post(url, answers(wave))
    client.post(url, answers(wave))
    assert SurveyResponse.objects.count() == 1
    first = SurveyResponse.objects.get()
    client.post(url, answers(wave, **{wave.questions.get(position=1).key: "6"}))
    edited = SurveyResponse.objects.get()
    assert edited.pk == first.pk
    assert edited.answers[wave.questions.get(position=1).key] == 6
    page = client.get(url).content.decode()
    assert 'value="6"' in page  # reopened with the saved answers


def test_required_questions_are_explained_and_input_kept(client, wave, invited):
    url = answer_url(invited["4601"])
    q = {q.position: q.key for q in wave.questions.all()}
    response = client.post(url, {q[4]: "Bare kommentar"})
    assert response.status_code == 200
    assert "Bare kommentar" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_link_expires_when_the_wave_closes(client, wave, invited):
    url = answer_url(invited["4601"])
    SurveyWave.objects.filter(pk=wave.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    assert client.get(url).status_code == 410
    assert client.post(url, answers(wave)).status_code == 410
    assert not SurveyResponse.objects.exists()


def test_reminders_go_once_to_those_who_have_not_answered(
    client, wave, invited, django_capture_on_commit_callbacks
):
    client.post(answer_url(invited["4601"]), answers(wave))
    later = timezone.now() + timedelta(days=8)
    assert surveys.send_reminders(now=timezone.now()) == []  # too early
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = surveys.send_reminders(now=later)
        second = surveys.send_reminders(now=later)
        third = send_survey_reminders()
    assert first == [invited["4614"].pk]
    assert second == [] and third == 0
    assert len(callbacks) == 1
    send_survey_email(invited["4614"].pk, "reminder")
    reminders = [m for m in mail.outbox if "Påminnelse" in m.subject]
    assert [m.to for m in reminders] == [["bob@stord.kommune.no"]]


def test_response_rate_dashboard_updates(client_for, erin_mfa, wave, invited, client):
    client.post(answer_url(invited["4614"]), answers(wave))
    erin = client_for(erin_mfa)
    partial = erin.get(
        reverse("research:wave_rate", args=[wave.study.pk, wave.pk]), HTTP_HX_REQUEST="true"
    )
    assert partial.context["rate"] == 33  # 1 of 3: Ullensvang, without a manager, counts
    assert "1 av 3 inviterte har svart" in partial.content.decode()
    assert 'hx-trigger="every 10s"' in partial.content.decode()


def test_form_builder_adds_questions_and_explains_choices(client_for, erin_mfa, study):
    client = client_for(erin_mfa)
    client.post(
        reverse("research:wave_create", args=[study.pk]),
        {"title": "Undersøkelse 2023", "opens_at": "2023-03-01T08:00",
         "closes_at": "2023-03-31T16:00", "remind_after_days": 7},
    )  # fmt: skip
    wave = study.waves.get()
    url = reverse("research:wave_detail", args=[study.pk, wave.pk])
    bad = client.post(url, {"text": "Modell?", "kind": "ett_valg", "choices_text": "Bare én"})
    assert "minst to alternativer" in bad.content.decode()
    client.post(url, {"text": "Modell?", "kind": "ett_valg", "required": "on",
                      "choices_text": "Fastlønn\nNæringsdrift\n"})  # fmt: skip
    question = wave.questions.get()
    assert question.choices == ["Fastlønn", "Næringsdrift"] and question.required


def test_answers_export_csv_and_xlsx(client_for, erin_mfa, wave, invited, client):
    client.post(answer_url(invited["4601"]), answers(wave))
    erin = client_for(erin_mfa)
    response = erin.get(reverse("research:wave_answers", args=[wave.study.pk, wave.pk, "csv"]))
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][:2] == ["4601", "Bergen"] and "Veiledning; Kurs" in rows[1]
    xlsx = erin.get(reverse("research:wave_answers", args=[wave.study.pk, wave.pk, "xlsx"]))
    assert xlsx.content.startswith(b"PK")


def test_survey_pages_are_for_study_members(client_for, alice, wave):
    url = reverse("research:wave_detail", args=[wave.study.pk, wave.pk])
    assert client_for(alice).get(url).status_code == 404


def test_invitation_is_unique_per_municipality(wave, invited):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError, match="research_surveyinvitation_unique_municipality"):
        SurveyInvitation.objects.create(
            wave=wave, municipality=invited["4601"].municipality, email="x@example.no"
        )
