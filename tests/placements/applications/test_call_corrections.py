"""Corrections of a published call: the project leader changes the deadline, the posts or the
text with a reason; the change is kept as a record (old and new values, who, when, why),
shown on the call's page and e-mailed to the applicants. And a late application: the project
leader lets one municipality submit after the deadline, for a reason."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from placements.applications import services
from placements.applications.factories import ApplicationFactory, CallFactory, decide
from placements.applications.models import Application, Call, CallCorrection, LateAcceptance
from placements.applications.tasks import send_call_correction
from placements.municipalities.factories import MedicalCentreFactory
from tests.conftest import wait_for

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def call(programme):
    return CallFactory(
        programme=programme,
        title="Utlysning 2027",
        posts_offered=5,
        target_counties=["Vestland"],
        deadline=datetime(2030, 2, 15, 12, 0, tzinfo=OSLO),
    )


def form_data(call, **overrides):
    data = {
        "title": call.title,
        "description": call.description,
        "posts_offered": call.posts_offered,
        "deadline": timezone.localtime(call.deadline).strftime("%Y-%m-%dT%H:%M"),
        "reason": "Styringsgruppen har fått midler til flere stillinger.",
    }
    return {**data, **overrides}


def correct_url(call):
    return reverse("placements:call_correct", args=[call.pk])


def submitted(call, municipality, posts=2):
    application = ApplicationFactory(
        call=call,
        municipality=municipality,
        complete=True,
        posts_requested=posts,
        centre=MedicalCentreFactory(municipality=municipality),
    )
    return services.submit(application)


def test_correction_is_saved_with_old_and_new_values_and_the_reason(
    client_for, liv_mfa, call, alice
):
    response = client_for(liv_mfa).post(
        correct_url(call), form_data(call, posts_offered=8, deadline="2030-03-01T12:00")
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.posts_offered == 8
    assert timezone.localtime(call.deadline) == datetime(2030, 3, 1, 12, 0, tzinfo=OSLO)
    correction = CallCorrection.objects.get(call=call)
    assert correction.reason == "Styringsgruppen har fått midler til flere stillinger."
    assert correction.changed_by == liv_mfa
    assert set(correction.changes) == {"posts_offered", "deadline"}
    assert correction.changes["posts_offered"] == [5, 8]
    assert correction.history.count() == 1
    assert call.history.first().history_change_reason.startswith("Styringsgruppen")
    # The call's page shows the history to everyone who sees the call, a manager too.
    page = client_for(alice).get(reverse("placements:call_detail", args=[call.pk]))
    text = page.content.decode()
    assert "Endringer etter publisering" in text
    assert "15. februar 2030 12:00 → 1. mars 2030 12:00" in text
    assert "5 → 8" in text
    assert "Styringsgruppen har fått midler til flere stillinger." in text
    assert "Liv Leder" in text
    assert "Endre utlysningen" not in text  # only the project leader corrects


def test_a_correction_needs_a_reason_and_a_change(client_for, liv_mfa, call):
    client = client_for(liv_mfa)
    response = client.post(correct_url(call), form_data(call, title="Ny tittel", reason=""))
    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    assert 'value="Ny tittel"' in response.content.decode()  # nothing typed is lost
    response = client.post(correct_url(call), form_data(call))
    assert response.status_code == 400
    assert "Ingenting er endret" in response.content.decode()
    assert not CallCorrection.objects.exists()
    call.refresh_from_db()
    assert call.title == "Utlysning 2027"


def test_posts_below_those_granted_are_refused_naming_the_field(
    client_for, liv_mfa, call, bergen, stord
):
    decide(submitted(call, bergen, posts=2), 2)
    decide(submitted(call, stord, posts=2), 1)
    client = client_for(liv_mfa)
    response = client.post(correct_url(call), form_data(call, posts_offered=2))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "posts_offered" in errors
    assert "allerede innvilget 3 stillinger" in errors["posts_offered"][0]
    call.refresh_from_db()
    assert call.posts_offered == 5
    assert not CallCorrection.objects.exists()
    # Exactly the posts granted is allowed.
    assert client.post(correct_url(call), form_data(call, posts_offered=3)).status_code == 302
    call.refresh_from_db()
    assert call.posts_offered == 3


def test_a_deadline_that_has_passed_is_refused_on_the_page_keeping_the_input(
    client_for, liv_mfa, call
):
    data = form_data(call, deadline="2020-03-01T12:00", reason="Feil i datoen.")
    response = client_for(liv_mfa).post(correct_url(call), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Den nye fristen har allerede gått" in text and "Feil i datoen." in text
    assert not CallCorrection.objects.exists()


def test_the_service_refuses_posts_below_granted(liv, call, bergen):
    decide(submitted(call, bergen, posts=2), 2)
    with pytest.raises(ValidationError) as error:
        services.correct_call(call, {"posts_offered": 1}, reason="Kutt.", by=liv)
    assert "posts_offered" in error.value.message_dict


def test_applicants_get_the_changes_and_the_reason_by_email(
    liv, call, bergen, stord, django_capture_on_commit_callbacks
):
    ApplicationFactory(call=call, municipality=bergen, contact_email="alice@bergen.kommune.no")
    submitted(call, stord)  # its contact is alice@bergen.kommune.no too, by the factory
    Application.objects.filter(municipality=stord).update(contact_email="bob@stord.kommune.no")
    ApplicationFactory(
        call=call,
        municipality=MedicalCentreFactory().municipality,
        contact_email="trukket@example.no",
        status=Application.Status.WITHDRAWN,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        correction = services.correct_call(
            call,
            {"posts_offered": 7, "title": "Utlysning 2027 (rettet)"},
            reason="Flere midler.",
            by=liv,
        )
    assert len(callbacks) == 1  # the notice is queued when the change commits
    send_call_correction(correction.pk)
    send_call_correction(correction.pk)  # a retry sends nothing twice
    assert sorted(m.to[0] for m in mail.outbox) == [
        "alice@bergen.kommune.no",
        "bob@stord.kommune.no",
    ]
    message = mail.outbox[0]
    assert "Utlysning 2027 (rettet)" in message.subject
    assert "5 → 7" in message.body
    assert "Utlysning 2027 → Utlysning 2027 (rettet)" in message.body
    assert "Flere midler." in message.body
    assert reverse("placements:call_detail", args=[call.pk]) in message.body
    html = message.alternatives[0][0]
    assert "Flere midler." in html


@pytest.mark.django_db(transaction=True)
def test_the_notice_goes_through_the_worker(celery_worker, register, programme, liv):
    from placements.models import Municipality

    call = CallFactory(programme=programme, target_counties=["Vestland"])
    bergen = Municipality.objects.current().get(number="4601")
    ApplicationFactory(call=call, municipality=bergen, contact_email="alice@bergen.kommune.no")
    mail.outbox.clear()
    services.correct_call(
        call, {"deadline": call.deadline + timedelta(days=7)}, reason="Påsken.", by=liv
    )
    assert wait_for(lambda: len(mail.outbox) == 1)
    assert "Påsken." in mail.outbox[0].body


def test_only_the_project_leader_corrects(client_for, alice, stein, call):
    assert client_for(alice).get(correct_url(call)).status_code == 403
    assert client_for(stein).post(correct_url(call), form_data(call, title="X")).status_code == 403
    call.refresh_from_db()
    assert call.title == "Utlysning 2027"


@pytest.fixture
def closed_call(programme):
    return CallFactory(
        programme=programme,
        target_counties=["Vestland"],
        deadline=timezone.now() - timedelta(days=2),
    )


def test_late_acceptance_lets_that_municipality_submit(
    client_for, liv_mfa, alice, closed_call, bergen, bergen_centre
):
    draft = ApplicationFactory(
        call=closed_call, municipality=bergen, complete=True, centre=bergen_centre
    )
    with pytest.raises(ValidationError, match="Søknadsfristen har gått ut"):
        services.submit(draft)
    response = client_for(liv_mfa).post(
        reverse("placements:call_accept_late", args=[closed_call.pk]),
        {"municipality": bergen.pk, "reason": "Kommunestyret møttes dagen etter fristen."},
    )
    assert response.status_code == 302
    acceptance = LateAcceptance.objects.get(call=closed_call, municipality=bergen)
    assert acceptance.accepted_by == liv_mfa
    assert acceptance.reason == "Kommunestyret møttes dagen etter fristen."
    assert services.submit(draft).status == Application.Status.SUBMITTED
    page = client_for(liv_mfa).get(reverse("placements:call_detail", args=[closed_call.pk]))
    assert "Kommunestyret møttes dagen etter fristen." in page.content.decode()


def test_late_acceptance_lets_a_manager_start_after_the_deadline(
    client_for, liv, alice, closed_call, bergen
):
    start = reverse("placements:application_start", args=[closed_call.pk, bergen.number])
    client_for(alice).post(start)
    assert not Application.objects.filter(call=closed_call).exists()
    services.accept_late(closed_call, bergen, reason="Sykdom.", by=liv)
    page = client_for(alice).get(reverse("placements:call_detail", args=[closed_call.pk]))
    assert "Start søknad" in page.content.decode()
    client_for(alice).post(start)
    assert Application.objects.filter(call=closed_call, municipality=bergen).exists()


def test_late_acceptance_is_for_that_municipality_only(
    liv, closed_call, bergen, stord, bergen_centre
):
    services.accept_late(closed_call, bergen, reason="Sykdom.", by=liv)
    other = ApplicationFactory(
        call=closed_call,
        municipality=stord,
        complete=True,
        centre=MedicalCentreFactory(municipality=stord),
    )
    with pytest.raises(ValidationError, match="Søknadsfristen har gått ut"):
        services.submit(other)
    other.refresh_from_db()
    assert other.status == Application.Status.DRAFT


def test_late_acceptance_needs_a_reason_and_the_project_leader(
    client_for, liv_mfa, alice, stein, closed_call, bergen
):
    url = reverse("placements:call_accept_late", args=[closed_call.pk])
    response = client_for(liv_mfa).post(url, {"municipality": bergen.pk, "reason": ""})
    assert response.status_code == 400
    assert response.context["late_form"].errors["reason"]
    for user in (alice, stein):
        response = client_for(user).post(url, {"municipality": bergen.pk, "reason": "Fordi."})
        assert response.status_code == 403
    assert not LateAcceptance.objects.exists()
    assert Call.objects.get(pk=closed_call.pk).late_accepted.count() == 0


def test_the_api_corrects_a_call_and_lists_the_corrections(liv_mfa, stein, alice, call, bergen):
    def api(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    decide(submitted(call, bergen, posts=2), 2)
    url = f"/api/v1/calls/{call.pk}/corrections/"
    body = {"posts_offered": 1, "reason": "Færre midler."}
    refused = api(liv_mfa).post(url, body, format="json")
    assert refused.status_code == 400
    assert "innvilget 2 stillinger" in refused.json()["posts_offered"][0]
    assert api(stein).post(url, {**body, "posts_offered": 8}, format="json").status_code == 403
    made = api(liv_mfa).post(url, {**body, "posts_offered": 8}, format="json")
    assert made.status_code == 201
    assert made.json()["changes"] == {"posts_offered": [5, 8]}
    [listed] = api(alice).get(url).json()
    assert (listed["reason"], listed["changed_by"]) == ("Færre midler.", str(liv_mfa))
    call.refresh_from_db()
    assert call.posts_offered == 8
