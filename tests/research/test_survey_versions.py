"""The versioned questionnaire: a change after answers exist makes a new version, old
answers keep theirs and the exports say which; show-if and required-if rules enforced on
the server; the question in the respondent's language; and the survey table of the study
export k-anonymous, so a small municipality's respondent cannot be picked out."""

import csv
import io

import pytest
from django.urls import reverse

from alisvest.models import ApiToken
from research import surveys
from research.export import survey_table
from research.models import Question, SurveyResponse
from tests.research.conftest import answer_url, answers

pytestmark = pytest.mark.django_db


def question_url(name, question):
    return reverse(f"research:{name}", args=[question.wave.study.pk, question.wave_id, question.pk])


def edit(client, question, **changes):
    data = {
        "text": question.text,
        "kind": question.kind,
        "choices_text": "\n".join(question.choices),
    }
    data.update(changes)
    return client.post(question_url("question_edit", question), data)


def test_a_change_after_answers_makes_a_new_version(client_for, erin_mfa, wave, invited, client):
    client.post(answer_url(invited["4601"]), answers(wave))
    erin = client_for(erin_mfa)
    first = wave.questions.get(position=1)
    assert edit(erin, first, text="Antall fastleger i kommunen", required="on").status_code == 302
    wave.refresh_from_db()
    first.refresh_from_db()
    new = Question.objects.get(replaces=first)
    assert wave.version == 2
    assert (first.since_version, first.until_version) == (1, 2)
    assert (new.since_version, new.until_version, new.position) == (2, None, 1)
    assert list(wave.questions.in_version(1)) != list(wave.questions.in_version(2))
    page = erin.get(reverse("research:wave_detail", args=[wave.study.pk, wave.pk])).content
    assert 'Antall fastleger <span class="muted">(sist med i versjon 1)' in page.decode()
    # Bergen's answers keep version 1; Stord answers version 2 through the same kind of link.
    client.post(answer_url(invited["4614"]), answers(wave, **{new.key: "7"}))
    bergen, stord = SurveyResponse.objects.order_by("municipality__number")
    assert (bergen.version, bergen.answers[first.key]) == (1, 4)
    assert (stord.version, stord.answers[new.key]) == (2, 7) and first.key not in stord.answers
    # Each version that has answers is closed to changes.
    edit(erin, wave.questions.get(position=2), text="Avtaleform", required="on")
    wave.refresh_from_db()
    assert wave.version == 3  # Stord answered version 2, so the next change makes 3


def test_before_anyone_answers_a_change_is_made_in_place(client_for, erin_mfa, wave):
    first = wave.questions.get(position=1)
    edit(client_for(erin_mfa), first, text="Hvor mange fastleger?")
    first.refresh_from_db()
    wave.refresh_from_db()
    assert (first.text, wave.version, wave.questions.count()) == ("Hvor mange fastleger?", 1, 4)


def test_adding_and_removing_after_answers_keep_old_answers(
    client_for, erin_mfa, wave, invited, client
):
    client.post(answer_url(invited["4601"]), answers(wave))
    erin = client_for(erin_mfa)
    detail = reverse("research:wave_detail", args=[wave.study.pk, wave.pk])
    assert "versjon 2" in erin.get(detail).content.decode()  # the note says what will happen
    erin.post(detail, {"text": "Har dere turnus?", "kind": "ett_valg", "choices_text": "Ja\nNei"})
    erin.post(detail, {"text": "Hvor mange?", "kind": "tall"})
    wave.refresh_from_db()
    assert wave.version == 2  # two additions, one new version
    comment = wave.questions.get(position=4)
    erin.post(question_url("question_delete", comment))
    comment.refresh_from_db()
    assert comment.until_version == 2 and comment.key in SurveyResponse.objects.get().answers
    assert comment not in wave.questions.in_version(2)


def test_exports_say_which_version_and_carry_the_text_of_each(
    client_for, erin_mfa, wave, invited, client
):
    client.post(answer_url(invited["4601"]), answers(wave))
    erin = client_for(erin_mfa)
    first = wave.questions.get(position=1)
    edit(erin, first, text="Antall fastleger i kommunen")
    new = Question.objects.get(replaces=first)
    client.post(answer_url(invited["4614"]), answers(wave, **{new.key: "5"}))
    wave.study.k_anonymity = 2  # Bergen and Stord: two respondents in Vestland
    wave.study.save()
    table = survey_table(wave.study)
    rows = [dict(zip(table.columns, row, strict=True)) for row in table.rows]
    numbers = {(r["versjon"], r["sporsmal"], r["sporsmal_versjon"], r["sporsmal_tekst"], r["svar"])
               for r in rows if r["type"] == "tall"}  # fmt: skip
    assert numbers == {
        (1, first.key, 1, "Antall fastleger", 4),
        (2, new.key, 2, "Antall fastleger i kommunen", 5),
    }
    response = erin.get(reverse("research:wave_answers", args=[wave.study.pk, wave.pk, "csv"]))
    header, *lines = csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    assert f"{first.key} v1 Antall fastleger" in header
    assert f"{new.key} v2 Antall fastleger i kommunen" in header
    assert [line[header.index("versjon")] for line in lines] == ["1", "2"]


def test_a_small_municipalitys_respondent_is_not_identifiable(wave, invited, client):
    """One respondent per municipality is below k (2): the table shows the county."""
    client.post(answer_url(invited["4601"]), answers(wave))
    client.post(answer_url(invited["4614"]), answers(wave))
    wave.study.k_anonymity = 2
    wave.study.save()
    table = survey_table(wave.study)
    places = {row[table.columns.index("kommunenummer")] for row in table.rows}
    assert places == {"Vestland"}
    assert "kommune" in {row[table.columns.index("rolle")] for row in table.rows}
    for forbidden in ("navn", "e-post", "email", "invitasjon"):
        assert forbidden not in table.columns
    # With one respondent only, nothing can be shown without naming the county's one.
    SurveyResponse.objects.filter(municipality__number="4614").delete()
    assert survey_table(wave.study).rows == []


