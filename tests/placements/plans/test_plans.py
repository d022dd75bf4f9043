"""Education plans: rule warnings, the template, the timeline on the placement page,
editing periods, and who sees which plan."""

import re
from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from alisvest.factories import UserFactory
from alisvest.roles import Role, grant_role
from placements.plans import services
from placements.plans.models import EducationPlan, PeriodKind, PlanPeriod
from placements.plans.rules import Period, plan_warnings
from placements.plans.services import add_months
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)

pytestmark = pytest.mark.django_db

START = date(2017, 9, 1)
OPEN = PeriodKind.OPEN_PRACTICE
OTHER = PeriodKind.OTHER_GP_WORK
INSTITUTION = PeriodKind.INSTITUTION
GROUP = PeriodKind.GROUP_SUPERVISION


def span(kind, first_month, months):
    """A period from START + first_month for `months` whole months."""
    return Period(
        kind,
        add_months(START, first_month),
        add_months(START, first_month + months) - timedelta(days=1),
    )


SOUND = [
    span(OPEN, 0, 24),
    span(GROUP, 0, 24),
    span(INSTITUTION, 24, 12),
    span(OPEN, 36, 24),
]


def codes(periods):
    return [w.code for w in plan_warnings(periods)]


# --- The rules, as pure functions ----------------------------------------------------------


def test_a_sound_five_year_plan_has_no_warnings():
    assert codes(SOUND) == []


def test_total_under_five_years_warns():
    short = [*SOUND[:3], span(OPEN, 36, 23)]
    assert codes(short) == ["total"]
    assert "4,9 år" in plan_warnings(short)[0].message


def test_open_practice_under_two_years_warns():
    periods = [
        span(OPEN, 0, 23),
        span(GROUP, 0, 24),
        span(OTHER, 23, 13),
        span(INSTITUTION, 36, 24),
    ]
    assert codes(periods) == ["open_practice"]


def test_exactly_two_years_of_open_practice_is_enough():
    periods = [span(OPEN, 0, 24), span(GROUP, 0, 24), span(INSTITUTION, 24, 36)]
    assert "open_practice" not in codes(periods)


def test_institutional_service_under_six_months_warns():
    periods = [span(OPEN, 0, 24), span(GROUP, 0, 24), span(INSTITUTION, 24, 5), span(OPEN, 29, 31)]
    assert codes(periods) == ["institution"]
    assert "5 måneder" in plan_warnings(periods)[0].message


def test_exactly_six_months_of_institutional_service_is_enough():
    periods = [span(OPEN, 0, 24), span(GROUP, 0, 24), span(INSTITUTION, 24, 6), span(OPEN, 30, 30)]
    assert codes(periods) == []


def test_group_supervision_outside_open_practice_warns():
    periods = [span(OPEN, 0, 24), span(INSTITUTION, 24, 12), span(OPEN, 36, 24)]
    periods.append(span(GROUP, 23, 13))  # one month in open practice, the rest in hospital
    assert codes(periods) == ["group_supervision"]


def test_missing_group_supervision_warns():
    assert codes(SOUND[:1] + SOUND[2:]) == ["group_supervision"]


def test_other_gp_work_over_two_and_a_half_years_warns():
    periods = [span(OPEN, 0, 24), span(GROUP, 0, 24), span(OTHER, 24, 31), span(INSTITUTION, 55, 6)]
    assert codes(periods) == ["other_gp_work"]


def test_overlapping_periods_of_one_kind_count_once():
    periods = [*SOUND, span(OPEN, 0, 24)]
    assert codes(periods) == []
    assert codes([span(OPEN, 0, 12), span(OPEN, 0, 12), span(GROUP, 0, 24)]) == [
        "total",
        "open_practice",
        "institution",
    ]


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(date(2017, 9, 1), 24) == date(2019, 9, 1)
    assert add_months(date(2019, 1, 31), 1) == date(2019, 2, 28)
    assert add_months(date(2019, 11, 15), 2) == date(2020, 1, 15)


# --- Plans in the database -----------------------------------------------------------------


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
        start=START,
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    return placement


@pytest.fixture
def other_placement(programme, bergen_centre):
    other = UserFactory(email="eva@example.no", name="Eva Alis")
    grant_role(other, Role.ALIS)
    return PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Eva Alis", user=other),
        centre=bergen_centre,
    )


def test_a_plan_from_the_default_template_keeps_the_rules(placement):
    plan = services.create_plan(placement)
    periods = list(plan.periods.all())
    assert [p.kind for p in periods] == [OPEN, GROUP, INSTITUTION, OPEN]
    assert periods[0].start == START and periods[-1].end == date(2022, 8, 31)
    assert plan_warnings(periods) == []
    assert plan.courses.count() == 5
    assert services.create_plan(placement) == plan  # an existing plan is kept


def test_a_plan_follows_the_programmes_edited_template(placement):
    template = services.template_for(placement.programme)
    template.periods.filter(kind=INSTITUTION).update(months=3)
    plan = services.create_plan(placement)
    assert codes(plan.periods.all()) == ["total", "institution"]


def test_the_database_refuses_a_period_ending_before_it_starts(placement):
    plan = services.create_plan(placement)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanPeriod.objects.create(plan=plan, kind=OPEN, start=START, end=START - timedelta(days=1))


def test_the_database_refuses_institutional_service_without_an_institution(placement):
    plan = services.create_plan(placement)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanPeriod.objects.create(plan=plan, kind=INSTITUTION, start=START, end=START)


# --- Pages ---------------------------------------------------------------------------------


