import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from placements.models import MedicalCentre
from placements.municipalities.factories import MedicalCentreFactory

pytestmark = pytest.mark.django_db


def centre_data(**overrides):
    data = {
        "name": "Sentrum legesenter",
        "ownership": "municipal",
        "address": "Torget 1",
        "doctor_count": "5",
        "specialist_count": "3",
        "doctor_ages": "34, 41, 58",
        "doctor_specialties": "",
        "has_alis_office": "on",
        "support_staff_count": "4",
        "support_staff_competence": "Sykepleier",
        "equipment": ["ekg", "doppler"],
        "accepts_alis": "on",
    }
    data.update(overrides)
    return data


def test_alice_registers_a_centre_in_bergen(client_for, alice, bergen):
    client = client_for(alice)
    response = client.post(reverse("placements:centre_create", args=["4601"]), centre_data())
    centre = MedicalCentre.objects.get(name="Sentrum legesenter")
    assert response.status_code == 302
    assert response["Location"] == reverse("placements:centre_detail", args=[centre.pk])
    assert centre.municipality == bergen
    assert centre.equipment == ["ekg", "doppler"]
    assert centre.history.first().history_user == alice  # audit trail names who did it


def test_solo_practice_is_refused_in_norwegian_and_input_is_kept(client_for, alice):
    client = client_for(alice)
    response = client.post(
        reverse("placements:centre_create", args=["4601"]),
        centre_data(doctor_count="1", specialist_count="1", doctor_ages="44"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "aldri arbeide i solopraksis" in form.errors["doctor_count"][0]
    html = response.content.decode()
    assert 'value="Sentrum legesenter"' in html  # nothing the user typed is lost
    assert 'value="Torget 1"' in html
    assert not MedicalCentre.objects.filter(name="Sentrum legesenter").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("doctor_ages", "34, hundre", "tall mellom 24 og 80"),
        ("doctor_ages", "34, 41, 58, 60, 61, 62", "flere aldre enn antall leger"),
        ("specialist_count", "9", "større enn antall leger"),
        ("doctor_count", "", "Dette feltet er påkrevd"),
        ("equipment", ["laser"], "gyldig valg"),
    ],
)
def test_bad_input_names_the_field(client_for, alice, field, value, message):
    response = client_for(alice).post(
        reverse("placements:centre_create", args=["4601"]), centre_data(**{field: value})
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])


def test_database_refuses_a_solo_practice_for_alis(bergen):
    with (
        pytest.raises(IntegrityError, match="placements_medicalcentre_not_solo"),
        transaction.atomic(),
    ):
        MedicalCentreFactory(municipality=bergen, doctor_count=1, specialist_count=0)
    # A solo practice may be registered when it is not offered for an ALIS.
    MedicalCentreFactory(
        municipality=bergen, doctor_count=1, specialist_count=0, accepts_alis=False
    )


def test_database_refuses_unknown_equipment(bergen):
    with pytest.raises(IntegrityError, match="known_equipment"), transaction.atomic():
        MedicalCentreFactory(municipality=bergen, equipment=["ekg", "laser"])


def test_edit_keeps_history(client_for, alice, bergen_centre):
    client_for(alice).post(
        reverse("placements:centre_edit", args=[bergen_centre.pk]),
        centre_data(name=bergen_centre.name, doctor_count="8"),
    )
    bergen_centre.refresh_from_db()
    assert bergen_centre.doctor_count == 8
    assert [h.doctor_count for h in bergen_centre.history.order_by("history_date")] == [4, 8]


def test_the_health_manager_sets_the_municipalitys_malform_with_history(
    client_for, alice, bob, bergen
):
    url = reverse("placements:municipality_language", args=[bergen.number])
    assert client_for(bob).post(url, {"language": "nn"}).status_code == 404
    response = client_for(alice).post(url, {"language": "nn"})
    assert response.status_code == 302
    bergen.refresh_from_db()
    assert bergen.language == "nn"
    assert bergen.history.filter(language="nn").exists()
    client_for(alice).post(url, {"language": "en"})  # not a målform
    bergen.refresh_from_db()
    assert bergen.language == "nn"
