"""The review pages and the post evaluation: scope, the supervisor's to-do item, the facts
on the page, signing in order, and the aggregate that never shows a small group."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alisvest.factories import UserFactory
from alisvest.models import OutboxMessage
from alisvest.roles import Role, grant_role
from alisvest.todo import tasks_for
from placements.models import ObjectiveProgress
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from supervision.evaluations import aggregate
from supervision.factories import SupervisionSessionFactory
from supervision.models import PostEvaluation, ProgressReview
from supervision.review_services import REVIEW_SIGNED_TASK, REVIEW_TO_ACKNOWLEDGE_TASK
from supervision.tasks import send_review_signed, send_review_to_acknowledge

pytestmark = pytest.mark.django_db


def relay_outbox():
    """Run the e-mail tasks the outbox holds, as the worker would (their names, their ids)."""
    for message in OutboxMessage.objects.filter(sent_at=None, task__contains="review"):
        TASKS[message.task](*message.args)
        OutboxMessage.objects.filter(pk=message.pk).update(sent_at=timezone.now())


TASKS = {
    REVIEW_SIGNED_TASK: send_review_signed,
    REVIEW_TO_ACKNOWLEDGE_TASK: send_review_to_acknowledge,
}
TODAY = timezone.localdate()


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
        start=TODAY - timedelta(days=200),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    return placement


def test_the_supervisor_writes_from_the_to_do_item_and_the_alis_is_asked(
    client_for, placement, carol, dan, liv_mfa
):
    liv = liv_mfa
    [task] = [t for t in tasks_for(carol) if t.kind == "supervision.review_due"]
    assert task.url == reverse("supervision:review_create", args=[placement.pk, 1])
    SupervisionSessionFactory(
        placement=placement, supervisor=carol, date=placement.start, minutes=90
    )
    client = client_for(carol)
    page = client.get(task.url)
    assert "90 minutter registrert" in page.content.decode()
    assert "Ingen vurderinger i perioden" in page.content.decode()
    refused = client.post(task.url, {"summary": "", "plan_next": "Kurs."})
    assert refused.status_code == 400 and "Kurs." in refused.content.decode()
    client.post(task.url, {"summary": "Godt halvår.", "plan_next": "Kurs."})
    review = ProgressReview.objects.get(placement=placement)
    client.post(reverse("supervision:review_sign", args=[review.pk]), {"role": "supervisor"})
    relay_outbox()
    assert not [t for t in tasks_for(carol) if t.kind == "supervision.review_due"]
    assert [m.to for m in mail.outbox] == [[dan.email]]
    assert reverse("supervision:review_detail", args=[review.pk]) in mail.outbox[0].body
    [alis_task] = [t for t in tasks_for(dan) if t.kind == "supervision.review_alis"]
    client = client_for(dan)
    client.post(alis_task.url + "signer/", {"role": "alis", "comment": "Enig."})
    relay_outbox()
    assert mail.outbox[-1].to == [liv.email]
    assert [t.kind for t in tasks_for(liv) if t.kind.startswith("supervision.review")] == [
        "supervision.review_leader"
    ]
    client_for(liv).post(alis_task.url + "signer/", {"role": "leader"})
    assert review.signatures.count() == 3
    assert not [t for t in tasks_for(liv) if t.kind == "supervision.review_leader"]


def test_the_alis_cannot_sign_as_supervisor(client_for, placement, carol, dan):
    client_for(carol).post(
        reverse("supervision:review_create", args=[placement.pk, 1]),
        {"summary": "Godt.", "plan_next": "Kurs."},
    )
    review = ProgressReview.objects.get()
    response = client_for(dan).post(
        reverse("supervision:review_sign", args=[review.pk]), {"role": "supervisor"}
    )
    assert response.status_code == 403
    assert not review.signatures.exists()


def test_health_managers_and_others_do_not_see_reviews(client_for, placement, carol, alice, bob):
    client_for(carol).post(
        reverse("supervision:review_create", args=[placement.pk, 1]),
        {"summary": "Godt.", "plan_next": "Kurs."},
    )
    review = ProgressReview.objects.get()
    for user in (alice, bob):
        client = client_for(user)
        assert client.get(reverse("supervision:review_detail", args=[review.pk])).status_code == 404
        assert (
            client.get(reverse("supervision:review_list", args=[placement.pk])).status_code == 404
        )


def test_the_facts_count_objectives_signed_in_the_half_year(
    client_for, placement, carol, programme
):
    from placements.plans.models import LearningObjective

    objective = LearningObjective.objects.create(
        programme=programme, code="ALM-1", group="Klinikk", text="Akutte tilstander"
    )
    ObjectiveProgress.objects.create(
        placement=placement,
        objective=objective,
        status="signert",
        logged_at=timezone.now(),
        signed_at=timezone.now() - timedelta(days=60),
        signed_by=carol,
    )
    page = client_for(carol).get(reverse("supervision:review_create", args=[placement.pk, 1]))
    assert "ALM-1" in page.content.decode()


def test_the_facts_show_the_assessments_completed_in_the_half_year(
    client_for, placement, carol, dan
):
    from supervision.assessments import services as assessments

    one = [{"name": "Kari Kollega", "email": "kari@example.no", "relation": "lege"}]
    answers = {"resonnering": "som", "utredning": "over", "oppfolging": "som", "samlet": "som"}
    inside = assessments.request_assessment(placement, "kasusdiskusjon", one, by=dan)
    outside = assessments.request_assessment(placement, "observert-konsultasjon", one, by=dan)
    in_half_year = timezone.now() - timedelta(days=100)
    assessments.submit_response(
        inside.invitations.get(), answers | {"styrker": "Ryddig"}, now=in_half_year
    )
    assessments.submit_response(outside.invitations.get(), answers)  # after the half-year
    page = client_for(carol).get(reverse("supervision:review_create", args=[placement.pk, 1]))
    text = page.content.decode()
    assert "Kasusdiskusjon" in text and "Ryddig" in text
    assert "Observert konsultasjon" not in text


# --- Post evaluation ---------------------------------------------------------------------


def test_the_alis_answers_once_a_year_and_the_task_goes(client_for, placement, dan, carol):
    assert [t.kind for t in tasks_for(dan)].count("supervision.post_evaluation") == 1
    url = reverse("supervision:evaluation", args=[placement.pk])
    client = client_for(dan)
    assert client.post(url, {"supervision_quality": "6", "workload": "3"}).status_code == 400
    client.post(
        url, {"supervision_quality": "4", "workload": "3", "centre": "5", "stay": "Fast liste"}
    )
    assert PostEvaluation.objects.get().centre == 5
    assert "supervision.post_evaluation" not in [t.kind for t in tasks_for(dan)]
    assert client_for(carol).get(url).status_code == 403  # the supervisor never reads it


def answer(programme, centre, quality, stay=""):
    placement = PlacementFactory(doctor=DoctorFactory(programme=programme), centre=centre)
    return PostEvaluation.objects.create(
        placement=placement,
        year=TODAY.year,
        supervision_quality=quality,
        workload=3,
        centre=4,
        stay=stay,
    )


def test_groups_under_three_answers_show_no_figures_and_no_texts(programme, bergen_centre, stord):
    for quality in (3, 4, 5):
        answer(programme, bergen_centre, quality, stay="Bedre bakvakt")
    stord_centre = MedicalCentreFactory(municipality=stord)
    answer(programme, stord_centre, 1, stay="Lønn")
    answer(programme, stord_centre, 2)
    bergen, small = aggregate([programme], TODAY.year)
    assert (bergen.count, bergen.means["supervision_quality"]) == (3, 4)
    assert bergen.texts == ["Bedre bakvakt"] * 3
    assert small.suppressed and small.count == 2
    assert small.means["supervision_quality"] is None and small.texts == []


def test_the_leader_sees_the_aggregate_with_suppression(
    client_for, liv_mfa, programme, bergen_centre, stord
):
    answer(programme, MedicalCentreFactory(municipality=stord), 1, stay="Hemmelig")
    page = client_for(liv_mfa).get(reverse("supervision:evaluation_summary")).content.decode()
    assert "Færre enn 3 svar" in page and "Hemmelig" not in page


def test_only_a_project_leader_sees_the_aggregate(client_for, alice, carol):
    assert client_for(carol).get(reverse("supervision:evaluation_summary")).status_code == 403
