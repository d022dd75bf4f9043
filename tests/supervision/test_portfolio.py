"""The portfolio PDF: Nina's five years in one document, made by the worker with a progress
bar, served inside the placement's scope only, in a fixed number of queries."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from alisvest.factories import UserFactory
from alisvest.models import OutboxMessage
from alisvest.roles import Role, grant_role
from placements.models import Doctor, LearningObjective, PlannedCourse, PlanPeriod
from placements.plans import services as plans
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from supervision import portfolio, portfolio_jobs
from supervision.factories import (
    GroupMeetingFactory,
    GroupMembershipFactory,
    SupervisionGroupFactory,
    SupervisionSessionFactory,
)
from supervision.models import GroupAttendance, PortfolioJob, SupervisionSession
from tests.conftest import wait_for

pytestmark = pytest.mark.django_db


def pdf_text(content):
    assert content.startswith(b"%PDF-")
    # Table cells wrap; one space between words makes the text read as a sentence.
    return " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split()
    )


def alis_user(email, name, language=""):
    user = UserFactory(email=email, name=name, language=language)
    grant_role(user, Role.ALIS)
    return user


@pytest.fixture
def nina_user(db):
    return alis_user("nina@alis.no", "Nina Nilsen")


@pytest.fixture
def nina(programme, bergen_centre, nina_user, carol, alice):
    """Nina, ALIS in Bergen since January 2019: two months of sessions, one objective signed
    and approved, one only logged, a group meeting, a plan with a period and a course."""
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Nina Nilsen", user=nina_user),
        centre=bergen_centre,
        start=date(2019, 1, 1),
        planned_end=date(2024, 1, 1),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    for day, minutes in ((date(2019, 1, 10), 60), (date(2019, 1, 24), 75), (date(2019, 2, 7), 90)):
        SupervisionSessionFactory(placement=placement, supervisor=carol, date=day, minutes=minutes)
    SupervisionSessionFactory(
        placement=placement,
        supervisor=carol,
        date=date(2019, 2, 14),
        minutes=120,
        status=SupervisionSession.Status.DISPUTED,
    )
    signed = LearningObjective.objects.create(
        programme=programme, code="ALM-1", group="Kommunikasjon", text="Kunne ta imot pasienten."
    )
    logged = LearningObjective.objects.create(
        programme=programme, code="ALM-2", group="Kommunikasjon", text="Kunne avslutte.", order=1
    )
    progress = plans.log_activity(
        plans.progress_for(placement, signed), by=nina_user, note="Videokonsultasjon"
    )
    plans.approve(plans.sign(progress, by=carol), by=alice)
    plans.log_activity(plans.progress_for(placement, logged), by=nina_user, note="")
    group = SupervisionGroupFactory(programme=programme, leader=carol, name="Gruppe Vest")
    membership = GroupMembershipFactory(group=group, placement=placement)
    meeting = GroupMeetingFactory(group=group, date=date(2019, 3, 5), hours=Decimal("6"))
    GroupAttendance.objects.create(meeting=meeting, membership=membership)
    plan = plans.create_plan(placement)
    PlanPeriod.objects.filter(plan=plan).delete()
    PlanPeriod.objects.create(
        plan=plan,
        kind=PlanPeriod.Kind.INSTITUTION,
        start=date(2021, 1, 1),
        end=date(2021, 12, 31),
        institution="Haukeland universitetssjukehus",
    )
    PlannedCourse.objects.filter(plan=plan).delete()
    PlannedCourse.objects.create(plan=plan, name="Grunnkurs A", date=date(2019, 5, 1))
    return placement


def test_the_pdf_holds_name_hours_per_month_signed_objectives_groups_plan_and_courses(nina):
    placement = portfolio.placement_for_portfolio(nina.pk)
    text = pdf_text(portfolio.render_portfolio(placement))
    assert "Nina Nilsen" in text
    # January: 60 + 75 minutes = 2.25 h, shown 2,3; February 1.5 h (the disputed hour is out).
    assert "januar 2019 2,3 2" in text
    assert "februar 2019 1,5 1" in text
    assert "mars 2019 0 0" in text
    signed = timezone.localdate().strftime("%d.%m.%Y")
    assert "ALM-1" in text and f"Carol Corneliussen, {signed}" in text
    assert f"Alice Aas, {signed}" in text
    assert "ALM-2" in text and "Aktivitet registrert" in text
    assert "1 av 2 læringsmål er signert" in text
    assert "Gruppe Vest" in text and "6 t av 120 t" in text
    assert "Haukeland universitetssjukehus" in text
    assert "Grunnkurs A" in text and "Gjennomført" in text


def test_the_pdf_is_in_the_alis_language(nina, nina_user):
    nina_user.language = "en"
    nina_user.save()
    text = pdf_text(portfolio.render_portfolio(portfolio.placement_for_portfolio(nina.pk)))
    assert "January 2019" in text and "januar 2019" not in text


def test_the_number_of_queries_does_not_grow_with_the_sessions(nina, carol):
    def count():
        placement = portfolio.placement_for_portfolio(nina.pk)
        with CaptureQueriesContext(connection) as queries:
            portfolio.build_sections(placement)
        return len(queries)

    before = count()
    for months in range(3, 40):
        day = date(2019, 1, 1) + timedelta(days=30 * months)
        SupervisionSessionFactory(placement=nina, supervisor=carol, date=day, minutes=120)
        SupervisionSessionFactory(placement=nina, supervisor=carol, date=day, minutes=60)
    assert count() == before
    # The placement's supervisors, plan, periods, two for the hours (sessions per month and
    # the checks), the minutes' topics, group meetings, objectives and their catalogue,
    # assessments, reviews, courses (assessments and reviews prefetch their answers and
    # signatures when there are any).
    assert before == 12


def test_a_second_request_reuses_the_running_job(nina, nina_user, alice):
    first, created = portfolio_jobs.request_portfolio(nina, by=nina_user)
    again, created_again = portfolio_jobs.request_portfolio(nina, by=alice)
    assert created and not created_again and again == first
    assert OutboxMessage.objects.filter(task=portfolio_jobs.TASK).count() == 1
    assert first.language == "nb"


def test_a_stale_job_is_replaced(nina, nina_user):
    old, _ = portfolio_jobs.request_portfolio(nina, by=nina_user)
    PortfolioJob.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - portfolio_jobs.STALE_AFTER - timedelta(minutes=1)
    )
    new, created = portfolio_jobs.request_portfolio(nina, by=nina_user)
    assert created and new != old
    assert PortfolioJob.objects.get(pk=old.pk).status == PortfolioJob.Status.FAILED


def test_a_job_that_fails_says_so_and_can_be_asked_again(nina, nina_user, monkeypatch):
    job, _ = portfolio_jobs.request_portfolio(nina, by=nina_user)

    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint is down")

    monkeypatch.setattr(portfolio, "render_portfolio", broken)
    with pytest.raises(RuntimeError):
        portfolio_jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == PortfolioJob.Status.FAILED and "WeasyPrint" in job.error
    assert portfolio_jobs.progress(job)["failed"]
    assert portfolio_jobs.request_portfolio(nina, by=nina_user)[1]


def test_the_job_runs_section_by_section_and_a_rerun_changes_nothing(nina, nina_user):
    job, _ = portfolio_jobs.request_portfolio(nina, by=nina_user)
    assert portfolio_jobs.run_job(job.pk) == PortfolioJob.Status.DONE
    job.refresh_from_db()
    assert job.progress == 100 and job.finished_at and job.pdf
    name = job.pdf.name
    assert portfolio_jobs.run_job(job.pk) == PortfolioJob.Status.DONE
    job.refresh_from_db()
    assert job.pdf.name == name


@pytest.mark.django_db(transaction=True)
def test_the_alis_asks_for_it_the_worker_makes_it_and_the_file_is_served(
    celery_worker, register, programme, carol, client_for
):
    from placements.municipalities.factories import MedicalCentreFactory

    user = alis_user("nina@alis.no", "Nina Nilsen")
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Nina Nilsen", user=user),
        centre=MedicalCentreFactory(municipality=register.current().get(number="4601")),
        start=date(2019, 1, 1),
    )
    SupervisionSessionFactory(placement=placement, supervisor=carol, date=date(2019, 1, 10))
    client = client_for(user)
    page = reverse("supervision:portfolio", args=[placement.pk])
    response = client.post(page)
    assert response.status_code == 302 and response["Location"] == page
    progress_url = reverse("supervision:portfolio_progress", args=[placement.pk])
    assert wait_for(lambda: "Ferdig" in client.get(progress_url).content.decode(), 60)
    body = client.get(progress_url).content.decode()
    assert "100 % ferdig" in body and "hx-trigger" not in body
    assert "Last ned porteføljen" in client.get(page).content.decode()
    response = client.get(reverse("supervision:portfolio_download", args=[placement.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Nina Nilsen" in pdf_text(b"".join(response.streaming_content))
    plan_page = client.get(reverse("placements:my_plan")).content.decode()
    assert "Lag portefølje (PDF)" in plan_page and "Sist laget" in plan_page


def test_the_api_serves_the_same_document(nina, nina_user, client_for):
    response = client_for(nina_user).get(f"/api/v1/placements/{nina.pk}/portfolio.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "februar 2019 1,5 1" in pdf_text(response.content)


def test_outside_the_placement_scope_everything_is_404(nina, bob, client_for):
    other = alis_user("ola@alis.no", "Ola Olsen")
    PlacementFactory(doctor=DoctorFactory(programme=nina.programme, user=other))
    portfolio_jobs.run_job(portfolio_jobs.request_portfolio(nina, by=nina.doctor.user)[0].pk)
    urls = [
        reverse("supervision:portfolio", args=[nina.pk]),
        reverse("supervision:portfolio_progress", args=[nina.pk]),
        reverse("supervision:portfolio_download", args=[nina.pk]),
        f"/api/v1/placements/{nina.pk}/portfolio.pdf",
    ]
    for user in (other, bob):
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(urls[0]).status_code == 404
    assert PortfolioJob.objects.count() == 1


def test_the_manager_finds_it_on_the_placement_page(nina, alice, client_for):
    body = client_for(alice).get(reverse("placements:placement_detail", args=[nina.pk]))
    assert reverse("supervision:portfolio", args=[nina.pk]) in body.content.decode()


def test_the_demo_alis_portfolio(register):
    call_command("seed_demo", stdout=io.StringIO())
    dan = Doctor.objects.get(user__email="dan@demo.alisvest.no")
    placement = portfolio.placement_for_portfolio(dan.placements.order_by("-start").first().pk)
    sections = {s["name"]: s["context"] for s in portfolio.build_sections(placement)}
    text = pdf_text(portfolio.render_portfolio(placement))
    assert "Dan Dale" in text
    busy = next(m for m in sections["hours"]["months"] if m["minutes"])
    assert f"{busy['hours']}".replace(".", ",") in text
    assert sections["objectives"]["signed"] > 0
    signed = next(
        p for _group, rows in sections["objectives"]["groups"] for p in rows if p.signed_at
    )
    assert signed.objective.code in text and signed.signed_at.strftime("%d.%m.%Y") in text
    signed_reviews = [r for r in sections["reviews"]["reviews"] if r.signatures.all()]
    assert signed_reviews, "the demo has signed half-year reviews"
    for review in signed_reviews:
        assert review.plan_next.split("\n")[0][:40] in text.replace("\n", " ")
        for signature in review.signatures.all():
            assert signature.signed_at.strftime("%d.%m.%Y") in text
    kinds = {a.kind for a in sections["assessments"]["assessments"]}
    assert {"kasusdiskusjon", "multikilde"} <= kinds
    assert "Sammendrag av 5 svar" in text
    discussed = [o for _group, rows in sections["topics"]["groups"] for o in rows]
    assert discussed and all(o.sessions >= 1 for o in discussed)
    assert discussed[0].code in text


def test_erasing_the_alis_deletes_their_portfolios(nina, nina_user, liv):
    from research.erasure.services import erase_doctor

    job, _ = portfolio_jobs.request_portfolio(nina, by=nina_user)
    portfolio_jobs.run_job(job.pk)
    job.refresh_from_db()
    storage, name = job.pdf.storage, job.pdf.name
    assert storage.exists(name)
    erase_doctor(nina.doctor, by=liv)
    assert not PortfolioJob.objects.exists() and not storage.exists(name)
