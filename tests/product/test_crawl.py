"""Every GET URL pattern, as each demo user (`manage.py seed_demo`), filled with ids of real
objects: one the user may see and one they may not. Nothing may answer a server error, and
the object outside the user's scope must answer 404: not 403 (which says it exists), not
200. The routes and the way their URLs are filled come from test_permission_matrix.py; what
a user may see comes from each model's own `for_user()`, the same queryset the views use.

One object per pattern and side keeps it within `make test`'s time."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from alisvest.models import User
from alisvest.roles import Access, access_of
from funding.models import StatementRun
from placements.programmes.selectors import programmes_of
from research.erasure import scope as erasure_scope
from tests.conftest import with_totp
from tests.product.test_permission_matrix import PK_KWARGS, ROUTES, kind_of, rule_for, url_for

pytestmark = pytest.mark.django_db

DEMO = "@demo.alisvest.no"
# The regional office's demo user (demo/offices.py) joins when seed_demo seeds it.
PEOPLE = ["leder", "styring", "alice", "bob", "carol", "dan", "erin", "kontor"]

MODELS = {
    "programme": "placements.Programme",
    "municipality": "placements.Municipality",
    "centre": "placements.MedicalCentre",
    "doctor": "placements.Doctor",
    "placement": "placements.Placement",
    "assignment": "placements.SupervisorAssignment",
    "absence": "placements.Absence",
    "recruitment_round": "placements.RecruitmentRound",
    "call": "placements.Call",
    "application": "placements.Application",
    "review": "placements.Review",
    "objective": "placements.LearningObjective",
    "progress": "placements.ObjectiveProgress",
    "session": "supervision.SupervisionSession",
    "check": "supervision.MonthlyCheck",
    "minutes": "supervision.SessionMinutes",
    "reflection": "supervision.Reflection",
    "group": "supervision.SupervisionGroup",
    "progress_review": "supervision.ProgressReview",
    "post_evaluation": "supervision.PostEvaluation",
    "assessment": "supervision.Assessment",
    "study": "research.Study",
    "consent": "research.Consent",
    "interview_round": "research.InterviewRound",
    "wave": "research.SurveyWave",
    "export_log": "research.ExportLog",
    "scheme": "funding.GrantScheme",
    "expense": "funding.Expense",
    "statement": "funding.GrantStatement",
    "run": "funding.StatementRun",
    "credit_note": "funding.CreditNote",
    "token": "alisvest.ApiToken",
    "person": "alisvest.User",
    "survey_contact": "research.SurveyInvitation",
    "participant": "research.Consent",
    "claim": "funding.NationalClaim",
    "agreement": "placements.Agreement",
    "taking_part": "placements.Programme",
}

# Models without a for_user() of their own: who may see them, as their views decide.
SCOPES = {
    "run": lambda user: StatementRun.objects.filter(programme__in=access_of(user).led_programmes),
    "taking_part": programmes_of,
    "person": lambda user: erasure_scope.people_for_user(user).filter(is_active=True),
    "survey_contact": erasure_scope.survey_contacts_for_user,
    "participant": erasure_scope.participants_for_user,
}

# The programme's own pages are seen by everyone who takes part in it (its staff and
# researchers, managers of a participating municipality, the supervisors, ALIS and office of
# its placements): placements.programmes.selectors.programmes_of, wider by design than
# Programme.objects.for_user(), which is the staff's scope over the programme's records.
PROGRAMME_PAGES = {"programme_detail", "programme_edit", "programme_switch"}

# A second keyword naming a child of the route's object: its model and the path to the parent.
CHILDREN = {
    "absence_pk": ("placements.Absence", "placement"),
    "period_pk": ("placements.PlanPeriod", "plan__placement"),
    "course_pk": ("placements.PlannedCourse", "plan__placement"),
    "attachment_pk": ("placements.ApplicationAttachment", "application"),
    "version_pk": ("placements.AgreementVersion", "agreement__placement"),
    "meeting_pk": ("supervision.GroupMeeting", "group"),
    "consent_pk": ("research.Consent", "study"),
    "round_pk": ("research.InterviewRound", "study"),
    "interview_pk": ("research.Interview", "round__study"),
    "wave_pk": ("research.SurveyWave", "study"),
    "question_pk": ("research.Question", "wave__study"),
}

# Keywords that name no object in the database.
FIXED = {
    "fmt": "csv",
    "kind": "csv",
    "format": "json",
    "name": "km-kohort",
    "action": "recommend",
    "step": "aktivitet",
    "token": "ikke-en-gyldig-lenke",
    "feed": "1-ikke-en-gyldig-kalender",
    "objective_pk": 0,
    "half_year": 1,
    "slug": "alis-vest",  # the demo programme, where a route names one beside its object
    "number": "4601",
    "slot": 1,  # an application's first post
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """seed_demo once for the module, rolled back when it ends."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        for user in User.objects.filter(email__endswith=DEMO):
            if not user.authenticator_set.exists():
                with_totp(user)  # roles that must have a second factor see nothing without one
        yield
        transaction.set_rollback(True)


