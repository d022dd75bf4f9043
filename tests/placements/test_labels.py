"""Pages and exports of placements speak in labels: no raw codes (equipment keys, status
codes), no English column headers, never "Registrert av None", and each municipality once in
the register's filter."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from alisvest.factories import UserFactory
from alisvest.roles import Role, grant_role
from placements.applications import services
from placements.applications.factories import ApplicationFactory, CallFactory
from placements.plans.catalogue import import_objectives, parse_objectives
from placements.plans.models import LearningObjective, ObjectiveProgress
from placements.register.factories import DoctorFactory, PlacementFactory
from tests.placements.plans.test_objectives import SAMPLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(programme, bergen, bergen_centre):
    call = CallFactory(programme=programme, target_counties=["Vestland"])
    application = ApplicationFactory(
        call=call,
        municipality=bergen,
        complete=True,
        centre=bergen_centre,
        equipment=["spirometri", "smakirurgi"],
        list_solution="fellesliste",
    )
    services.submit(application)
    return application


def test_application_page_shows_equipment_labels(client_for, alice, submitted):
    url = reverse("placements:application_detail", args=[submitted.pk])
    html = client_for(alice).get(url).content.decode()
    assert "Spirometri, Småkirurgi" in html
    assert "smakirurgi" not in html


def test_application_export_has_norwegian_headers_and_labels(client_for, liv_mfa, submitted):
    url = reverse("placements:call_export", args=[submitted.call_id, "csv"])
    text = client_for(liv_mfa).get(url).content.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text), delimiter=";"))[:2]
    assert header[:5] == ["Kommunenummer", "Kommune", "Status", "Sendt inn", "Stillinger søkt"]
    assert row[5] == "Fellesliste"


def test_objective_without_the_person_who_logged_it_never_says_none(
    client_for, programme, bergen_centre, alice
):
    dan = UserFactory(email="dan@example.no", name="Dan Dale")
    grant_role(dan, Role.ALIS)
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, user=dan), centre=bergen_centre
    )
    import_objectives(programme, parse_objectives(SAMPLE.read_bytes()))
    ObjectiveProgress.objects.create(
        placement=placement,
        objective=LearningObjective.objects.get(code="EKS-ALM-02"),
        status=ObjectiveProgress.Status.LOGGED,
        activity_note="Fra gammelt system",
        logged_at=timezone.make_aware(timezone.datetime(2025, 2, 1, 12)),
    )
    url = reverse("placements:placement_objectives", args=[placement.pk])
    html = client_for(dan).get(url).content.decode()
    assert "Registrert 01.02.2025" in html
    assert "None" not in html


def test_renumbered_municipality_is_listed_once_and_filters_its_history(
    client_for, liv_mfa, programme, participating, register, bergen, bergen_centre
):
    old_bergen = register.get(number="1201")
    early = PlacementFactory(
        programme=programme,
        doctor__programme=programme,
        centre=bergen_centre,
        municipality=old_bergen,
        start=date(2017, 9, 1),
    )
    late = PlacementFactory(
        programme=programme,
        doctor__programme=programme,
        centre=bergen_centre,
        start=date(2023, 9, 1),
    )
    client = client_for(liv_mfa)
    response = client.get(reverse("placements:placement_list"))
    assert list(response.context["municipalities"]) == [("4601", "Bergen")]
    response = client.get(reverse("placements:placement_list"), {"kommune": "4601"})
    assert {p.pk for p in response.context["placements"]} == {early.pk, late.pk}
