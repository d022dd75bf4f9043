import pytest
from django.utils import timezone
from playwright.sync_api import expect

from research import surveys
from research.factories import StudyFactory
from research.models import Question, SurveyInvitation, SurveyResponse, SurveyWave

pytestmark = pytest.mark.django_db(transaction=True)


def test_manager_answers_on_a_phone_without_login_and_can_come_back(
    browser, live_server, programme, bergen, participating
):
    study = StudyFactory(programme=programme, name="Følgestudie ALIS-Vest")
    now = timezone.now()
    wave = SurveyWave.objects.create(
        study=study, title="Kommuneundersøkelsen", opens_at=now - timezone.timedelta(days=1),
        closes_at=now + timezone.timedelta(days=10),
    )  # fmt: skip
    Question.objects.create(wave=wave, position=1, text="Antall fastleger", kind="tall",
                            required=True)  # fmt: skip
    Question.objects.create(wave=wave, position=2, text="Avtaleform", kind="ett_valg",
                            choices=["Fastlønn", "Næringsdrift"], required=True)  # fmt: skip
    invitation = SurveyInvitation.objects.create(
        wave=wave, municipality=bergen, email="alice@bergen.kommune.no"
    )
    context = browser.new_context(
        base_url=live_server.url, locale="nb-NO", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    url = surveys.link_for(invitation, base_url="")
    page.goto(url)
    expect(page.get_by_text("Svar for Bergen kommune")).to_be_visible()
    page.get_by_role("button", name="Send svar").click()
    expect(page.get_by_text("Skjemaet har feil")).to_be_visible()  # required, explained
    page.get_by_label("Antall fastleger").fill("270")
    page.get_by_label("Fastlønn").check()
    page.get_by_role("button", name="Send svar").click()
    expect(page.get_by_text("Takk! Svarene er lagret")).to_be_visible()
    page.goto(url)  # reopened: the answers are there and can be changed
    assert page.get_by_label("Antall fastleger").input_value() == "270"
    page.get_by_label("Næringsdrift").check()
    page.get_by_role("button", name="Lagre endringer").click()
    assert SurveyResponse.objects.count() == 1
    assert list(SurveyResponse.objects.get().answers.values()) == [270, "Næringsdrift"]
    assert not errors, errors
    context.close()