def crawled_routes():
    for route in ROUTES:
        if route.path.startswith("admin/") or (route.name or "").startswith(("account_", "mfa_")):
            continue  # Django's and allauth's own views: the permission matrix covers them
        if "format" in route.kwargs and route.name != "api-root" or route.name == "schema":
            continue  # the same view as the route without the suffix; the schema is no data
        rule = rule_for(route)
        if rule is not None and rule.method == "GET":
            yield route


def object_kind(route):
    if PK_KWARGS & set(route.kwargs):
        return kind_of(route)
    if "number" in route.kwargs:
        return "municipality"
    if "slug" in route.kwargs:
        return "taking_part" if route.name.split(":")[-1] in PROGRAMME_PAGES else "programme"
    return None


def model_of(kind):
    if kind not in MODELS:
        pytest.fail(
            f"tests/product/test_crawl.py does not know the model of {kind!r} objects: add it "
            "to MODELS (and, if the model has no for_user(), its scope to SCOPES).",
            pytrace=False,
        )
    return apps.get_model(MODELS[kind])


def scoped(kind, user):
    model = model_of(kind)
    if kind in SCOPES:
        return SCOPES[kind](user)
    return model.objects.for_user(user)


def sample(kind, user, inside):
    """One object of `kind` inside (or outside) the user's scope, or None if there is none."""
    model = model_of(kind)
    mine = scoped(kind, user)
    objects = mine if inside else model.objects.exclude(pk__in=mine.values("pk"))
    return objects.order_by("pk").first()


def attribute_path(obj, path):
    for name in path.split("__"):
        obj = getattr(obj, name)
    return obj


def sample_with_child(route, kind, user, inside):
    """The route's object and its child keyword, a real child of that object when one exists
    (so a child page is crawled, not only its 404)."""
    child_kwargs = [name for name in route.kwargs if name in CHILDREN]
    kwargs = dict.fromkeys(child_kwargs, 0)
    if not child_kwargs:
        return sample(kind, user, inside), kwargs
    model_name, path = CHILDREN[child_kwargs[0]]
    model = model_of(kind)
    mine = scoped(kind, user).values("pk")
    parents = model.objects.filter(pk__in=mine) if inside else model.objects.exclude(pk__in=mine)
    child = apps.get_model(model_name).objects.filter(**{f"{path}__in": parents}).first()
    if child is None:
        return sample(kind, user, inside), kwargs
    kwargs[child_kwargs[0]] = child.pk
    return attribute_path(child, path), kwargs


def fill(route, kind, obj, kwargs):
    kwargs = {**FIXED, "year": timezone.localdate().year, **kwargs}
    if kind == "municipality":
        kwargs["number"] = obj.number
    elif kind in {"programme", "taking_part"} and "slug" in route.kwargs:
        kwargs["slug"] = obj.slug
    return url_for(route, {"objects": {kind: obj} if kind else {}, "kwargs": kwargs})


def get(client, url):
    with transaction.atomic():
        response = client.get(url)
        transaction.set_rollback(True)
    return response.status_code


def visits(user):
    """(route, url, inside) for every crawled route: inside is None for routes naming no
    object, else whether the object is in the user's scope."""
    for route in crawled_routes():
        kind = object_kind(route)
        if kind is None:
            yield route, fill(route, None, None, {}), None
            continue
        for inside in (True, False):
            obj, kwargs = sample_with_child(route, kind, user, inside)
            if obj is not None:
                yield route, fill(route, kind, obj, kwargs), inside


@pytest.mark.parametrize("person", PEOPLE)
def test_every_page_as_every_demo_user(demo, db, person):
    user = User.objects.get(email=f"{person}{DEMO}")
    user.access = Access.of(user)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    wrong, crawled = [], 0
    for route, url, inside in visits(user):
        status = get(client, url)
        crawled += 1
        if status >= 500:
            wrong.append(f"  {url} ({route.name}): {status}")
        elif inside is False and status != 404:
            wrong.append(f"  {url} ({route.name}), outside {person}'s scope: {status}, not 404")
    assert crawled > 100, f"only {crawled} pages crawled: did seed_demo change?"
    assert not wrong, f"{person} ({len(wrong)} of {crawled} pages):\n" + "\n".join(wrong)


def test_the_demo_data_has_objects_outside_every_scope(demo, db):
    """Without them the 404 half of the crawl would test nothing."""
    leader = User.objects.get(email=f"leder{DEMO}")
    for kind in ("programme", "scheme"):
        assert sample(kind, leader, inside=False) is not None, kind
    alice = User.objects.get(email=f"alice{DEMO}")
    for kind in ("placement", "doctor", "session", "expense", "statement", "centre"):
        assert sample(kind, alice, inside=False) is not None, kind
