"""Who reaches which education-plan and learning-objective page: URL × person. 404 outside
scope, 403 in scope but read-only, 302 to the login page for anonymous visitors."""

from datetime import date

import pytest
from django.urls import reverse

from alisvest.factories import UserFactory
from alisvest.roles import Role, grant_role
from placements.factories import DoctorFactory, PlacementFactory, SupervisorAssignmentFactory
from placements.plans import services

pytestmark = pytest.mark.django_db

PEOPLE = ["anonymous", "dan", "eva", "carol", "alice", "bob", "liv", "stein", "erin"]

# URL name → expected status per person, in PEOPLE's order. Dan is the ALIS of the
# placement, Eva another ALIS, Carol his supervisor, Alice Bergen's manager, Bob Stord's.
MATRIX = {
    "plan_edit": [302, 200, 404, 200, 200, 404, 200, 200, 404],
    "period_create": [302, 200, 404, 403, 200, 404, 200, 403, 404],
    "course_create": [302, 200, 404, 403, 200, 404, 200, 403, 404],
    "placement_objectives": [302, 200, 404, 200, 200, 404, 200, 200, 404],
    "my_plan": [302, 200, 200, 200, 200, 200, 200, 200, 200],
    "plan_template": [302, 404, 404, 404, 404, 404, 200, 403, 403],
    "objective_catalogue": [302, 404, 404, 404, 404, 404, 200, 200, 200],
    "objective_import": [302, 404, 404, 404, 404, 404, 200, 403, 403],
}
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


@pytest.mark.parametrize("name", MATRIX)
def test_permission_matrix(client, world, name, programme):
    placement, people = world
    if name == "my_plan":
        url = reverse("placements:my_plan")
    elif name in BY_PROGRAMME:
        url = reverse(f"placements:{name}", args=[programme.slug])
    else:
        url = reverse(f"placements:{name}", args=[placement.pk])
    got = []
    for person in PEOPLE:
        client.logout()
        if people[person] is not None:
            client.force_login(people[person])
        got.append(client.get(url).status_code)
    assert dict(zip(PEOPLE, got, strict=True)) == dict(zip(PEOPLE, MATRIX[name], strict=True))


def test_steps_are_posts_only(client_for, world):
    placement, people = world
    objective_url = reverse("placements:objective_step", args=[placement.pk, 1, "signer"])
    assert client_for(people["carol"]).get(objective_url).status_code == 405
    create_url = reverse("placements:plan_create", args=[placement.pk])
    assert client_for(people["alice"]).get(create_url).status_code == 405
