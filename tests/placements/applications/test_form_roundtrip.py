"""The application form keeps what was typed: a reopened application posts back unchanged,
and a refused draft save says so and shows every value as the user typed it."""

from datetime import datetime
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.applications.factories import ApplicationFactory, CallFactory
from placements.applications.models import Application
from placements.municipalities.models import Equipment


class FormValues(HTMLParser):
    """What a browser would submit for each form on the page, buttons aside: text and
    number inputs, ticked boxes, the selected (or else first) option, the textarea's text
    without the one newline the HTML parser drops after <textarea>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._select, self._option, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append([])
        elif tag == "input" and a.get("name") and self.forms:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file"):
                self.forms[-1].append(
                    (a["name"], a.get("value", "on" if kind == "checkbox" else ""))
                )
        elif tag == "select":
            self._select = {"name": a.get("name"), "first": None, "chosen": None}
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}
        elif tag == "textarea":
            self._textarea = {"name": a.get("name"), "text": ""}

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            self._end_option()
        elif tag == "select" and self._select is not None:
            if self._option is not None:
                self._end_option()
            chosen = self._select["chosen"] or self._select["first"]
            if chosen is not None:
                self.forms[-1].append((self._select["name"], chosen))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            self.forms[-1].append((self._textarea["name"], text.removeprefix("\n")))
            self._textarea = None

    def _end_option(self):
        option, self._option = self._option, None
        value = option["value"] if option["value"] is not None else option["text"].strip()
        if self._select["first"] is None:
            self._select["first"] = value
        if option["selected"] and self._select["chosen"] is None:
            self._select["chosen"] = value


def application_form_values(response):
    """The application form's fields as (name, value) pairs, in page order."""
    parser = FormValues()
    parser.feed(response.content.decode())
    return next(f for f in parser.forms if any(name == "posts_requested" for name, _ in f))


def as_post(pairs):
    data = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data


def answers(application):
    application.refresh_from_db()
    return {f: getattr(application, f) for f in Application.ANSWER_FIELDS}


@pytest.fixture
def call(programme):
    deadline = timezone.make_aware(datetime(2099, 1, 1, 12))
    return CallFactory(programme=programme, target_counties=["Vestland"], deadline=deadline)


@pytest.fixture
def complete(call, bergen, bergen_centre):
    return ApplicationFactory(
        call=call,
        municipality=bergen,
        complete=True,
        centre=bergen_centre,
        supervisor_is_specialist=True,
        supervisor_same_centre=False,
        supervision_hours_per_month=Decimal("2.5"),
        equipment=[Equipment.EKG, Equipment.DOPPLER],
        list_comment="Første linje\nandre linje med <tegn> & «sitat»",
        employed_doctor_progress="Ferdig med kurs 1–3.",
    )


def edit_url(application):
    return reverse("placements:application_edit", args=[application.pk])


def test_reopened_application_posts_back_unchanged(client_for, alice, complete):
    client = client_for(alice)
    before = answers(complete)
    page = client.get(edit_url(complete))
    data = as_post(application_form_values(page)) | {"save": ["1"]}
    assert data["supervisor_is_specialist"] == ["true"]
    assert data["supervisor_same_centre"] == ["false"]
    response = client.post(edit_url(complete), data)
    assert response.status_code == 302
    assert answers(complete) == before


@pytest.mark.parametrize("answer, expected", [("true", True), ("false", False), ("unknown", None)])
def test_each_yes_no_answer_is_shown_as_saved(client_for, alice, complete, answer, expected):
    client = client_for(alice)
    data = as_post(application_form_values(client.get(edit_url(complete))))
    data |= {"supervisor_is_specialist": [answer], "save": ["1"]}
    client.post(edit_url(complete), data)
    assert answers(complete)["supervisor_is_specialist"] is expected
    shown = dict(application_form_values(client.get(edit_url(complete))))
    assert shown["supervisor_is_specialist"] == answer


def test_refused_draft_save_says_so_and_keeps_every_value(client_for, alice, complete):
    client = client_for(alice)
    before = answers(complete)
    data = as_post(application_form_values(client.get(edit_url(complete))))
    data |= {
        "list_length": ["-5"],
        "supervision_hours_per_month": ["to timer"],
        "recruitment_situation": ["Ny tekst som ikke må forsvinne"],
        "save": ["1"],
    }
    response = client.post(edit_url(complete), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Utkastet er ikke lagret" in text
    assert "Utkastet er lagret." not in text
    form = response.context["form"]
    assert "list_length" in form.errors
    assert "supervision_hours_per_month" in form.errors
    assert "Listelengde må være mellom 0 og 3000." in form.errors["list_length"]
    assert "Planlagt veiledning (timer per måned): skriv et tall." in text
    typed = as_post(application_form_values(response))
    masked = {"save", "csrfmiddlewaretoken"}  # the token is masked anew on each page
    assert {k: v for k, v in data.items() if k not in masked} == {
        k: v for k, v in typed.items() if k not in masked
    }
    assert answers(complete) == before


def test_refused_autosave_answers_a_status_and_saves_nothing(client_for, alice, complete):
    client = client_for(alice)
    before = answers(complete)
    data = as_post(application_form_values(client.get(edit_url(complete))))
    data |= {"list_length": ["-5"]}
    response = client.post(edit_url(complete), data, headers={"HX-Request": "true"})
    assert response.status_code == 200  # htmx swaps only 2xx answers
    text = response.content.decode()
    assert "<form" not in text
    assert "ikke lagret" in text
    assert answers(complete) == before


def test_autosave_answers_a_small_status_with_the_time(client_for, alice, complete):
    client = client_for(alice)
    data = as_post(application_form_values(client.get(edit_url(complete))))
    data |= {"vulnerability": ["Skrevet mens autolagring gikk"]}
    response = client.post(edit_url(complete), data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "<form" not in text
    assert f"Utkast lagret kl. {timezone.localtime():%H:}" in text
    assert answers(complete)["vulnerability"] == "Skrevet mens autolagring gikk"
    # The message is not also kept for the next full page.
    assert "Utkastet er lagret." not in client.get(edit_url(complete)).content.decode()


def test_edit_page_has_the_autosave_timer_and_a_polite_status(client_for, alice, complete):
    page = client_for(alice).get(edit_url(complete)).content.decode()
    assert 'data-autosave-seconds="30"' in page
    assert 'aria-live="polite"' in page
