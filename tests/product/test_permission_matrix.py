"""Every URL pattern of the site and the API, as every role, against the outcome declared
beside its view with @access (alisvest/access.py). The patterns come from the resolver, so
a new view is in the matrix the moment it has a URL; without a declaration it fails here.

One object graph (an ALIS placed in the own municipality, Bergen, with everything that hangs
off a placement) is built once per module; each request runs in a savepoint rolled back
afterwards, so a POST that changes state does not disturb the next role."""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from django.utils import timezone

from alisvest import access as acc
from alisvest import calendar
from alisvest.access import ROLES, declared, external
from alisvest.factories import UserFactory
from alisvest.models import ApiToken, Invitation
from alisvest.roles import Role, grant_role

# pytest-django creates the test database; each test runs in a savepoint of the module's.
pytestmark = pytest.mark.django_db

# What an integer/slug keyword in a path means, by the path's start (the longest match wins).
# A new kind of object: add its prefix here and create one in the own municipality in graph().
PK_BY_PREFIX = {
    "profil/nokler/": "token",
    "invitasjoner/": "invitation",
    "legesentre/": "centre",
    "stillinger/": "placement",
    "utlysninger/": "call",
    "soknader/": "application",
    "veiledning/stilling/": "placement",
    "veiledning/timer/": "session",
    "veiledning/grupper/": "group",
    "veiledning/halvarsvurdering/": "progress_review",
    "api/v1/progress-reviews/": "progress_review",
    "api/v1/post-evaluations/": "post_evaluation",
    "veiledning/vurderinger/": "assessment",
    "api/v1/assessments/": "assessment",
    "veiledning/refleksjoner/": "reflection",
    "api/v1/programmes/": "programme",
    "api/v1/centres/": "centre",
    "api/v1/calls/": "call",
    "api/v1/applications/": "application",
    "api/v1/reviews/": "review",
    "api/v1/supervision-sessions/": "session",
    "api/v1/supervision-checks/": "check",
    "api/v1/session-minutes/": "minutes",
    "api/v1/reflections/": "reflection",
    "leger/": "doctor",
    "personvern/lege/": "doctor",
    "personvern/person/": "person",
    "personvern/undersokelse/": "survey_contact",
    "personvern/deltaker/": "participant",
    "forskning/": "study",
    "okonomi/stilling/": "placement",
    "okonomi/utgift/": "expense",
    "okonomi/ordninger/": "scheme",
    "okonomi/oppgjor/": "statement",
    "okonomi/oppgjor/kjoring/": "run",
    "okonomi/kreditnota/": "credit_note",
    "api/v1/credit-notes/": "credit_note",
    "okonomi/krav/": "claim",
    "api/v1/national-claims/": "claim",
    "api/v1/grant-schemes/": "scheme",
    "api/v1/doctors/": "doctor",
    "api/v1/placements/": "placement",
    "api/v1/supervisor-assignments/": "assignment",
    "api/v1/absences/": "absence",
    "api/v1/recruitment-rounds/": "recruitment_round",
    "api/v1/studies/": "study",
    "api/v1/consents/": "consent",
    "api/v1/interview-rounds/": "interview_round",
    "api/v1/survey-waves/": "wave",
    "api/v1/exports/": "export_log",
    "api/v1/learning-objectives/": "objective",
    "api/v1/objective-progress/": "progress",
    "api/v1/expenses/": "expense",
    "api/v1/grant-statements/": "statement",
    "api/v1/agreements/": "agreement",
}
PK_KWARGS = {"pk"}


@dataclass(frozen=True)
class Route:
    path: str  # as written in the URLconf, e.g. "stillinger/<int:pk>/"
    name: str | None
    callback: object
    kwargs: tuple

    @property
    def id(self):
        return f"{self.name or '-'}:{self.path}"

    @property
    def plain_path(self):
        return self.path.replace("^", "").replace("$", "")


def _kwarg_names(pattern):
    if isinstance(pattern, RoutePattern):
        return list(pattern.converters)
    return list(pattern.regex.groupindex)


def walk(patterns, prefix="", namespace=None, kwargs=()):
    for p in patterns:
        names = (*kwargs, *_kwarg_names(p.pattern))
        if isinstance(p, URLResolver):
            ns = ":".join(x for x in (namespace, p.namespace) if x) or None
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns, names)
        else:
            name = ":".join(x for x in (namespace, p.name) if x) if p.name else None
            yield Route(prefix + str(p.pattern), name, p.callback, names)


