"""The research tests' shared survey: a study erin is a member of, a wave of four
questions, and links to Bergen and Stord (Ullensvang, without a manager, invited too)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from research import surveys
from research.factories import StudyFactory
from research.models import Question, SurveyWave
from research.tasks import send_survey_email


@pytest.fixture
def study(programme, erin):
    study = StudyFactory(programme=programme, name="Følgestudie ALIS-Vest")
    study.members.add(erin)
    return study


@pytest.fixture
def wave(study):
    now = timezone.now()
    wave = SurveyWave.objects.create(
        study=study, title="Kommuneundersøkelsen 2022", opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=20), remind_after_days=7,
    )  # fmt: skip
    Question.objects.create(wave=wave, position=1, text="Antall fastleger", kind="tall",
                            required=True)  # fmt: skip
    Question.objects.create(wave=wave, position=2, text="Modell", kind="ett_valg",
                            choices=["Fastlønn", "Næringsdrift"], required=True)  # fmt: skip
    Question.objects.create(wave=wave, position=3, text="Tiltak", kind="flere_valg",
                            choices=["Veiledning", "Kurs", "Bonus"])  # fmt: skip
    Question.objects.create(wave=wave, position=4, text="Kommentar", kind="tekst")
    return wave


@pytest.fixture
def invited(wave, participating, alice, bob, django_capture_on_commit_callbacks):
    """Bergen (alice) and Stord (bob) take part and get links by e-mail; Ullensvang has no
    manager: it is invited too, without an address for now."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitations, without = surveys.invite_participants(wave, "https://alis.example.no")
    assert len(callbacks) == 2
    for invitation in invitations:
        assert send_survey_email(invitation.pk, "invitation") is bool(invitation.email)
    assert [i.municipality.number for i in without] == ["4618"]
    return {i.municipality.number: i for i in invitations}


def answer_url(invitation, number=None):
    return reverse(
        "research:survey_answer",
        args=[number or invitation.municipality.number, surveys.token_for(invitation)],
    )


def answers(wave, **extra):
    q = {q.position: q.key for q in wave.questions.all()}
    data = {q[1]: "4", q[2]: "Fastlønn", q[3]: ["Veiledning", "Kurs"], q[4]: "Godt samarbeid"}
    data.update(extra)
    return data
