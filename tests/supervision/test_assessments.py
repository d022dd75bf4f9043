"""Assessments by link: the ALIS asks, the assessor answers once without an account before
the link expires, the ALIS, supervisors and project leader read the result; nobody else."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alisvest.factories import UserFactory
from alisvest.roles import Role, grant_role
from alisvest.todo import tasks_for
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from supervision.assessments import completed_assessments, links, services
from supervision.assessments.tasks import send_assessment_complete, send_assessor_invitation
from supervision.models import Assessment, AssessmentResponse, AssessorInvitation

pytestmark = pytest.mark.django_db

CASE = Assessment.Kind.CASE_DISCUSSION
MSF = Assessment.Kind.MULTI_SOURCE
CASE_ANSWERS = {
    "resonnering": "som",
    "utredning": "over",
    "oppfolging": "som",
    "samlet": "som",
    "styrker": "Strukturert",
    "forslag": "Oppsummer for pasienten",
}


@pytest.fixture
def dan(db):
    user = UserFactory(email="dan@example.no", name="Dan Dale")
    grant_role(user, Role.ALIS)
    return user


@pytest.fixture
def placement(programme, bergen_centre, carol, dan):
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Dan Dale", user=dan),
        centre=bergen_centre,
        start=timezone.localdate() - timedelta(days=400),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    return placement


def assessors(n):
    return [
        {"name": f"Kollega {i}", "email": f"k{i}@example.no", "relation": "sykepleier"}
        for i in range(n)
    ]


def msf_answers(i):
    ratings = dict.fromkeys(["pasienter", "samarbeid", "palitelig", "faglig", "respekt"], str(i))
    return ratings | {"kommentar": f"Kommentar {chr(ord('e') - i)}"}


@pytest.fixture
def case(placement, dan):
    return services.request_assessment(placement, CASE, assessors(1), by=dan)


def answer_path(invitation):
    return reverse("supervision:assessment_answer", args=[links.token_for(invitation)])


# --- Links: once, before expiry, unaltered -----------------------------------------------


def test_the_assessor_answers_once_without_an_account_and_the_link_is_then_refused(case):
    invitation = case.invitations.get()
    client = Client()
    path = answer_path(invitation)
    assert client.get(path).status_code == 200
    response = client.post(path, CASE_ANSWERS)
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200  # the thanks page
    again = client.get(path)
    assert again.status_code == 410
    assert "Lenken er allerede brukt" in again.content.decode()
    reused = client.post(path, CASE_ANSWERS)
    assert reused.status_code == 410
    assert AssessmentResponse.objects.count() == 1
    case.refresh_from_db()
    assert case.status == Assessment.Status.COMPLETE


def test_a_second_claim_of_the_same_link_gets_nothing(case):
    invitation = case.invitations.get()
    services.submit_response(invitation, CASE_ANSWERS)
    with pytest.raises(services.LinkRefused) as refused:
        services.submit_response(invitation, CASE_ANSWERS)
    assert refused.value.state == links.USED
    assert AssessmentResponse.objects.count() == 1


def test_a_stale_copy_of_the_invitation_cannot_claim_it_twice(case):
    """Two submits that both read the invitation before either wrote: the compare-and-set
    lets one through."""
    first = AssessorInvitation.objects.get()
    second = AssessorInvitation.objects.get()
    assert links.claim(first) is True
    assert links.claim(second) is False


def test_the_link_is_refused_at_exactly_fourteen_days(case):
    invitation = case.invitations.get()
    assert invitation.expires_at == invitation.created_at + timedelta(days=14)
    just_before = invitation.expires_at - timedelta(seconds=1)
    assert links.state_of(invitation, just_before) == links.OPEN
    assert links.state_of(invitation, invitation.expires_at) == links.EXPIRED
    with pytest.raises(services.LinkRefused) as refused:
        services.submit_response(invitation, CASE_ANSWERS, now=invitation.expires_at)
    assert refused.value.state == links.EXPIRED
    assert not AssessmentResponse.objects.exists()


def test_an_expired_link_shows_a_clear_page(case):
    AssessorInvitation.objects.update(
        created_at=timezone.now() - timedelta(days=15), expires_at=timezone.now()
    )
    response = Client().get(answer_path(case.invitations.get()))
    assert response.status_code == 410
    assert "Lenken er utløpt" in response.content.decode()


@pytest.mark.parametrize(
    "alter",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # signature changed
        lambda t: "x" + t,
        lambda t: "ikke-en-lenke",
    ],
)
def test_an_altered_or_forged_link_is_refused_with_a_404_page(case, alter):
    token = links.token_for(case.invitations.get())
    path = reverse("supervision:assessment_answer", args=[alter(token)])
    response = Client().get(path)
    assert response.status_code == 404
    assert "Lenken er ugyldig" in response.content.decode()
    assert Client().post(path, CASE_ANSWERS).status_code == 404
    assert not AssessmentResponse.objects.exists()


def test_a_link_signed_for_another_invitation_id_is_refused(case, placement, dan):
    other = services.request_assessment(placement, CASE, assessors(1)[:1], by=dan)
    mine, theirs = case.invitations.get(), other.invitations.get()
    forged = links.nonce_token(links.SALT, type("X", (), {"pk": theirs.pk, "nonce": mine.nonce}))
    assert links.invitation_from(forged) is None


def test_a_new_nonce_revokes_the_old_link_and_sends_a_new_one(case):
    invitation = case.invitations.get()
    old = answer_path(invitation)
    send_assessor_invitation(invitation.pk)
    assert services.renew_link(invitation) is True
    assert Client().get(old).status_code == 404
    assert send_assessor_invitation(invitation.pk) is True
    new = answer_path(invitation)
    assert new != old
    assert new in mail.outbox[-1].body
    assert Client().get(new).status_code == 200


def test_expired_links_become_a_task_and_the_alis_sends_new_ones(case, client_for, dan):
    """All unanswered links gone out: the ALIS is told on the to-do list, asks for new ones
    from the assessment's page, and the old link stops working."""
    invitation = case.invitations.get()
    old = answer_path(invitation)
    assert "supervision.assessment_links_expired" not in [t.kind for t in tasks_for(dan)]
    AssessorInvitation.objects.update(
        created_at=timezone.now() - timedelta(days=15),
        expires_at=timezone.now() - timedelta(days=1),
    )
    [task] = [t for t in tasks_for(dan) if t.kind == "supervision.assessment_links_expired"]
    assert task.url == reverse("supervision:assessment_detail", args=[case.pk])
    client = client_for(dan)
    assert "Send nye lenker" in client.get(task.url).content.decode()
    response = client.post(reverse("supervision:assessment_resend", args=[case.pk]), follow=True)
    assert "En ny lenke er sendt" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.expires_at > timezone.now() + timedelta(days=13)
    assert Client().get(old).status_code == 404
    assert Client().get(answer_path(invitation)).status_code == 200
    assert "supervision.assessment_links_expired" not in [t.kind for t in tasks_for(dan)]


