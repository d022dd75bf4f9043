"""Plausibility limits where numbers are typed in placements: outside the allowed range is
refused with a message naming the field and the range (form, API and database); unusual but
possible asks for confirmation once."""

import pytest
from django.db import IntegrityError
from django.urls import reverse
from rest_framework.test import APIClient

from placements.applications.factories import ApplicationFactory, CallFactory
from placements.models import Application, Placement
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import DoctorFactory, PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nina(programme, bergen):
    return DoctorFactory(programme=programme, name="Nina Ny", registered_by=bergen)


@pytest.fixture
def centre(bergen):
    return MedicalCentreFactory(municipality=bergen)


def placement_data(doctor, centre, **overrides):
    data = {
        "programme": doctor.programme_id,
        "doctor": doctor.pk,
        "municipality": centre.municipality_id,
        "centre": centre.pk,
        "contract_type": "fastlonn",
        "position_percent": "100",
        "list_length": "750",
        "other_work_percent": "0",
        "start": "2026-01-01",
    }
    data.update(overrides)
    return data


def post_placement(client, **overrides):
    return client.post(reverse("placements:placement_create"), overrides)


def test_list_length_out_of_range_is_refused_naming_field_and_range(
    client_for, alice, participating, nina, centre
):
    client = client_for(alice)
    response = post_placement(client, **placement_data(nina, centre, list_length="7500"))
    assert response.status_code == 200
    assert response.context["form"].errors["list_length"] == [
        "Listelengde må være mellom 0 og 3000."
    ]
    assert 'value="7500"' in response.content.decode()  # nothing typed lost
    assert not Placement.objects.exists()


def test_unusual_list_length_asks_once_then_saves(client_for, alice, participating, nina, centre):
    client = client_for(alice)
    data = placement_data(nina, centre, list_length="1500")
    response = post_placement(client, **data)
    assert response.status_code == 200
    [error] = response.context["form"].errors["list_length"]
    assert error.startswith("Listelengde 1500 er uvanlig (vanlig: 0–1200).")
    html = response.content.decode()
    assert 'type="checkbox" name="bekreft_uvanlig"' in html
    assert not Placement.objects.exists()
    response = post_placement(client, **data, bekreft_uvanlig="on")
    assert response.status_code == 302
    assert Placement.objects.get().list_length == 1500


def test_low_position_percent_asks_for_confirmation(client_for, alice, participating, nina, centre):
    data = placement_data(nina, centre, position_percent="20")
    response = post_placement(client_for(alice), **data)
    assert "Stillingsprosent 20 er uvanlig (vanlig: 50–100)" in str(
        response.context["form"].errors["position_percent"]
    )


def test_api_refuses_list_length_out_of_range(alice, participating, nina, centre):
    api = APIClient()
    api.force_authenticate(alice)
    payload = placement_data(nina, centre, list_length=7500)
    response = api.post("/api/v1/placements/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["list_length"] == ["Listelengde må være mellom 0 og 3000."]


@pytest.mark.parametrize("value", ["-1", "140"])
def test_a_percent_out_of_range_is_refused_with_its_percent_sign(
    client_for, alice, participating, nina, centre, value
):
    """The label ends in "(%)": the message must still be shown, not fail the request."""
    message = "Andel annet kommunalt legearbeid (%) må være mellom 0 og 100."
    response = post_placement(
        client_for(alice), **placement_data(nina, centre, other_work_percent=value)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["other_work_percent"]
    assert errors == [message] if value == "140" else errors  # below 0: the form field's own
    api = APIClient()
    api.force_authenticate(alice)
    payload = placement_data(nina, centre, other_work_percent=int(value))
    response = api.post("/api/v1/placements/", payload, format="multipart")
    assert response.status_code == 400
    assert response.json()["other_work_percent"] == [message]
    assert not Placement.objects.exists()


def test_database_refuses_list_length_out_of_range(programme, centre):
    placement = PlacementFactory(programme=programme, doctor__programme=programme, centre=centre)
    with pytest.raises(IntegrityError, match="placements_placement_list_length_range"):
        Placement.objects.filter(pk=placement.pk).update(list_length=7500)


@pytest.fixture
def draft(programme, bergen, centre):
    call = CallFactory(programme=programme, target_counties=["Vestland"])
    return ApplicationFactory(call=call, municipality=bergen)


def save_draft(client, draft, **data):
    url = reverse("placements:application_edit", args=[draft.pk])
    return client.post(url, {"save": "1", **data})


def test_posts_requested_out_of_range_is_refused(client_for, alice, draft):
    response = save_draft(client_for(alice), draft, posts_requested="40")
    assert response.context["form"].errors["posts_requested"] == [
        "Antall stillinger det søkes om må være mellom 1 og 20."
    ]


def test_many_posts_requested_asks_once_then_saves(client_for, alice, draft):
    client = client_for(alice)
    response = save_draft(client, draft, posts_requested="8")
    assert "er uvanlig (vanlig: 1–5)" in str(response.context["form"].errors["posts_requested"])
    assert 'name="bekreft_uvanlig"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.posts_requested is None
    response = save_draft(client, draft, posts_requested="8", bekreft_uvanlig="on")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.posts_requested == 8


def test_too_few_supervision_hours_ask_for_confirmation(client_for, alice, draft):
    response = save_draft(client_for(alice), draft, supervision_hours_per_month="1")
    errors = str(response.context["form"].errors["supervision_hours_per_month"])
    assert "er uvanlig (vanlig: 2–10)" in errors


def test_database_refuses_posts_requested_out_of_range(draft):
    with pytest.raises(IntegrityError, match="placements_application_numbers_in_range"):
        Application.objects.filter(pk=draft.pk).update(posts_requested=40)


def test_call_with_too_many_posts_is_refused(client_for, liv_mfa, programme, register):
    data = {
        "programme": programme.pk,
        "title": "Utlysning 2027",
        "target_counties": ["Rogaland"],
        "posts_offered": 500,
        "deadline": "2027-02-15T12:00",
    }
    response = client_for(liv_mfa).post(reverse("placements:call_create"), data)
    assert response.context["form"].errors["posts_offered"] == [
        "Antall stillinger må være mellom 1 og 200."
    ]
    data["posts_offered"] = 80
    response = client_for(liv_mfa).post(reverse("placements:call_create"), data)
    assert "er uvanlig" in str(response.context["form"].errors["posts_offered"])
    data["bekreft_uvanlig"] = "on"
    assert client_for(liv_mfa).post(reverse("placements:call_create"), data).status_code == 302


def test_application_api_names_the_field_and_range(alice, draft):
    api = APIClient()
    api.force_authenticate(alice)
    url = f"/api/v1/applications/{draft.pk}/"
    response = api.patch(url, {"posts_requested": 40}, format="json")
    assert response.status_code == 400
    assert response.json()["posts_requested"] == [
        "Antall stillinger det søkes om må være mellom 1 og 20."
    ]