def test_the_placement_page_draws_the_timeline_with_warnings(client_for, alice, placement):
    plan = services.create_plan(placement)
    plan.periods.filter(kind=INSTITUTION).delete()
    response = client_for(alice).get(reverse("placements:placement_detail", args=[placement.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="plan-timeline"' in html
    assert html.count('class="tl-open"') == 2
    assert html.count('class="tl-course"') == 5
    assert ">2018<" in html and ">2022<" in html  # year ticks
    assert 'data-rule="institution"' in html
    assert 'style="' not in html  # CSP: colours come from classes
    # Coordinates are not localised: "12,5" would break the drawing in Norwegian.
    numbers = re.findall(r' (?:x|y|width|height|cx|cy|x1|x2|y1|y2)="([^"]*)"', html)
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d+)?", n) for n in numbers)


def test_without_a_plan_the_manager_makes_one_from_the_template(client_for, alice, placement):
    client = client_for(alice)
    page = client.get(reverse("placements:placement_detail", args=[placement.pk]))
    assert "Lag plan fra programmets planmal" in page.content.decode()
    response = client.post(reverse("placements:plan_create", args=[placement.pk]))
    assert response.status_code == 302
    assert EducationPlan.objects.get(placement=placement).periods.count() == 4


def test_the_period_form_explains_end_before_start(client_for, dan, placement):
    services.create_plan(placement)
    response = client_for(dan).post(
        reverse("placements:period_create", args=[placement.pk]),
        {"kind": INSTITUTION, "start": "2020-01-01", "end": "2019-12-01", "institution": ""},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["end"] == ["«Til» kan ikke være før «fra»."]
    assert "institution" in form.errors
    assert response.context["form"]["start"].value() == "2020-01-01"  # nothing typed is lost


def test_the_alis_adds_a_hospital_period(client_for, dan, placement):
    plan = services.create_plan(placement)
    response = client_for(dan).post(
        reverse("placements:period_create", args=[placement.pk]),
        {
            "kind": INSTITUTION,
            "start": "2022-09-01",
            "end": "2023-02-28",
            "institution": "Haukeland universitetssjukehus",
        },
    )
    assert response.status_code == 302
    assert plan.periods.filter(institution="Haukeland universitetssjukehus").exists()


def test_the_supervisor_reads_the_plan_but_cannot_edit_it(client_for, carol, placement):
    plan = services.create_plan(placement)
    period = plan.periods.first()
    client = client_for(carol)
    assert client.get(reverse("placements:plan_edit", args=[placement.pk])).status_code == 200
    url = reverse("placements:period_delete", args=[placement.pk, period.pk])
    assert client.post(url).status_code == 403
    assert plan.periods.filter(pk=period.pk).exists()


def test_an_alis_sees_only_their_own_plan(client_for, dan, placement, other_placement):
    services.create_plan(placement)
    services.create_plan(other_placement)
    client = client_for(dan)
    for name in ("plan_edit", "placement_objectives", "placement_detail"):
        theirs = reverse(f"placements:{name}", args=[other_placement.pk])
        assert client.get(theirs).status_code == 404
        assert client.get(reverse(f"placements:{name}", args=[placement.pk])).status_code == 200
    other_period = other_placement.education_plan.periods.first()
    response = client.post(
        reverse("placements:period_delete", args=[other_placement.pk, other_period.pk])
    )
    assert response.status_code == 404
    mine = client.get(reverse("placements:my_plan"))
    assert mine.context["placement"] == placement
    assert 'data-testid="plan-timeline"' in mine.content.decode()


def test_my_plan_without_a_placement_says_so(client_for, dan):
    response = client_for(dan).get(reverse("placements:my_plan"))
    assert response.status_code == 200
    assert "ikke knyttet til en utdanningsstilling" in response.content.decode()


def test_the_nav_shows_min_plan_to_alis_only(client_for, dan, alice):
    url = reverse("placements:my_plan")
    assert url in client_for(dan).get(reverse("dashboard")).content.decode()
    assert url not in client_for(alice).get(reverse("dashboard")).content.decode()


def test_a_project_leader_edits_the_template(client_for, liv_mfa, programme, alice):
    url = reverse("placements:plan_template", args=[programme.slug])
    assert client_for(alice).get(url).status_code == 404  # a manager does not see programmes
    client = client_for(liv_mfa)
    page = client.get(url)
    assert page.status_code == 200
    periods, courses = page.context["periods"], page.context["courses"]
    data = {}
    for formset in (periods, courses):
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for index, form in enumerate(formset.forms):
            for name in form.fields:
                value = form.instance.pk if name == "id" else form[name].value()
                data[f"{formset.prefix}-{index}-{name}"] = "" if value is None else value
    data["perioder-2-months"] = "6"
    data["kurs-0-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["periods"].errors
    template = programme.plan_template
    assert template.periods.get(kind=INSTITUTION).months == 6
    assert template.courses.count() == 4


def test_a_steering_group_member_cannot_edit_the_template(client_for, stein, programme):
    response = client_for(stein).get(reverse("placements:plan_template", args=[programme.slug]))
    assert response.status_code == 403


def test_an_ended_placement_marks_the_end_on_the_timeline(client_for, alice, placement):
    services.create_plan(placement)
    placement.actual_end = date(2018, 6, 30)
    placement.end_reason = placement.EndReason.FAMILY
    placement.save()
    response = client_for(alice).get(reverse("placements:placement_detail", args=[placement.pk]))
    html = response.content.decode()
    assert 'class="tl-ended"' in html
    assert "Sluttet 30.06.2018" in html


def test_period_pages_need_a_plan_made_on_purpose(client_for, alice, placement):
    url = reverse("placements:period_create", args=[placement.pk])
    assert client_for(alice).get(url).status_code == 404
    assert not EducationPlan.objects.filter(placement=placement).exists()
