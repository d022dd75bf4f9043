"""The register over the API: scope as on the pages, rules as 400s naming the field."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from placements.models import Placement, SupervisorAssignment
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as():
    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return as_user


@pytest.fixture
def kari(programme, participating, bergen):
    return PlacementFactory(
        programme=programme,
        doctor__programme=programme,
        doctor__name="Kari Bergen",
        centre=MedicalCentreFactory(municipality=bergen),
        start=date(2024, 1, 1),
    )


@pytest.fixture
def per(programme, participating, stord):
    return PlacementFactory(
        programme=programme,
        doctor__programme=programme,
        doctor__name="Per Stord",
        centre=MedicalCentreFactory(municipality=stord),
        start=date(2024, 1, 1),
    )


def placement_payload(placement, **overrides):
    data = {
        "programme": placement.programme_id,
        "doctor": placement.doctor_id,
        "municipality": placement.municipality_id,
        "centre": placement.centre_id,
        "start": "2026-01-01",
    }
    data.update(overrides)
    return data


def test_overlapping_placement_is_a_400_naming_start(api_as, alice, kari):
    response = api_as(alice).post("/api/v1/placements/", placement_payload(kari), format="json")
    assert response.status_code == 400
    assert response.json() == {
        "start": ["Legen har allerede en utdanningsstilling i denne perioden."]
    }
    assert Placement.objects.count() == 1


def test_overlap_is_an_integrity_error_on_direct_orm_use(kari):
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.create(
            programme=kari.programme,
            doctor=kari.doctor,
            municipality=kari.municipality,
            centre=kari.centre,
            start=date(2026, 1, 1),
            planned_end=date(2031, 1, 1),
        )


def test_integrity_error_from_a_race_is_mapped_to_the_field(kari):
    from rest_framework.exceptions import ValidationError

    from alisvest.api import integrity_error_as_400
    from placements.register.api import CONSTRAINT_FIELDS

    try:
        with transaction.atomic():
            PlacementFactory(
                programme=kari.programme,
                doctor=kari.doctor,
                centre=kari.centre,
                start=date(2025, 1, 1),
            )
    except IntegrityError as error:
        with pytest.raises(ValidationError) as raised:
            integrity_error_as_400(error, CONSTRAINT_FIELDS)
    assert raised.value.detail == {
        "start": ["Legen har allerede en utdanningsstilling i denne perioden."]
    }


def test_new_placement_defaults_planned_end(api_as, alice, kari, bergen):
    doctor = DoctorFactory(programme=kari.programme, registered_by=bergen)
    response = api_as(alice).post(
        "/api/v1/placements/",
        placement_payload(kari, doctor=doctor.pk, start="2020-02-29"),
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["planned_end"] == "2025-02-28"


def test_manager_sees_only_own_municipality(api_as, alice, kari, per):
    client = api_as(alice)
    ids = [p["id"] for p in client.get("/api/v1/placements/").json()["results"]]
    assert ids == [kari.pk]
    assert client.get(f"/api/v1/placements/{per.pk}/").status_code == 404
    names = [d["name"] for d in client.get("/api/v1/doctors/").json()["results"]]
    assert names == ["Kari Bergen"]
    assert client.get(f"/api/v1/doctors/{per.doctor_id}/").status_code == 404


def test_manager_cannot_place_in_another_municipality(api_as, bob, kari):
    doctor = DoctorFactory(programme=kari.programme)
    response = api_as(bob).post(
        "/api/v1/placements/", placement_payload(kari, doctor=doctor.pk), format="json"
    )
    assert response.status_code in {400, 403}
    assert not Placement.objects.filter(doctor=doctor).exists()


def test_supervisor_sees_own_alis_only(api_as, carol, kari, per):
    SupervisorAssignmentFactory(placement=kari, supervisor=carol)
    client = api_as(carol)
    assert [p["id"] for p in client.get("/api/v1/placements/").json()["results"]] == [kari.pk]
    assignments = client.get("/api/v1/supervisor-assignments/").json()["results"]
    assert [a["placement"] for a in assignments] == [kari.pk]


def test_new_assignment_ends_the_current_one(api_as, alice, carol, kari):
    from alisvest.roles import Role
    from tests.conftest import person

    SupervisorAssignmentFactory(placement=kari, supervisor=carol, start=date(2024, 1, 1))
    dave = person("dave@bergen.kommune.no", "Dave Dahl", Role.SUPERVISOR)
    response = api_as(alice).post(
        "/api/v1/supervisor-assignments/",
        {"placement": kari.pk, "supervisor": dave.pk, "start": "2025-01-01", "same_centre": False},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["risks"] == ["Veilederen arbeider ikke på samme legesenter."]
    first = SupervisorAssignment.objects.get(supervisor=carol)
    assert first.end == date(2024, 12, 31)


def test_absence_shows_the_extension_prompt(api_as, alice, kari):
    response = api_as(alice).post(
        "/api/v1/absences/",
        {
            "placement": kari.pk,
            "kind": "foreldrepermisjon",
            "start": "2025-01-01",
            "end": "2025-03-01",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["extension_days"] == 60


def test_doctor_hpr_is_validated(api_as, liv, programme):
    client = api_as(liv)
    response = client.post(
        "/api/v1/doctors/",
        {"programme": programme.pk, "name": "Ola", "email": "o@e.no", "hpr_number": "12x4567"},
        format="json",
    )
    assert response.status_code == 400
    assert "hpr_number" in response.json()
    ok = {"programme": programme.pk, "name": "Ola", "email": "o@e.no", "hpr_number": "1234567"}
    assert client.post("/api/v1/doctors/", ok, format="json").status_code == 201
    again = client.post("/api/v1/doctors/", ok, format="json")
    assert again.status_code == 400
    assert again.json()["hpr_number"] == ["Det finnes allerede en lege med dette HPR-nummeret."]


def test_recruitment_round_for_own_municipality(api_as, bob, per):
    client = api_as(bob)
    data = {
        "programme": per.programme_id,
        "municipality": "4614",
        "label": "Våren 2025",
        "date": "2025-03-01",
        "applicants": 5,
        "hired": 1,
    }
    assert client.post("/api/v1/recruitment-rounds/", data, format="json").status_code == 201
    again = client.post("/api/v1/recruitment-rounds/", data, format="json")
    assert again.status_code == 400 and "label" in again.json()
    bergen = {**data, "municipality": "4601"}
    assert client.post("/api/v1/recruitment-rounds/", bergen, format="json").status_code == 400
