"""A placement's doctor cannot be changed silently once the placement has supervision
sessions or expenses: the form and the API refuse, and an explicit transfer with a reason is
recorded in the history."""

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from funding.factories import ExpenseFactory
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import DoctorFactory, PlacementFactory
from supervision.factories import SupervisionSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kari(programme, participating, bergen):
    return PlacementFactory(
        programme=programme,
        doctor__programme=programme,
        doctor__name="Kari Aktiv",
        centre=MedicalCentreFactory(municipality=bergen, doctor_count=4),
        start=date(2017, 9, 1),
        planned_end=date(2022, 9, 1),
    )


@pytest.fixture
def ola(programme, bergen):
    return DoctorFactory(programme=programme, name="Ola Annen", registered_by=bergen)


def edit_data(placement, **overrides):
    data = {
        "programme": placement.programme_id,
        "doctor": placement.doctor_id,
        "municipality": placement.municipality_id,
        "centre": placement.centre_id,
        "contract_type": placement.contract_type,
        "position_percent": placement.position_percent,
        "list_length": placement.list_length,
        "other_work_percent": placement.other_work_percent,
        "start": placement.start.isoformat(),
        "planned_end": placement.planned_end.isoformat(),
    }
    data.update(overrides)
    return data


def test_doctor_of_a_placement_without_records_can_still_be_corrected(
    client_for, liv_mfa, kari, ola
):
    url = reverse("placements:placement_edit", args=[kari.pk])
    response = client_for(liv_mfa).post(url, edit_data(kari, doctor=ola.pk))
    assert response.status_code == 302
    kari.refresh_from_db()
    assert kari.doctor == ola


def test_form_refuses_to_change_the_doctor_of_a_placement_with_sessions(
    client_for, alice, kari, ola
):
    SupervisionSessionFactory(placement=kari)
    ExpenseFactory(placement=kari)
    url = reverse("placements:placement_edit", args=[kari.pk])
    response = client_for(alice).post(url, edit_data(kari, doctor=ola.pk))
    assert response.status_code == 200
    errors = response.context["form"].errors["doctor"]
    assert "1 veiledningsøkter, 1 utgifter" in errors[0]
    assert "Overfør til annen lege" in errors[0]
    kari.refresh_from_db()
    assert kari.doctor.name == "Kari Aktiv"


def test_api_refuses_to_change_the_doctor_of_a_placement_with_expenses(liv_mfa, kari, ola):
    ExpenseFactory(placement=kari)
    api = APIClient()
    api.force_authenticate(liv_mfa)
    response = api.patch(f"/api/v1/placements/{kari.pk}/", {"doctor": ola.pk}, format="json")
    assert response.status_code == 400
    assert "Overfør til annen lege" in str(response.json()["doctor"])
    kari.refresh_from_db()
    assert kari.doctor.name == "Kari Aktiv"


def test_transfer_moves_the_placement_and_records_the_reason(client_for, alice, kari, ola):
    session = SupervisionSessionFactory(placement=kari)
    client = client_for(alice)
    url = reverse("placements:placement_transfer", args=[kari.pk])
    page = client.get(url).content.decode()
    assert "1 veiledningsøkter" in page
    response = client.post(url, {"doctor": ola.pk, "reason": "Registrert på feil lege"})
    assert response.status_code == 302
    kari.refresh_from_db()
    session.refresh_from_db()
    assert kari.doctor == ola and session.placement == kari
    latest = kari.history.latest()
    assert latest.history_change_reason == (
        "Overført fra Kari Aktiv til Ola Annen: Registrert på feil lege"
    )
    assert latest.history_user == alice
    detail = client.get(reverse("placements:placement_detail", args=[kari.pk])).content.decode()
    assert "Overført fra Kari Aktiv til Ola Annen" in detail


def test_transfer_needs_a_reason(client_for, alice, kari, ola):
    url = reverse("placements:placement_transfer", args=[kari.pk])
    response = client_for(alice).post(url, {"doctor": ola.pk, "reason": " "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    kari.refresh_from_db()
    assert kari.doctor.name == "Kari Aktiv"


def test_transfer_refuses_a_doctor_already_placed_in_the_period(
    client_for, alice, kari, ola, bergen
):
    PlacementFactory(
        doctor=ola,
        programme=kari.programme,
        centre=kari.centre,
        start=date(2018, 1, 1),
        planned_end=date(2019, 1, 1),
    )
    url = reverse("placements:placement_transfer", args=[kari.pk])
    response = client_for(alice).post(url, {"doctor": ola.pk, "reason": "Feil lege"})
    assert response.status_code == 200
    assert "Legen har allerede en utdanningsstilling" in str(response.context["form"].errors)


def test_other_manager_cannot_transfer(client_for, bob, kari, ola):
    url = reverse("placements:placement_transfer", args=[kari.pk])
    assert client_for(bob).post(url, {"doctor": ola.pk, "reason": "Feil lege"}).status_code == 404
