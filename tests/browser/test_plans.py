"""The education-plan timeline on the placement page, editing a period on a phone, and the
ALIS logging activity on a learning objective (htmx swaps the row)."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alisvest.factories import UserFactory
from alisvest.roles import Role, grant_role
from placements.plans.catalogue import import_objectives, parse_objectives
from placements.plans.models import ObjectiveProgress, PlanPeriod
from placements.plans.services import add_months
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

# Two years ago, so today falls inside the five-year plan.
START = add_months(timezone.localdate().replace(day=1), -24)
SAMPLE = Path(__file__).resolve().parents[2] / "placements/data/laeringsmal-eksempel.csv"


def test_manager_makes_a_plan_sees_the_timeline_and_the_alis_logs_an_objective(
    page, programme, bergen_centre, alice, carol
):
    dan = UserFactory(email="dan@example.no", name="Dan Dale")
    grant_role(dan, Role.ALIS)
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Dan Dale", user=dan),
        centre=bergen_centre,
        start=START,
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    import_objectives(programme, parse_objectives(SAMPLE.read_bytes()))

    login(page, alice.email)
    page.goto(f"/stillinger/{placement.pk}/")
    page.get_by_role("button", name="Lag plan fra programmets planmal").click()
    page.wait_for_url(f"**/stillinger/{placement.pk}/plan/")
    page.goto(f"/stillinger/{placement.pk}/")
    timeline = page.get_by_test_id("plan-timeline")
    expect(timeline).to_be_visible()
    box = timeline.bounding_box()
    assert box["width"] > 500 and box["height"] > 100
    assert page.locator(".tl-open rect").count() == 2
    assert page.locator(".tl-today line").count() == 1
    expect(page.get_by_text("Planen oppfyller reglene")).to_be_visible()

    # On a phone, the ALIS shortens the hospital period and sees the warning.
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, dan.email)
    page.get_by_role("link", name="Min plan").click()
    expect(page.get_by_test_id("plan-timeline")).to_be_visible()
    page.get_by_role("link", name="Endre plan").click()
    hospital = PlanPeriod.objects.get(kind=PlanPeriod.Kind.INSTITUTION)
    page.locator(f'a[href$="/perioder/{hospital.pk}/"]').click()
    short = add_months(hospital.start, 3) - timedelta(days=1)
    page.get_by_label("Til").fill(short.isoformat())
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url(f"**/stillinger/{placement.pk}/plan/")
    expect(page.get_by_text("det kreves minst 6 måneder")).to_be_visible()

    page.get_by_role("link", name="Læringsmål").first.click()
    row = page.locator("tr", has_text="EKS-ALM-06")
    row.get_by_label("Aktivitet").fill("Legevakt med bakvakt")
    row.get_by_role("button", name="Registrer aktivitet").click()
    expect(row.get_by_text("Aktivitet registrert", exact=True)).to_be_visible()
    progress = ObjectiveProgress.objects.get(objective__code="EKS-ALM-06")
    assert (progress.status, progress.logged_by) == (ObjectiveProgress.Status.LOGGED, dan)