def test_only_the_alis_sends_new_links_and_not_for_a_completed_one(case, client_for, carol):
    url = reverse("supervision:assessment_resend", args=[case.pk])
    assert client_for(carol).post(url).status_code == 403
    services.submit_response(case.invitations.get(), CASE_ANSWERS)
    case.refresh_from_db()
    assert services.renew_unanswered(case) == 0


def test_the_invitation_email_is_sent_once_in_the_language_the_alis_chose(placement, dan):
    assessment = services.request_assessment(placement, CASE, assessors(1), by=dan, language="en")
    invitation = assessment.invitations.get()
    assert send_assessor_invitation(invitation.pk) is True
    assert send_assessor_invitation(invitation.pk) is False
    [message] = mail.outbox
    assert message.to == ["k0@example.no"]
    assert links.link_for(invitation) in message.body
    assert "Dan Dale" in message.subject
    page = Client().get(answer_path(invitation)).content.decode()
    assert 'lang="en"' in page


def test_the_form_follows_the_assessors_browser_language_unless_the_alis_chose(case):
    path = answer_path(case.invitations.get())
    page = Client().get(path, HTTP_ACCEPT_LANGUAGE="nn").content.decode()
    assert 'lang="nn"' in page


def test_an_incomplete_answer_is_refused_naming_the_field_and_keeps_what_was_typed(case):
    path = answer_path(case.invitations.get())
    response = Client().post(path, CASE_ANSWERS | {"forslag": "", "styrker": "Ryddig"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Skriv noen ord her." in page and "Ryddig" in page
    assert not AssessmentResponse.objects.exists()


def test_the_alis_is_told_once_when_a_case_discussion_is_answered(case):
    services.submit_response(case.invitations.get(), CASE_ANSWERS)
    assert send_assessment_complete(case.pk) is True
    assert send_assessment_complete(case.pk) is False
    [message] = [m for m in mail.outbox if m.to == ["dan@example.no"]]
    assert reverse("supervision:assessment_detail", args=[case.pk]) in message.body


# --- Multi-source feedback: at least five, summary only ------------------------------------


def test_msf_needs_at_least_five_assessors_and_keeps_what_was_typed(client_for, dan, placement):
    url = reverse("supervision:assessment_create", args=[placement.pk]) + "?type=multikilde"
    data = {"vurderer-TOTAL_FORMS": "8", "vurderer-INITIAL_FORMS": "0", "context": "Våren"}
    for i, row in enumerate(assessors(3)):
        data |= {f"vurderer-{i}-{k}": v for k, v in row.items()}
    response = client_for(dan).post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Vurderere" in page and "minst 5 respondenter; du har oppgitt 3" in page
    assert "k2@example.no" in page and "Våren" in page
    assert not Assessment.objects.exists()
    for i, row in enumerate(assessors(5)):
        data |= {f"vurderer-{i}-{k}": v for k, v in row.items()}
    response = client_for(dan).post(url, data)
    assert response.status_code == 302
    assert Assessment.objects.get().invitations.count() == 5


def test_the_service_refuses_fewer_than_five_naming_assessors(placement, dan):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.request_assessment(placement, MSF, assessors(4), by=dan)
    assert "assessors" in error.value.message_dict


def test_the_msf_summary_is_hidden_until_five_have_answered(
    client_for, dan, carol, liv_mfa, placement
):
    msf = services.request_assessment(placement, MSF, assessors(6), by=dan)
    invitations = list(msf.invitations.order_by("pk"))
    for i, invitation in enumerate(invitations[:3], start=1):
        services.submit_response(invitation, msf_answers(i))
    url = reverse("supervision:assessment_detail", args=[msf.pk])
    for user in (dan, carol, liv_mfa):
        page = client_for(user).get(url).content.decode()
        assert "3 av 5 har svart." in page
        assert "Kommentar" not in page and "Kollega 0" not in page
    for i, invitation in enumerate(invitations[3:5], start=4):
        services.submit_response(invitation, msf_answers(i))
    msf.refresh_from_db()
    assert msf.status == Assessment.Status.COMPLETE
    for user in (dan, carol, liv_mfa):
        page = client_for(user).get(url).content.decode()
        assert "Sammendrag av 5 svar" in page
        assert "3.0" in page or "3,0" in page  # mean of 1..5
        # Comments in a fixed order that is not the order they came in, never with names.
        assert page.index("Kommentar a") < page.index("Kommentar d")
        assert "Kollega" not in page and "k0@example.no" not in page


def test_the_msf_email_goes_when_the_fifth_answer_is_in(placement, dan):
    msf = services.request_assessment(placement, MSF, assessors(5), by=dan)
    for i, invitation in enumerate(msf.invitations.order_by("pk"), start=1):
        assert services.complete_if_enough(msf, timezone.now()) is False
        services.submit_response(invitation, msf_answers(i))
    assert send_assessment_complete(msf.pk) is True
    [message] = [m for m in mail.outbox if m.to == ["dan@example.no"]]
    assert "nok svar" in message.subject


# --- Scope ---------------------------------------------------------------------------------


def test_other_alis_researcher_health_manager_and_steering_get_404(
    client_for, case, placement, alice, erin_mfa, stein, programme, bergen_centre
):
    other = UserFactory(email="eva@example.no")
    grant_role(other, Role.ALIS)
    PlacementFactory(doctor=DoctorFactory(programme=programme, user=other), centre=bergen_centre)
    urls = [
        reverse("supervision:assessment_detail", args=[case.pk]),
        reverse("supervision:assessment_list", args=[placement.pk]),
        reverse("supervision:assessment_create", args=[placement.pk]),
    ]
    for user in (other, erin_mfa, alice, stein):
        assert not Assessment.objects.for_user(user).exists()
        for url in urls:
            assert client_for(user).get(url).status_code == 404, (user, url)


def test_the_alis_supervisor_and_leader_see_the_case_discussions_answers(
    client_for, case, dan, carol, liv_mfa
):
    services.submit_response(case.invitations.get(), CASE_ANSWERS)
    url = reverse("supervision:assessment_detail", args=[case.pk])
    for user in (dan, carol, liv_mfa):
        page = client_for(user).get(url).content.decode()
        assert "Oppsummer for pasienten" in page and "Kollega 0" in page


def test_only_the_alis_may_request(client_for, carol, liv_mfa, placement):
    url = reverse("supervision:assessment_create", args=[placement.pk])
    assert client_for(carol).get(url).status_code == 403
    assert client_for(liv_mfa).get(url).status_code == 403


# --- The selector the half-year review and the portfolio read ------------------------------


def test_completed_assessments_are_bounded_by_completion_date(case, placement, dan):
    services.submit_response(case.invitations.get(), CASE_ANSWERS)
    open_one = services.request_assessment(placement, CASE, assessors(1), by=dan)
    today = timezone.localdate()
    [found] = completed_assessments(placement, since=today, until=today)
    assert found.pk == case.pk and found.pk != open_one.pk
    assert found.summary["responses"][0]["texts"][1]["text"] == "Oppsummer for pasienten"
    assert completed_assessments(placement, until=today - timedelta(days=1)) == []
    assert completed_assessments(placement, since=today + timedelta(days=1)) == []