ROUTES = list(walk(get_resolver().url_patterns))


def rule_for(route):
    """The declaration: beside the view, or for views we did not write, in EXTERNAL."""
    rule = external(route.name, route.path)
    if rule is not None:
        return rule
    route_kind = (route.name or "").rsplit("-", 1)[-1]
    return declared(route.callback, route_kind)


def how_to_declare(route):
    view = route.callback
    cls = getattr(view, "cls", None)
    where = f"{view.__module__}.{getattr(cls or view, '__name__', view)}"
    example = (
        '    access = {"list": access(OK), "detail": access(NOT_FOUND, own_manager=OK, ...)}\n'
        f"  (this route's key: {(route.name or '').rsplit('-', 1)[-1]!r})"
        if cls
        else "    @access(NOT_FOUND, own_manager=OK, steering=OK, leader=OK)\n"
        "  placed above (or below) @login_required"
    )
    return (
        f"\n\nThe view {where} (URL {route.path!r}, name {route.name!r}) does not declare "
        "who may use it. Add, beside the view:\n\n"
        "    from alisvest.access import FORBIDDEN, LOGIN, NOT_FOUND, OK, access\n\n"
        f"{example}\n\n"
        "The first argument is the outcome for every role not named (anonymous defaults to "
        f"LOGIN); the roles are {', '.join(ROLES)}. Outside a role's scope the view must "
        "answer NOT_FOUND. Add method='POST' for POST-only views, post={...} to also check "
        "a POST. alisvest/access.py explains the roles against the test's object graph.\n"
    )


# --- The object graph ----------------------------------------------------------------------


