import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from placements.applications import services
from placements.applications.factories import ApplicationFactory, CallFactory, decide
from placements.applications.models import Application, Decision, PostSlot, Review, Vote
from placements.applications.tasks import send_deadline_reminders
from placements.models import Participation
from tests.conftest import wait_for


@pytest.fixture
def call(programme):
    return CallFactory(programme=programme, title="Utlysning 2026", target_counties=["Vestland"])


@pytest.fixture
def draft(call, bergen, bergen_centre):
    return ApplicationFactory(call=call, municipality=bergen)


def test_manager_sees_open_call_and_starts_a_draft(client_for, alice, call, bergen):
    client = client_for(alice)
    page = client.get(reverse("placements:call_detail", args=[call.pk]))
    assert "Start søknad" in page.content.decode()
    response = client.post(reverse("placements:application_start", args=[call.pk, "4601"]))
    application = Application.objects.get(call=call, municipality=bergen)
    assert response.url == reverse("placements:application_edit", args=[application.pk])
    assert application.status == Application.Status.DRAFT
    assert application.contact_email == alice.email
    # Starting again opens the same draft.
    client.post(reverse("placements:application_start", args=[call.pk, "4601"]))
    assert Application.objects.filter(call=call).count() == 1


def test_manager_outside_target_counties_does_not_see_call(client_for, bob, programme):
    other = CallFactory(programme=programme, target_counties=["Rogaland"])
    response = client_for(bob).get(reverse("placements:call_detail", args=[other.pk]))
    assert response.status_code == 404


def test_incomplete_submit_is_refused_naming_the_sections(client_for, alice, draft):
    response = client_for(alice).post(
        reverse("placements:application_edit", args=[draft.pk]),
        {"recruitment_situation": "Vanskelig", "submit": "1"},
        follow=True,
    )
    text = response.content.decode()
    assert "Søknaden mangler" in text
    assert "3. Daglig supervisjon" in text
    assert "6. Legesenter" in text
    assert "1. Rekrutteringssituasjonen i kommunen;" not in text
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT
    assert draft.recruitment_situation == "Vanskelig"


def test_submit_after_deadline_is_refused_and_draft_kept(alice, call, bergen, bergen_centre):
    application = ApplicationFactory(
        call=call, municipality=bergen, complete=True, centre=bergen_centre
    )
    with pytest.raises(Exception, match="Søknadsfristen har gått ut"):
        services.submit(application, now=call.deadline + timedelta(seconds=1))
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert application.list_length == 700


def test_complete_submit_then_read_only(client_for, alice, call, bergen, bergen_centre):
    application = ApplicationFactory(call=call, municipality=bergen)
    data = {
        "posts_requested": 2,
        "contact_name": "Alice Aas",
        "contact_email": "alice@bergen.kommune.no",
        "recruitment_situation": "Tre ledige hjemler.",
        "list_solution": "municipal",
        "list_length": 700,
        "daily_supervision": "Kollega hver dag.",
        "supervisor_name": "Kari",
        "supervisor_is_specialist": "true",
        "supervisor_same_centre": "false",
        "supervision_hours_per_month": "2",
        "backup_on_call": "Erfaren bakvakt.",
        "centre": bergen_centre.pk,
        "equipment": ["ekg", "spirometri"],
        "municipal_work": "Sykehjem.",
        "municipal_work_percent": 20,
        "substitute_solution": "Vikarpool.",
        "vulnerability": "Lav.",
        "post_kind": "employed",
        "employed_doctor_progress": "Halvveis, 2,5 år igjen.",
        "submit": "1",
    }
    client = client_for(alice)
    response = client.post(reverse("placements:application_edit", args=[application.pk]), data)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED, response
    assert application.supervisor_same_centre is False
    assert application.equipment == ["ekg", "spirometri"]
    data["list_length"] = 10
    response = client.post(reverse("placements:application_edit", args=[application.pk]), data)
    application.refresh_from_db()
    assert application.list_length == 700


