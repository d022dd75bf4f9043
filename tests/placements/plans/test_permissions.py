"""Who reaches which education-plan and learning-objective page, for the people the generated
matrix does not have: 404 outside scope, 403 in scope but read-only."""

from datetime import date

import pytest
from django.urls import reverse

from alisvest.factories import UserFactory
from alisvest.roles import Role, grant_role
from placements.plans import services
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)

pytestmark = pytest.mark.django_db

# The generated matrix (tests/product/test_permission_matrix.py) checks every role of
# alisvest.access.ROLES against the @access declarations in placements/plans/views.py. Two
# people it does not have are checked here: Eva, an ALIS who is not the placement's, and
# Carol, the placement's own supervisor. Dan is the ALIS of the placement.
BY_PROGRAMME = {"plan_template", "objective_catalogue", "objective_import"}


@pytest.fixture
def world(participating, programme, bergen_centre, carol, alice, bob, liv_mfa, stein, erin_mfa):
    dan = UserFactory(email="dan@example.no", name="Dan Dale")
    eva = UserFactory(email="eva@example.no", name="Eva Alis")
    for user in (dan, eva):
        grant_role(user, Role.ALIS)
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, user=dan),
        centre=bergen_centre,
        start=date(2024, 9, 1),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    services.create_plan(placement)
    people = {
        "anonymous": None,
        "dan": dan,
        "eva": eva,
        "carol": carol,
        "alice": alice,
        "bob": bob,
        "liv": liv_mfa,
        "stein": stein,
        "erin": erin_mfa,
    }
    return placement, people


def statuses(client, user, placement, programme):
    client.force_login(user)
    got = {}
    for name in ("plan_edit", "period_create", "course_create", "placement_objectives"):
        got[name] = client.get(reverse(f"placements:{name}", args=[placement.pk])).status_code
    got["my_plan"] = client.get(reverse("placements:my_plan")).status_code
    for name in sorted(BY_PROGRAMME):
        got[name] = client.get(reverse(f"placements:{name}", args=[programme.slug])).status_code
    return got


def test_another_alis_has_only_her_own_plan_page(client, world, programme):
    placement, people = world
    assert statuses(client, people["eva"], placement, programme) == {
        "plan_edit": 404,
        "period_create": 404,
        "course_create": 404,
        "placement_objectives": 404,
        "my_plan": 200,
        "plan_template": 404,
        "objective_catalogue": 404,
        "objective_import": 404,
    }


def test_the_supervisor_reads_the_plan_but_adds_no_periods_or_courses(client, world, programme):
    placement, people = world
    assert statuses(client, people["carol"], placement, programme) == {
        "plan_edit": 200,
        "period_create": 403,
        "course_create": 403,
        "placement_objectives": 200,
        "my_plan": 200,
        "plan_template": 404,
        "objective_catalogue": 404,
        "objective_import": 404,
    }


def test_steps_are_posts_only(client_for, world):
    placement, people = world
    objective_url = reverse("placements:objective_step", args=[placement.pk, 1, "signer"])
    assert client_for(people["carol"]).get(objective_url).status_code == 405
    create_url = reverse("placements:plan_create", args=[placement.pk])
    assert client_for(people["alice"]).get(create_url).status_code == 405