@pytest.fixture
def branching(wave):
    wave.questions.all().delete()
    has = Question.objects.create(wave=wave, position=1, text="Har kommunen ALIS?",
                                  kind="ett_valg", choices=["Ja", "Nei"],
                                  required=True)  # fmt: skip
    count = Question.objects.create(wave=wave, position=2, text="Hvor mange?", kind="tall",
                                    required=True, show_if=has, show_if_value="Ja")  # fmt: skip
    why = Question.objects.create(wave=wave, position=3, text="Hvorfor ikke?", kind="tekst",
                                  required_if=has, required_if_value="Nei")  # fmt: skip
    return has, count, why


def test_a_hidden_question_is_not_required_and_not_stored(client, invited, branching):
    has, count, why = branching
    url = answer_url(invited["4601"])
    page = client.get(url).content.decode()
    assert f'data-show-if="{has.key}"' in page and 'data-show-value="Ja"' in page
    # "Nei": the count is hidden (ignored even if sent), the reason is required.
    missing = client.post(url, {has.key: "Nei", count.key: "3"})
    assert missing.status_code == 200 and "Hvorfor ikke?" in missing.content.decode()
    assert not SurveyResponse.objects.exists()
    client.post(url, {has.key: "Nei", count.key: "3", why.key: "Ingen søkere"})
    assert SurveyResponse.objects.get().answers == {has.key: "Nei", why.key: "Ingen søkere"}
    # "Ja": the count is shown and required, the reason is not.
    shown = client.post(url, {has.key: "Ja"})
    assert shown.status_code == 200 and "Dette feltet er påkrevd" in shown.content.decode()
    client.post(url, {has.key: "Ja", count.key: "3"})
    assert SurveyResponse.objects.get().answers == {has.key: "Ja", count.key: 3}


def test_a_rule_names_a_real_choice(client_for, erin_mfa, wave, branching):
    has, _count, _why = branching
    detail = reverse("research:wave_detail", args=[wave.study.pk, wave.pk])
    bad = client_for(erin_mfa).post(
        detail, {"text": "Hvilke?", "kind": "tekst", "show_if": has.pk, "show_if_value": "Kanskje"}
    )
    page = bad.content.decode()
    assert "Skriv et av svaralternativene til «Har kommunen ALIS?»: Ja, Nei." in page
    assert 'value="Kanskje"' in page  # input kept
    client_for(erin_mfa).post(
        detail, {"text": "Hvilke?", "kind": "tekst", "show_if": has.pk, "show_if_value": "Ja"}
    )
    assert wave.questions.get(text="Hvilke?").show_if == has


def test_rules_follow_a_question_into_its_new_version(
    client_for, erin_mfa, wave, invited, client, branching
):
    has, count, _why = branching
    client.post(answer_url(invited["4601"]), {has.key: "Ja", count.key: "2"})
    edit(client_for(erin_mfa), has, text="Har kommunen ALIS nå?", required="on")
    count.refresh_from_db()
    assert count.show_if == Question.objects.get(replaces=has)
    removed = client_for(erin_mfa).post(question_url("question_delete", count.show_if))
    assert removed.status_code == 403  # other questions depend on it


def test_the_questionnaire_is_in_the_respondents_language(client, wave, invited):
    first = wave.questions.get(position=1)
    first.text_nn, first.text_en = "Talet på fastlegar", "Number of GPs"
    first.save()
    url = answer_url(invited["4601"])
    assert "Talet på fastlegar" in client.get(url, HTTP_ACCEPT_LANGUAGE="nn").content.decode()
    assert "Number of GPs" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Antall fastleger" in client.get(url, HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    form = surveys.answer_form_class([wave.questions.get(position=2)], "en")()
    assert form.fields[wave.questions.get(position=2).key].label == "Modell"  # not translated


def test_the_api_lists_every_version_and_counts_everyone_invited(
    client_for, erin_mfa, wave, invited, client
):
    client.post(answer_url(invited["4601"]), answers(wave))
    first = wave.questions.get(position=1)
    edit(client_for(erin_mfa), first, text="Antall fastleger i kommunen", text_en="GPs")
    token = ApiToken.issue(erin_mfa, "test")[1]
    [data] = client.get(
        "/api/v1/survey-waves/", {"study": wave.study.pk}, HTTP_AUTHORIZATION=f"Bearer {token}"
    ).json()["results"]
    assert (data["version"], data["invited"], data["answered"]) == (2, 3, 1)
    versions = {q["key"]: (q["since_version"], q["until_version"], q["text_en"])
                for q in data["questions"]}  # fmt: skip
    new = Question.objects.get(replaces=first)
    assert versions[first.key] == (1, 2, "") and versions[new.key] == (2, None, "GPs")


def test_a_codebook_can_list_both_versions_of_a_changed_question(
    client_for, erin_mfa, wave, invited, client
):
    client.post(answer_url(invited["4601"]), answers(wave))
    first = wave.questions.get(position=1)
    edit(client_for(erin_mfa), first, text="Antall fastleger i kommunen")
    new = Question.objects.get(replaces=first)
    rows = {r["sporsmal"]: r for r in surveys.codebook_questions(wave.study)}
    assert (rows[first.key]["fra_versjon"], rows[first.key]["til_versjon"]) == (1, 2)
    assert (rows[new.key]["tekst"], rows[new.key]["erstatter"]) == (
        "Antall fastleger i kommunen",
        first.key,
    )
