"""Deciding applications: capacity as a rule, decisions and their corrections as records,
the steering group's votes, and the granted posts from recruitment to placement."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from pypdf import PdfReader
from rest_framework.test import APIClient

from placements.applications import decisions, services
from placements.applications.factories import ApplicationFactory, CallFactory, decide
from placements.applications.models import Application, Decision, PostSlot, Vote
from placements.models import Participation, Placement
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import DoctorFactory

pytestmark = pytest.mark.django_db

DECISION = {
    "outcome": "approve",
    "meeting_date": "2026-03-20",
    "reason": "Godt opplegg for veiledning.",
    "conditions": "",
}


@pytest.fixture
def call(programme):
    return CallFactory(programme=programme, posts_offered=3, target_counties=["Vestland"])


def submitted(call, municipality, posts=2):
    application = ApplicationFactory(
        call=call,
        municipality=municipality,
        complete=True,
        posts_requested=posts,
        centre=MedicalCentreFactory(municipality=municipality),
    )
    return services.submit(application)


@pytest.fixture
def bergen_app(call, bergen, bergen_centre):
    return submitted(call, bergen)


def api_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def decide_url(application):
    return reverse("placements:application_decide", args=[application.pk])


def test_more_posts_than_asked_for_is_refused_naming_the_limit_and_keeping_the_input(
    client_for, liv_mfa, bergen_app
):
    response = client_for(liv_mfa).post(decide_url(bergen_app), {**DECISION, "posts": 40})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Kommunen søkte om 2 stillinger. Innvilg høyst 2." in text
    assert "Godt opplegg for veiledning." in text  # what the leader typed is still there
    bergen_app.refresh_from_db()
    assert bergen_app.status == Application.Status.SUBMITTED
    assert not Decision.objects.exists()


def test_the_call_never_grants_more_than_it_offers(liv_mfa, call, bergen_app, stord):
    stord_app = submitted(call, stord)
    decide(bergen_app, 2)
    response = api_as(liv_mfa).post(
        f"/api/v1/applications/{stord_app.pk}/decision/",
        {"decision": "approve", "posts": 2, "meeting_date": "2026-03-20", "reason": "Bra."},
        format="json",
    )
    assert response.status_code == 400
    assert "1 stillinger igjen: 3 utlyst, 2 innvilget" in response.json()["posts"][0]
    decide(stord_app, 1, outcome="approve_fewer")
    assert decisions.call_capacity(call)[1].left == 0
    listed = api_as(liv_mfa).get(f"/api/v1/calls/{call.pk}/").json()
    assert (listed["posts_granted"], listed["posts_left"]) == (3, 0)


def test_a_county_gets_no_more_than_its_share(programme, register, liv_mfa, bergen):
    call = CallFactory(
        programme=programme, posts_offered=4, target_counties=["Vestland", "Rogaland"]
    )
    decisions.set_quotas(call, {"Vestland": 1, "Rogaland": 3})
    application = submitted(call, bergen)
    with pytest.raises(ValidationError) as refused:
        decide(application, 2)
    assert "Vestland har 1 stillinger igjen" in refused.value.message_dict["posts"][0]
    with pytest.raises(ValidationError, match="må til sammen bli 4"):
        decisions.set_quotas(call, {"Vestland": 1, "Rogaland": 2})


def test_a_correction_is_a_new_decision_with_a_new_letter_and_one_participation(
    client_for, liv_mfa, programme, bergen_app, bergen
):
    client = client_for(liv_mfa)
    client.post(decide_url(bergen_app), {**DECISION, "posts": 2})
    first = Decision.objects.get()
    # Correcting needs a reason; nothing changes without one.
    response = client.post(decide_url(bergen_app), {**DECISION, "posts": 1})
    assert response.status_code == 400
    assert "Skriv hvorfor vedtaket rettes." in response.content.decode()
    assert Decision.objects.count() == 1
    client.post(
        decide_url(bergen_app),
        {**DECISION, "outcome": "approve_fewer", "posts": 1, "correction_reason": "Feil tall"},
    )
    first.refresh_from_db()
    second = Decision.objects.get(is_current=True)
    assert (first.is_current, first.superseded_by, second.letter_version) == (False, second, 2)
    assert second.outcome == Decision.Outcome.APPROVE_FEWER
    bergen_app.refresh_from_db()
    assert bergen_app.posts_granted == 1
    assert bergen_app.slots.count() == 1
    assert Participation.objects.filter(programme=programme, municipality=bergen).count() == 1
    page = client.get(reverse("placements:application_detail", args=[bergen_app.pk]))
    assert "Feil tall" in page.content.decode()  # both decisions are in the history
    for version, expected in ((1, "2 utdanningsstillinger"), (2, "1 utdanningsstilling")):
        letter = client.get(
            reverse("placements:decision_pdf", args=[bergen_app.pk]) + f"?versjon={version}"
        )
        text = PdfReader(io.BytesIO(letter.content)).pages[0].extract_text()
        assert expected in " ".join(text.split())
    rows = api_as(liv_mfa).get(f"/api/v1/applications/{bergen_app.pk}/decisions/").json()
    assert [(r["letter_version"], r["superseded_by"]) for r in rows] == [
        (2, None),
        (1, second.pk),
    ]


def test_the_handling_forms_leave_a_decided_application_and_its_recommendation_stays(
    client_for, liv_mfa, bergen_app
):
    url = reverse("placements:application_detail", args=[bergen_app.pk])
    services.recommend(bergen_app, Application.Recommendation.APPROVE, "Sterk søknad.")
    handling = client_for(liv_mfa).get(url).content.decode()
    assert "Be om mer informasjon" in handling and "Lagre innstilling" in handling
    decide(bergen_app, 2)
    decided = client_for(liv_mfa).get(url).content.decode()
    assert "Be om mer informasjon" not in decided and "Lagre innstilling" not in decided
    assert "Sterk søknad." in decided.split('data-testid="recommendation"')[1].split("</p>")[0]


def test_a_rejection_after_a_grant_removes_the_participation_it_made(
    liv_mfa, programme, bergen_app, bergen
):
    decide(bergen_app, 2)
    decide(bergen_app, outcome="reject", correction_reason="Vedtaket ble omgjort i møtet.")
    assert not Participation.objects.filter(programme=programme, municipality=bergen).exists()
    assert not bergen_app.slots.exists()


def test_the_steering_group_votes_and_a_conflict_blocks_the_municipality(
    client_for, stein, call, bergen_app, bergen, bergen_centre
):
    client = client_for(stein)
    vote_url = reverse("placements:application_vote", args=[bergen_app.pk])
    client.post(vote_url, {"vote": "for", "comment": "Godt"})
    client.post(vote_url, {"vote": "conflict", "comment": "Jobber i kommunen"})
    vote = Vote.objects.get()  # the second vote replaced the first
    assert vote.vote == Vote.Choice.CONFLICT
    assert vote.history.count() == 2
    other = submitted(CallFactory(programme=call.programme, target_counties=["Vestland"]), bergen)
    response = client.post(reverse("placements:application_vote", args=[other.pk]), {"vote": "for"})
    assert response.status_code == 400
    assert "inhabil for Bergen" in response.content.decode()
    assert not other.votes.exists()
    rows, total = decisions.tally(bergen_app)
    assert total == 1 and ("conflict", "Inhabil", 1) in [(v, str(label), n) for v, label, n in rows]


def test_the_leader_cannot_vote_and_the_member_cannot_decide(
    client_for, liv_mfa, stein, bergen_app
):
    vote_url = reverse("placements:application_vote", args=[bergen_app.pk])
    assert client_for(liv_mfa).post(vote_url, {"vote": "for"}).status_code == 403
    assert (
        client_for(stein).post(decide_url(bergen_app), {**DECISION, "posts": 2}).status_code == 403
    )
    api = api_as(stein)
    response = api.post(
        f"/api/v1/applications/{bergen_app.pk}/decision/",
        {"decision": "approve", "posts": 2, "meeting_date": "2026-03-20", "reason": "Bra."},
        format="json",
    )
    assert response.status_code == 403
    assert api.post(
        f"/api/v1/applications/{bergen_app.pk}/votes/", {"vote": "against"}, format="json"
    ).status_code in (200, 201)
    assert bergen_app.votes.get().vote == "against"


def test_a_resubmitted_application_can_be_recommended(bergen_app):
    services.request_more_information(bergen_app, "Beskriv bakvakten.")
    bergen_app.refresh_from_db()
    resubmitted = services.submit(bergen_app, answer="Bakvakt fra Bergen legevakt.")
    assert resubmitted.status == Application.Status.RESUBMITTED
    services.recommend(resubmitted, "approve", "Svaret holder.")
    resubmitted.refresh_from_db()
    assert resubmitted.recommendation == "approve"


def test_the_manager_announces_and_fills_a_granted_post(
    client_for, alice, bob, stein, liv_mfa, programme, bergen_app, bergen, bergen_centre
):
    decide(bergen_app, 2)
    slot = bergen_app.slots.get(number=1)
    announce = reverse("placements:slot_announce", args=[bergen_app.pk, 1])
    fill = reverse("placements:slot_fill", args=[bergen_app.pk, 1])
    assert client_for(bob).post(announce, {"announced_on": "2026-04-01"}).status_code == 404
    assert client_for(stein).post(announce, {"announced_on": "2026-04-01"}).status_code == 403
    client = client_for(alice)
    client.post(announce, {"announced_on": "2026-04-01", "applicants": 4})
    slot.refresh_from_db()
    assert (slot.status, slot.applicants) == (PostSlot.Status.RECRUITING, 4)
    doctor = DoctorFactory(programme=programme, name="Nora Nes", registered_by=bergen)
    form = client.get(fill)
    assert form.status_code == 200
    response = client.post(
        fill,
        {
            "programme": programme.pk,
            "doctor": doctor.pk,
            "municipality": bergen.pk,
            "centre": bergen_centre.pk,
            "contract_type": "fastlonn",
            "position_percent": 100,
            "list_length": 800,
            "other_work_percent": 0,
            "start": "2026-06-01",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    slot.refresh_from_db()
    assert slot.status == PostSlot.Status.FILLED
    assert slot.placement == Placement.objects.get(doctor=doctor)
    # A filled post cannot be handed back, and a correction cannot take it away.
    client.post(reverse("placements:slot_return", args=[bergen_app.pk, 1]))
    slot.refresh_from_db()
    assert slot.status == PostSlot.Status.FILLED
    client.post(reverse("placements:slot_return", args=[bergen_app.pk, 2]))
    assert bergen_app.slots.get(number=2).status == PostSlot.Status.RETURNED
    with pytest.raises(ValidationError, match="allerede besatt eller levert tilbake"):
        decide(bergen_app, outcome="reject", correction_reason="Omgjort")
    posts = client_for(liv_mfa).get(reverse("dashboard")).context["posts"]
    assert (posts.granted, posts.recruiting, posts.filled, posts.returned) == (2, 0, 1, 1)


def test_the_minutes_list_every_vote(client_for, liv_mfa, stein, call, bergen_app):
    decisions.cast_vote(bergen_app, stein, Vote.Choice.FOR_FEWER, "Én holder")
    decide(bergen_app, 1, outcome="approve_fewer", meeting_date=date(2026, 3, 20))
    response = client_for(liv_mfa).get(reverse("placements:call_minutes", args=[call.pk]))
    assert response.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Stein Styre" in text and "Én holder" in text
    assert "Bergen" in text


def test_participation_is_unique_per_municipality_and_programme_in_the_database(
    programme, bergen_app, bergen
):
    decide(bergen_app, 2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(programme=programme, municipality=bergen, joined=date.today())
    # Approving a second application from a municipality that already takes part adds none.
    again = submitted(CallFactory(programme=programme, target_counties=["Vestland"]), bergen)
    decide(again, 1, outcome="approve_fewer")
    assert Participation.objects.filter(programme=programme, municipality=bergen).count() == 1