def graph():
    from placements.applications.factories import ApplicationFactory, CallFactory
    from placements.applications.models import ApplicationAttachment, Review
    from placements.models import Municipality, RecruitmentRound
    from placements.municipalities.factories import (
        MedicalCentreFactory,
        ParticipationFactory,
        ProgrammeFactory,
    )
    from placements.municipalities.official_register import load_register
    from placements.register.factories import (
        AbsenceFactory,
        DoctorFactory,
        PlacementFactory,
        SupervisorAssignmentFactory,
    )
    from supervision.assessments import services as assessment_services
    from supervision.factories import (
        GroupMeetingFactory,
        GroupMembershipFactory,
        ProgressReviewFactory,
        SupervisionGroupFactory,
        SupervisionSessionFactory,
    )
    from supervision.models import MonthlyCheck, PostEvaluation
    from tests.conftest import with_totp

    if not Municipality.objects.filter(number="4601").exists():
        load_register(Municipality)
    bergen = Municipality.objects.current().get(number="4601")
    stord = Municipality.objects.current().get(number="4614")
    programme = ProgrammeFactory(name="ALIS-VEST", slug="alis-vest")
    for municipality in (bergen, stord):
        ParticipationFactory(programme=programme, municipality=municipality)

    def user(email, role=None, scope=None):
        u = UserFactory(email=email, name=email.split("@")[0].title())
        if role:
            grant_role(u, role, scope)
        return u

    users = {
        "alis": user("anna@alis.no", Role.ALIS),
        "other_supervisor": user("sven@stord.no", Role.SUPERVISOR),
        "other_manager": with_totp(user("bob@stord.kommune.no", Role.MANAGER, stord)),
        "own_manager": with_totp(user("alice@bergen.kommune.no", Role.MANAGER, bergen)),
        "researcher": with_totp(user("erin@uib.no", Role.RESEARCHER, programme)),
        "steering": with_totp(user("stein@ks.no", Role.STEERING_GROUP, programme)),
        "leader": with_totp(user("liv@alis-vest.no", Role.PROJECT_LEADER, programme)),
    }
    from placements.models import RegionalOffice

    vest = RegionalOffice.objects.create(name="ALIS-kontor Vest", city="Bergen")
    vest.municipalities.add(bergen)
    users["office"] = with_totp(user("olav@alis-kontor.no", Role.REGIONAL_OFFICE, vest))
    carol = user("carol@bergen.kommune.no", Role.SUPERVISOR)
    today = timezone.localdate()
    centre = MedicalCentreFactory(municipality=bergen, name="Åsane legesenter")
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Anna Alis", user=users["alis"]),
        centre=centre,
        start=today - timedelta(days=400),
    )
    assignment = SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    absence = AbsenceFactory(placement=placement)
    recruitment_round = RecruitmentRound.objects.create(
        programme=programme, municipality=bergen, label="Høsten 2017", date=placement.start, hired=1
    )
    other_placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme),
        centre=MedicalCentreFactory(municipality=stord),
        start=today - timedelta(days=400),
    )
    SupervisorAssignmentFactory(placement=other_placement, supervisor=users["other_supervisor"])
    session = SupervisionSessionFactory(placement=placement, supervisor=carol, date=today)
    check = MonthlyCheck.objects.create(
        placement=placement,
        month=(today.replace(day=1) - timedelta(days=1)).replace(day=1),
        eligible_days=30,
        required_minutes=120,
        logged_minutes=60,
        status=MonthlyCheck.Status.DEFICIT,
        checked_at=timezone.now(),
    )
    group = SupervisionGroupFactory(programme=programme, leader=carol)
    GroupMembershipFactory(group=group, placement=placement)
    meeting = GroupMeetingFactory(group=group)
    call = CallFactory(programme=programme)
    application = ApplicationFactory(call=call, municipality=bergen)
    application.reviewers.add(users["leader"])
    attachment = ApplicationAttachment(
        application=application,
        name="budsjett.pdf",
        content_type=ApplicationAttachment.Kind.PDF,
        size=10,
    )
    attachment.file.save("budsjett.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    attachment.save()
    review = Review.objects.create(
        application=application,
        reviewer=users["leader"],
        recruitment_need=3,
        supervision_arrangement=3,
        list_solution=3,
        centre=3,
        substitute_solution=3,
        recommendation=Review._meta.get_field("recommendation").choices[0][0],
    )
    token, _raw = ApiToken.issue(users["alis"], "laptop")
    from placements.agreements.services import snapshot_of
    from placements.models import Agreement, AgreementVersion

    agreement = Agreement.objects.create(placement=placement)
    version = AgreementVersion.objects.create(
        agreement=agreement,
        number=1,
        reference=f"{placement.pk}-1",
        created_by=users["own_manager"],
        **snapshot_of(placement),
    )
    version.scan_name = "avtale.pdf"
    version.scan.save("avtale.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    version.save()
    from placements.plans import services as services_plans
    from placements.plans.models import LearningObjective, PlannedCourse, PlanPeriod

    plan = services_plans.create_plan(placement)
    period = PlanPeriod.objects.create(
        plan=plan,
        kind=PlanPeriod._meta.get_field("kind").choices[0][0],
        start=placement.start,
        end=placement.start + timedelta(days=30),
    )
    course = PlannedCourse.objects.create(plan=plan, name="Akuttmedisin", date=placement.start)
    objective = LearningObjective.objects.create(
        programme=programme, code="ALM-1", group="Allmennmedisin", text="Kunne ta imot."
    )
    progress = services_plans.progress_for(placement, objective)
    progress.save()
    from supervision.models import PortfolioJob

    # A finished portfolio, so its download answers in scope.
    portfolio = PortfolioJob(
        placement=placement,
        requested_by=users["alis"],
        language="nb",
        status=PortfolioJob.Status.DONE,
        progress=100,
        finished_at=timezone.now(),
    )
    portfolio.pdf.save("portefolje.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    portfolio.save()
    from supervision.models import Reflection, SessionMinutes

    minutes = SessionMinutes.objects.create(session=session, agreed="Avtalt")
    reflection = Reflection.objects.create(
        placement=placement, author=users["alis"], session=session, text="Delt", shared=True
    )
    from research.factories import (
        ConsentFactory,
        InterviewFactory,
        InterviewRoundFactory,
        StudyFactory,
    )

    study = StudyFactory(programme=programme)
    consent = ConsentFactory(study=study, doctor=placement.doctor, pdf_sha256="0" * 64)
    consent.signed_pdf.save("samtykke.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    interview_round = InterviewRoundFactory(study=study)
    interview = InterviewFactory(round=interview_round, municipality=bergen)
    from research.models import ExportLog, Question, SurveyWave

    wave = SurveyWave.objects.create(
        study=study,
        title="Bølge 1",
        opens_at=timezone.now() + timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=30),
    )
    question = Question.objects.create(wave=wave, text="Hvor mange ALIS har dere?")
    from research.models import SurveyInvitation

    survey_contact = SurveyInvitation.objects.create(
        wave=wave, municipality=bergen, email="kontakt@bergen.kommune.no"
    )
    # Funding
    from funding import services as funding_services
    from funding.factories import ExpenseFactory, GrantSchemeFactory
    from funding.models import StatementRun

    scheme = GrantSchemeFactory(programme=programme)
    expense = ExpenseFactory(placement=placement)
    [statement] = [
        s
        for s in funding_services.issue_statements(placement.start.year, by=users["leader"])
        if s.municipality_id == bergen.pk
    ]
    run = StatementRun.objects.create(
        programme=programme, year=placement.start.year, started_by=users["leader"]
    )
    from funding import credit_notes

    credit_note = credit_notes.credit(statement, by=users["leader"], reason="Feil i utgiftene")
    statement.refresh_from_db()
    from funding.models import NationalClaim

    claim = NationalClaim(
        programme=programme,
        scheme=scheme,
        municipality=bergen,
        year=placement.start.year - 1,  # the claim page for placement.start.year: none yet
        sequence=1,
        number="KRAV-TEST-0001",
        created_at=timezone.now(),
        total=0,
        status=NationalClaim.Status.SUBMITTED,
        submitted_at=timezone.now(),
        audit_uploaded_at=timezone.now(),
        audit_name="attest.pdf",
        audit_type="application/pdf",
    )
    claim.audit_file.save("attest.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    claim.save()
    invitation = Invitation(
        email="ny@bergen.kommune.no",
        name="Ny Lege",
        role=Role.ALIS,
        municipality=bergen,
        invited_by=users["own_manager"],
        expires_at=timezone.now() + timedelta(days=7),
    )
    raw_invitation = invitation.set_token()
    invitation.save()
    progress_review = ProgressReviewFactory(placement=placement, written_by=carol)
    post_evaluation = PostEvaluation.objects.create(
        placement=placement, year=today.year, supervision_quality=4, workload=3, centre=4
    )
    assessment = assessment_services.request_assessment(
        placement,
        "kasusdiskusjon",
        [{"name": "Kari Kollega", "email": "kari@example.no", "relation": "lege"}],
        by=users["alis"],
    )
    objects = {
        "progress_review": progress_review,
        "post_evaluation": post_evaluation,
        "assessment": assessment,
        "programme": programme,
        "centre": centre,
        "placement": placement,
        "session": session,
        "check": check,
        "group": group,
        "call": call,
        "application": application,
        "review": review,
        "token": token,
        "invitation": invitation,
        "doctor": placement.doctor,
        "assignment": assignment,
        "absence": absence,
        "recruitment_round": recruitment_round,
        "consent": consent,
        "interview_round": interview_round,
        "wave": wave,
        "person": carol,
        "survey_contact": survey_contact,
        "participant": ConsentFactory(
            study=study, doctor=None, name="Hanne Hjelp", category="hjelpepersonell"
        ),
        "export_log": ExportLog.objects.create(study=study, user=users["leader"], format="csv"),
        "objective": objective,
        "progress": progress,
        "minutes": minutes,
        "reflection": reflection,
        "study": study,
        "scheme": scheme,
        "expense": expense,
        "statement": statement,
        "run": run,
        "credit_note": credit_note,
        "claim": claim,
        "agreement": agreement,
    }
    kwargs = {
        "number": bergen.number,
        "token": raw_invitation,
        "feed": calendar.feed_token(users["alis"]),
        "fmt": "csv",
        "kind": "csv",
        "action": "recommend",
        "attachment_pk": attachment.pk,
        "format": "json",
        "year": placement.start.year,
        "period_pk": period.pk,
        "course_pk": course.pk,
        "objective_pk": objective.pk,
        "half_year": 1,
        "step": "aktivitet",
        "slug": programme.slug,
        "consent_pk": consent.pk,
        "round_pk": interview_round.pk,
        "interview_pk": interview.pk,
        "wave_pk": wave.pk,
        "absence_pk": absence.pk,
        "meeting_pk": meeting.pk,
        "question_pk": question.pk,
        "version_pk": version.pk,
        "slot": 1,
        "name": "km-kohort",
        # the admin's own keywords
        "app_label": "placements",
        "object_id": "1",
        "object_pk": "1",
        "id": "1",
        "user_id": "1",
        "group_id": "1",
        "content_type_id": "1",
        "url": "nowhere/",
        # allauth's e-mail confirmation and password reset links
        "key": "not-a-valid-key",
        "uidb36": "1",
    }
    return {"users": users, "objects": objects, "kwargs": kwargs}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once and rolled back at the end, like TestCase.setUpTestData."""
    media = tmp_path_factory.mktemp("media")
    storages = settings.STORAGES
    settings.STORAGES = {
        **storages,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media},
        },
    }
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield graph()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            settings.STORAGES = storages


def kind_of(route):
    """The kind of object a route's <pk> names (PK_BY_PREFIX), None if unknown."""
    prefix = max((p for p in PK_BY_PREFIX if route.plain_path.startswith(p)), key=len, default=None)
    return PK_BY_PREFIX.get(prefix)


def url_for(route, world):
    kwargs = {}
    for name in route.kwargs:
        if name in PK_KWARGS:
            kind = kind_of(route)
            if kind is None:
                pytest.fail(
                    f"tests/product/test_permission_matrix.py does not know what <{name}> is in "
                    f"{route.path!r}. Add the path's start to PK_BY_PREFIX (e.g. "
                    f"'{route.plain_path.split('<')[0].split('(')[0]}': 'plan') and create that "
                    "object, in the own municipality, in graph().",
                    pytrace=False,
                )
            kwargs[name] = world["objects"][kind].pk
        elif name in world["kwargs"]:
            kwargs[name] = world["kwargs"][name]
        else:
            pytest.fail(
                f"tests/product/test_permission_matrix.py has no value for <{name}> in "
                f"{route.path!r}: add one to the `kwargs` dict at the end of graph().",
                pytrace=False,
            )
    if route.name is None or "([^/]+)" in route.path:
        path = route.plain_path.replace("([^/]+)", "1")
        for name, value in kwargs.items():
            path = re.sub(rf"<(\w+:)?{name}>|\(\?P<{name}>[^)]*\)", str(value), path)
        return "/" + path
    return reverse(route.name, kwargs=kwargs)


LOGIN_URLS = ("/accounts/login/", "/admin/login/")


def outcome(response):
    code = response.status_code
    if code in (301, 302):
        return acc.LOGIN if response["Location"].startswith(LOGIN_URLS) else acc.REDIRECT
    return {
        200: acc.OK,
        201: acc.OK,
        204: acc.OK,
        401: acc.LOGIN,
        403: acc.FORBIDDEN,
        404: acc.NOT_FOUND,
        405: acc.NOT_ALLOWED,
    }.get(code, f"HTTP {code}")


def matches(expected, got, method):
    if expected == acc.ANY:
        return not got.startswith("HTTP 5")
    if expected == acc.OK and method == "POST":
        return got in (acc.OK, acc.REDIRECT, "HTTP 400")  # saved, or the empty form refused
    return expected == got


def answer(url, role, method, world):
    """One request as `role`, in a savepoint rolled back afterwards."""
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world["users"][role])
    with transaction.atomic():
        response = getattr(client, method.lower())(url)
        transaction.set_rollback(True)
    return outcome(response)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.id)
def test_matrix(route, world):
    rule = rule_for(route)
    url = url_for(route, world)
    if rule is None:
        now = ", ".join(f"{role}={answer(url, role, 'GET', world)}" for role in ROLES)
        pytest.fail(
            how_to_declare(route) + f"\nWhat it answers a GET with now (check it is right!): {now}",
            pytrace=False,
        )
    methods = [rule.method] + (["POST"] if rule.method == "GET" and rule.post is not None else [])
    # The admin knows only staff (the project leader) and everyone else.
    roles = ("anonymous", "alis", "leader") if route.path.startswith("admin/") else ROLES
    wrong = []
    for role in roles:
        for method in methods:
            expected = rule.expected(role, method)
            got = answer(url, role, method, world)
            if not matches(expected, got, method):
                wrong.append(f"  {method} as {role}: expected {expected}, got {got}")
    if wrong:
        pytest.fail(
            f"{url} ({route.name}) does not answer as declared:\n" + "\n".join(wrong),
            pytrace=False,
        )


def test_every_role_is_in_the_graph(world):
    assert set(world["users"]) == set(ROLES) - {"anonymous"}
