import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from research import surveys
from research.factories import StudyFactory
from research.models import Question, SurveyInvitation, SurveyResponse, SurveyWave

from .conftest import BROWSER_TIMEOUT_MS, login

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


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


def test_researcher_invites_people_copies_a_link_and_versions_the_questionnaire(
    browser, live_server, programme, erin_mfa
):
    """The journey of issue 22: invite two people by e-mail on a phone, copy one link, the
    respondent answers it without login, a question is changed after answers exist
    (version 2), the other answers that version, and the export carries both."""
    study = StudyFactory(programme=programme, name="Følgestudie ALIS-Vest", k_anonymity=2)
    study.members.add(erin_mfa)
    now = timezone.now()
    wave = SurveyWave.objects.create(
        study=study, title="Veilederundersøkelsen", opens_at=now - timezone.timedelta(days=1),
        closes_at=now + timezone.timedelta(days=10),
    )  # fmt: skip
    Question.objects.create(wave=wave, position=1, text="Timer veiledning i måneden",
                            kind="tall", required=True)  # fmt: skip
    researcher = browser.new_context(base_url=live_server.url, locale="nb-NO", viewport=PHONE)
    researcher.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = researcher.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    login(page, erin_mfa.email)
    page.goto(f"/forskning/{study.pk}/undersokelser/{wave.pk}/")
    page.get_by_label("E-postadresser").fill("Kari Nordmann <kari@example.no>\nola@example.no")
    page.get_by_label("Rolle for adressene").select_option("veileder")
    page.get_by_label("Send lenken på e-post nå").uncheck()
    page.get_by_role("button", name="Inviter", exact=True).click()
    expect(page.get_by_text("2 personer er invitert.")).to_be_visible()
    expect(page.get_by_text("0 av 2 inviterte har svart")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Kopier lenken til Kari Nordmann").click()
    expect(page.get_by_text("Lenken er kopiert.")).to_be_visible()
    link = page.evaluate("navigator.clipboard.readText()")
    kari = SurveyInvitation.objects.get(email="kari@example.no")
    assert link == surveys.link_for(kari, settings.SITE_URL)

    answer(browser, live_server, link.removeprefix(settings.SITE_URL), "6")
    page.reload()
    expect(page.get_by_text("1 av 2 inviterte har svart")).to_be_visible()
    expect(page.get_by_text("versjon 2; svarene som finnes beholder sin versjon")).to_be_visible()

    page.get_by_role("link", name="Endre Timer veiledning i måneden").click()
    page.get_by_label("Spørsmål (bokmål)").fill("Timer individuell veiledning i måneden")
    page.get_by_label("Spørsmål (nynorsk)").fill("Timar individuell rettleiing i månaden")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Spørsmålet er lagret (versjon 2).")).to_be_visible()
    ola = SurveyInvitation.objects.get(email="ola@example.no")
    ola_link = reverse("research:survey_link", args=[surveys.token_for(ola)])
    answer(browser, live_server, ola_link, "4", nynorsk=True)

    text = download_csv(page, study, "sporreundersokelse")
    header, *rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    got = {(r[header.index("versjon")], r[header.index("sporsmal_tekst")],
            r[header.index("svar")]) for r in rows}  # fmt: skip
    assert got == {
        ("1", "Timer veiledning i måneden", "6"),
        ("2", "Timer individuell veiledning i måneden", "4"),
    }
    assert "kari" not in text.lower() and "ola@" not in text
    # The codebook that comes with the export lists the question in both versions.
    book = list(csv.reader(io.StringIO(download_csv(page, study, "kodebok")), delimiter=";"))
    labels = [row[book[0].index("etikett_nb")] for row in book[1:]]
    assert "Timer veiledning i måneden" in labels
    assert "Timer individuell veiledning i måneden" in labels
    researcher.close()


def download_csv(page, study, table):
    page.goto(f"/forskning/{study.pk}/uttrekk/")
    page.get_by_label("Format").select_option("csv")
    page.get_by_label("Tabell (for CSV)").select_option(table)
    page.get_by_label("Formål med uttrekket").fill("Artikkel om veiledning")
    with page.expect_download() as download:
        page.get_by_role("button", name="Last ned uttrekk").click()
    return Path(download.value.path()).read_text(encoding="utf-8-sig")


def answer(browser, live_server, path, hours, nynorsk=False):
    """A respondent on a phone, in a fresh browser: no login, no cookies."""
    context = browser.new_context(
        base_url=live_server.url, locale="nn-NO" if nynorsk else "nb-NO", viewport=PHONE
    )
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    page.goto(path)
    if nynorsk:  # the question as the researcher wrote it in nynorsk
        page.get_by_label("Timar individuell rettleiing i månaden").fill(hours)
    else:
        expect(page.get_by_text("Navn og e-postadresse følger ikke med svarene")).to_be_visible()
        page.get_by_label("Timer veiledning i måneden").fill(hours)
    page.locator("form[data-survey] button").click()
    expect(page.get_by_role("status")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_a_follow_up_question_shows_only_when_its_answer_is_chosen(
    browser, live_server, programme, bergen, participating
):
    study = StudyFactory(programme=programme)
    now = timezone.now()
    wave = SurveyWave.objects.create(
        study=study, title="Kommuneundersøkelsen", opens_at=now - timezone.timedelta(days=1),
        closes_at=now + timezone.timedelta(days=10),
    )  # fmt: skip
    has = Question.objects.create(wave=wave, position=1, text="Har kommunen ALIS?",
                                  kind="ett_valg", choices=["Ja", "Nei"],
                                  required=True)  # fmt: skip
    Question.objects.create(wave=wave, position=2, text="Hvor mange ALIS?", kind="tall",
                            required=True, show_if=has, show_if_value="Ja")  # fmt: skip
    invitation = SurveyInvitation.objects.create(wave=wave, municipality=bergen)
    context = browser.new_context(base_url=live_server.url, locale="nb-NO", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    page.goto(surveys.link_for(invitation, base_url=""))
    expect(page.get_by_label("Hvor mange ALIS?")).to_be_hidden()
    page.get_by_label("Ja").check()
    expect(page.get_by_label("Hvor mange ALIS?")).to_be_visible()
    page.get_by_label("Nei").check()
    expect(page.get_by_label("Hvor mange ALIS?")).to_be_hidden()
    page.get_by_role("button", name="Send svar").click()  # hidden: not required
    expect(page.get_by_text("Takk! Svarene er lagret")).to_be_visible()
    assert SurveyResponse.objects.get().answers == {has.key: "Nei"}
    context.close()