def test_centre_must_belong_to_the_municipality(client_for, alice, draft, stord):
    from placements.municipalities.factories import MedicalCentreFactory

    foreign = MedicalCentreFactory(municipality=stord, name="Stord legesenter")
    response = client_for(alice).post(
        reverse("placements:application_edit", args=[draft.pk]), {"centre": foreign.pk}
    )
    assert response.status_code == 400  # refused, and the page says so
    assert "Velg et gyldig valg" in response.content.decode() or "gyldig" in (
        response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.centre_id is None


def test_other_manager_gets_404(client_for, bob, draft):
    client = client_for(bob)
    for name in ("application_detail", "application_edit"):
        assert client.get(reverse(f"placements:{name}", args=[draft.pk])).status_code == 404


def test_review_and_decision_creates_participation(
    client_for, liv_mfa, stein, call, bergen, bergen_centre
):
    application = ApplicationFactory(
        call=call, municipality=bergen, complete=True, centre=bergen_centre
    )
    services.submit(application)
    client = client_for(liv_mfa)
    url = lambda action: reverse(  # noqa: E731
        "placements:application_review", args=[application.pk, action]
    )
    r = client.post(url("reviewers"), {"reviewers": [stein.pk]}, follow=True)
    assert "Saksbehandlere er tildelt" in r.content.decode(), r.content.decode()[-3000:]
    application.refresh_from_db()
    assert application.status == Application.Status.UNDER_REVIEW
    assert list(application.reviewers.all()) == [stein]
    # The project leader recommends; the steering group votes; neither vote nor
    # recommendation records the decision.
    client.post(url("recommend"), {"recommendation": "approve", "comment": "God søknad"})
    application.refresh_from_db()
    assert application.recommendation == "approve"
    stein_client = client_for(stein)
    assert stein_client.post(url("recommend"), {"recommendation": "reject"}).status_code == 403
    vote = reverse("placements:application_vote", args=[application.pk])
    stein_client.post(vote, {"vote": "for", "comment": "Godt opplegg"})
    assert application.votes.get().vote == "for"
    decide_url = reverse("placements:application_decide", args=[application.pk])
    decision = {
        "outcome": "approve",
        "posts": 2,
        "meeting_date": "2026-03-20",
        "reason": "Godt opplegg for veiledning.",
        "conditions": "X",
    }
    assert stein_client.post(decide_url, decision).status_code == 403
    application.refresh_from_db()
    assert application.status == Application.Status.UNDER_REVIEW
    page = stein_client.get(reverse("placements:application_detail", args=[application.pk]))
    assert "Registrer vedtak" not in page.content.decode()
    assert "Avgi stemme" in page.content.decode()
    client_for(liv_mfa).post(decide_url, decision)
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    assert application.posts_granted == 2
    assert Participation.objects.filter(programme=call.programme, municipality=bergen).exists()


def test_more_information_then_resubmit_keeps_history(alice, liv, call, bergen, bergen_centre):
    application = ApplicationFactory(
        call=call, municipality=bergen, complete=True, centre=bergen_centre
    )
    services.submit(application)
    services.request_more_information(application, "Beskriv bakvakten nærmere.")
    application.refresh_from_db()
    assert application.is_editable
    application.backup_on_call = "Ny beskrivelse"
    application.save()
    services.submit(application, answer="Se punkt 5.")
    application.refresh_from_db()
    assert application.status == Application.Status.RESUBMITTED
    states = list(application.history.order_by("history_date").values_list("status", flat=True))
    assert states[-4:] == ["submitted", "more_info", "more_info", "resubmitted"]


def test_withdraw_only_until_review_starts(alice, liv, call, bergen, bergen_centre):
    application = ApplicationFactory(
        call=call, municipality=bergen, complete=True, centre=bergen_centre
    )
    services.submit(application)
    services.assign_reviewers(application, [liv])
    with pytest.raises(Exception, match="kan ikke trekkes"):
        services.withdraw(application)


def test_leader_list_query_count(client_for, liv_mfa, call, django_assert_num_queries, register):
    for municipality in register.current().filter(county="Vestland")[:5]:
        a = ApplicationFactory(call=call, municipality=municipality, complete=True)
        a.status = Application.Status.SUBMITTED
        a.submitted_at = timezone.now()
        a.save()
    client = client_for(liv_mfa)
    client.get(reverse("placements:call_detail", args=[call.pk]))
    # session, user, programme perms, municipality perms, groups, MFA check, call,
    # own municipalities, own applications, signups, submitted applications + municipality,
    # posts granted per county, the county quotas, the post slots by status,
    # the leader's model permissions (user, groups) for the menu's admin link,
    # the corrections after publication
    with django_assert_num_queries(17):
        response = client.get(reverse("placements:call_detail", args=[call.pk]))
    assert response.content.decode().count("/soknader/") == 5


@pytest.mark.django_db(transaction=True)
def test_reminder_job_twice_sends_one_email(celery_worker, register, programme):
    bergen = register.current().get(number="4601")
    call = CallFactory(programme=programme, deadline=timezone.now() + timedelta(days=5))
    ApplicationFactory(call=call, municipality=bergen, contact_email="alice@bergen.kommune.no")
    send_deadline_reminders()
    send_deadline_reminders()
    assert wait_for(lambda: len(mail.outbox) >= 1)
    import time

    time.sleep(0.5)
    assert len(mail.outbox) == 1
    assert "søknadsfristen" in mail.outbox[0].subject.lower()


def test_seed_demo_adds_the_2019_call_idempotently(register):
    from io import StringIO

    from django.core.management import call_command

    from placements.applications.models import Call

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    call = Call.objects.get(title__contains="2019")
    assert call.posts_offered == 15
    assert timezone.localtime(call.deadline).date().isoformat() == "2019-02-15"
    assert call.meeting_place == "Gardermoen"
    statuses = set(call.applications.values_list("status", flat=True))
    assert {"draft", "submitted", "under_review", "approved", "more_info"} == statuses
    assert call.applications.count() == 6
    # It runs as it did: quotas 8/7, three members vote, one decision corrected, a post
    # filled by a placement.
    assert dict(call.quotas.values_list("county", "posts")) == {
        "Rogaland": 8,
        "Møre og Romsdal": 7,
    }
    assert Vote.objects.filter(application__call=call).values("member").distinct().count() >= 3
    corrected = Decision.objects.filter(application__call=call, supersedes__isnull=False).get()
    assert corrected.is_current and corrected.letter_version == 2
    assert Decision.objects.filter(application__call=call).count() == 3
    filled = PostSlot.objects.get(application__call=call, status=PostSlot.Status.FILLED)
    assert filled.placement.municipality == filled.application.municipality
    answered = call.applications.get(municipality__number="1520").info_requests.get()
    assert answered.answer and answered.answered_at > answered.asked_at


def test_api_scope_update_and_submit(client, alice, bob, draft, bergen_centre):
    from alisvest.models import ApiToken

    _t, raw = ApiToken.issue(bob, "test")
    bob_api = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/applications/", **bob_api).json()["count"] == 0
    assert client.get(f"/api/v1/applications/{draft.pk}/", **bob_api).status_code == 404
    _t, raw = ApiToken.issue(alice, "test")
    api = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    response = client.post(f"/api/v1/applications/{draft.pk}/submit/", **api)
    assert response.status_code == 400
    assert "Søknaden mangler" in response.json()["detail"][0]
    complete = ApplicationFactory.build(complete=True)
    fields = {
        f: getattr(complete, f)
        for f in ["posts_requested", "contact_name", "contact_email", "recruitment_situation"]
        + ["list_solution", "list_length"]
        + ["daily_supervision", "supervisor_name", "supervisor_is_specialist"]
        + ["supervisor_same_centre", "backup_on_call", "municipal_work", "substitute_solution"]
        + ["vulnerability", "post_kind"]
    }
    fields |= {"supervision_hours_per_month": "2.0", "centre": bergen_centre.pk}
    response = client.patch(
        f"/api/v1/applications/{draft.pk}/", fields, content_type="application/json", **api
    )
    assert response.status_code == 200, response.json()
    assert response.json()["missing"] == []
    response = client.post(f"/api/v1/applications/{draft.pk}/submit/", **api)
    assert response.json()["status"] == "submitted"
    response = client.patch(
        f"/api/v1/applications/{draft.pk}/",
        {"list_length": 5},
        content_type="application/json",
        **api,
    )
    assert response.status_code == 403


def test_reviewer_scores_and_call_ranks_by_score(client_for, liv_mfa, stein, call, register):
    from placements.municipalities.factories import MedicalCentreFactory

    ranked = []
    for number, score in (("4601", 2), ("4614", 5)):
        municipality = register.current().get(number=number)
        centre = MedicalCentreFactory(municipality=municipality, name=f"Senter {number}")
        application = ApplicationFactory(
            call=call, municipality=municipality, complete=True, centre=centre
        )
        services.submit(application)
        services.assign_reviewers(application, [stein])
        response = client_for(stein).post(
            reverse("placements:application_score", args=[application.pk]),
            {f"review-{c}": score for c in Review.CRITERIA} | {"review-recommendation": "approve"},
        )
        assert response.status_code == 302
        ranked.append((municipality.name, application))
    assert Review.objects.get(application=ranked[1][1]).total == 25
    # A score outside 1–5 is refused with the field named.
    response = client_for(stein).post(
        reverse("placements:application_score", args=[ranked[0][1].pk]),
        {f"review-{c}": 9 for c in Review.CRITERIA} | {"review-recommendation": "approve"},
        follow=True,
    )
    assert "Rekrutteringsbehov" in response.content.decode()
    assert Review.objects.get(application=ranked[0][1]).total == 10
    page = client_for(liv_mfa).get(reverse("placements:call_detail", args=[call.pk]))
    text = page.content.decode()
    assert text.index("Stord") < text.index("Bergen")


def test_non_reviewer_cannot_score(client_for, alice, draft):
    response = client_for(alice).post(reverse("placements:application_score", args=[draft.pk]), {})
    assert response.status_code == 403


def test_pdfs_and_exports(client_for, liv_mfa, alice, bob, call, bergen, bergen_centre):
    application = ApplicationFactory(
        call=call, municipality=bergen, complete=True, centre=bergen_centre
    )
    services.submit(application)
    decide(application, 2, conditions="Veileder på plass")
    client = client_for(alice)
    for name in ("application_pdf", "decision_pdf"):
        response = client.get(reverse(f"placements:{name}", args=[application.pk]))
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert (
            client_for(bob).get(reverse(f"placements:{name}", args=[application.pk])).status_code
            == 404
        )
        client = client_for(alice)
    leader = client_for(liv_mfa)
    csv_text = leader.get(reverse("placements:call_export", args=[call.pk, "csv"])).content
    assert "4601;Bergen;Innvilget" in csv_text.decode("utf-8-sig")
    xlsx = leader.get(reverse("placements:call_export", args=[call.pk, "xlsx"]))
    assert xlsx.content.startswith(b"PK")


@pytest.mark.django_db(transaction=True)
def test_state_changes_send_emails_through_the_worker(celery_worker, register, programme):
    from placements.municipalities.factories import MedicalCentreFactory

    bergen = register.current().get(number="4601")
    centre = MedicalCentreFactory(municipality=bergen, name="Åsane legesenter")
    call = CallFactory(programme=programme)
    application = ApplicationFactory(call=call, municipality=bergen, complete=True, centre=centre)
    services.submit(application)
    assert wait_for(lambda: len(mail.outbox) == 1)
    assert "er mottatt" in mail.outbox[0].subject
    services.request_more_information(application, "Beskriv bakvakten.")
    assert wait_for(lambda: len(mail.outbox) == 2)
    assert "Beskriv bakvakten." in mail.outbox[1].body
    services.submit(application, answer="Bakvakt fra Bergen legevakt.")
    decide(application, 1, outcome="approve_fewer")
    assert wait_for(lambda: len(mail.outbox) == 4)
    decision = mail.outbox[3]
    assert "Vedtak" in decision.subject
    name, content, mimetype = decision.attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF-")


def test_leader_creates_a_call_with_oslo_deadline(client_for, liv_mfa, programme, register):
    response = client_for(liv_mfa).post(
        reverse("placements:call_create"),
        {
            "programme": programme.pk,
            "title": "Utlysning 2027",
            "target_counties": ["Rogaland", "Møre og Romsdal"],
            "posts_offered": 15,
            "deadline": "2027-02-15T12:00",
            "meeting_at": "2027-03-01T10:00",
        },
    )
    assert response.status_code == 200  # the meeting is after the deadline
    assert "Informasjonsmøtet må være før søknadsfristen" in response.content.decode()
    assert 'value="Utlysning 2027"' in response.content.decode()
    response = client_for(liv_mfa).post(
        reverse("placements:call_create"),
        {
            "programme": programme.pk,
            "title": "Utlysning 2027",
            "target_counties": ["Rogaland"],
            "posts_offered": 15,
            "deadline": "2027-02-15T12:00",
        },
    )
    assert response.status_code == 302
    from placements.applications.models import Call

    call = Call.objects.get(title="Utlysning 2027")
    assert call.deadline.isoformat() == "2027-02-15T11:00:00+00:00"


def test_manager_cannot_create_a_call(client_for, alice):
    assert client_for(alice).get(reverse("placements:call_create")).status_code == 403


def test_application_pages_have_no_inline_script_or_style(client_for, alice, draft):
    import re

    client = client_for(alice)
    for url in (
        reverse("placements:call_list"),
        reverse("placements:call_detail", args=[draft.call.pk]),
        reverse("placements:application_edit", args=[draft.pk]),
        reverse("placements:application_detail", args=[draft.pk]),
    ):
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert "style=" not in html, url


def test_admin_lists_applications(client_for, draft):
    from alisvest.factories import UserFactory

    root = UserFactory(email="root@example.no", is_staff=True, is_superuser=True)
    from tests.conftest import with_totp

    response = client_for(with_totp(root)).get("/admin/placements/application/")
    assert response.status_code == 200
    assert "Bergen" in response.content.decode()


def test_review_api_for_assigned_reviewer_only(client, stein, bob, call, bergen, bergen_centre):
    from alisvest.models import ApiToken

    application = ApplicationFactory(
        call=call, municipality=bergen, complete=True, centre=bergen_centre
    )
    services.submit(application)
    services.assign_reviewers(application, [stein])
    scores = dict.fromkeys(Review.CRITERIA, 3) | {"recommendation": "approve"}
    _t, raw = ApiToken.issue(bob, "test")
    response = client.post(
        f"/api/v1/reviews/?application={application.pk}",
        scores,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 404
    _t, raw = ApiToken.issue(stein, "test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    response = client.post(
        f"/api/v1/reviews/?application={application.pk}",
        scores | {"centre": 7},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 400 and "centre" in response.json()
    response = client.post(
        f"/api/v1/reviews/?application={application.pk}",
        scores,
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 201, response.json()
    assert response.json()["total"] == 15
    assert client.get("/api/v1/reviews/", **auth).json()["count"] == 1


def test_meeting_signup_and_dashboard_open_calls(client_for, alice, liv_mfa, programme, bergen):
    call = CallFactory(
        programme=programme,
        title="Utlysning med møte",
        meeting_at=timezone.now() + timedelta(days=3),
        meeting_place="Gardermoen",
    )
    client = client_for(alice)
    assert "Utlysning med møte" in client.get(reverse("dashboard")).content.decode()
    url = reverse("placements:meeting_signup", args=[call.pk, "4601"])
    response = client.post(url, {"attendees": ""}, follow=True)
    assert "Skriv navnet på minst én deltaker." in response.content.decode()
    client.post(url, {"attendees": "Alice Aas, Per Lege"})
    client.post(url, {"attendees": "Alice Aas"})
    assert list(call.signups.values_list("attendees", flat=True)) == ["Alice Aas"]
    # Another municipality's number is not the manager's to sign up.
    assert (
        client.post(
            reverse("placements:meeting_signup", args=[call.pk, "4614"]), {"attendees": "X"}
        ).status_code
        == 404
    )
    page = client_for(liv_mfa).get(reverse("placements:call_detail", args=[call.pk]))
    assert "Bergen: Alice Aas" in page.content.decode()


def test_withdraw_through_the_page(client_for, alice, draft):
    client = client_for(alice)
    client.post(reverse("placements:application_withdraw", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Application.Status.WITHDRAWN
    # A withdrawn application does not block a new one.
    client.post(reverse("placements:application_start", args=[draft.call.pk, "4601"]))
    assert Application.objects.filter(call=draft.call).count() == 2


@pytest.mark.parametrize(
    "language, greeting", [("nb", "Med vennlig hilsen"), ("nn", "Med venleg helsing")]
)
def test_the_decision_letter_is_in_the_municipalitys_malform(
    client_for, alice, call, bergen, bergen_centre, language, greeting
):
    bergen.language = language
    bergen.save()
    application = ApplicationFactory(
        call=call, municipality=bergen, complete=True, centre=bergen_centre
    )
    services.submit(application)
    decide(application, 2, conditions="Veileder på plass")
    client = client_for(alice)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})  # the reader's own: English
    response = client.get(reverse("placements:decision_pdf", args=[application.pk]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert greeting in text
