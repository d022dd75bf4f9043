"""Substitute cover (vikar) during an absence: who covers, from when to when, shown on the
placement and counted in the centre's staffing."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from placements.models import Absence, SubstituteCover
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import AbsenceFactory, PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def centre(bergen):
    return MedicalCentreFactory(municipality=bergen, name="Åsane legesenter", doctor_count=5)


@pytest.fixture
def kari(programme, participating, centre, today):
    return PlacementFactory(
        programme=programme,
        doctor__programme=programme,
        doctor__name="Kari Aktiv",
        centre=centre,
        start=today - timedelta(days=365),
    )


@pytest.fixture
def leave(kari, today):
    return AbsenceFactory(
        placement=kari,
        kind=Absence.Kind.PARENTAL,
        start=today - timedelta(days=10),
        end=today + timedelta(days=20),
    )


def cover_data(absence=None, **overrides):
    data = {
        "vikar-absence": absence.pk if absence else "",
        "vikar-substitute_name": "Vera Vikar",
        "vikar-start": absence.start.isoformat() if absence else "",
        "vikar-end": absence.end.isoformat() if absence else "",
    }
    data.update({f"vikar-{k}": v for k, v in overrides.items()})
    return data


def test_manager_records_a_substitute_shown_on_the_placement(client_for, alice, kari, leave):
    client = client_for(alice)
    url = reverse("placements:substitute_create", args=[kari.pk])
    form = client.get(url, {"fravaer": leave.pk}).context["form"]
    assert form.initial["start"] == leave.start  # the absence's period is offered
    response = client.post(url, cover_data(leave))
    assert response.status_code == 302
    cover = SubstituteCover.objects.get()
    assert (cover.substitute_name, cover.absence) == ("Vera Vikar", leave)
    leave.refresh_from_db()
    assert leave.substitute_arranged
    assert cover.history.latest().history_user == alice
    page = client.get(reverse("placements:placement_detail", args=[kari.pk])).content.decode()
    assert "Vera Vikar" in page


def test_substitute_outside_the_absence_is_refused_naming_the_field(client_for, alice, kari, leave):
    url = reverse("placements:substitute_create", args=[kari.pk])
    late = (leave.end + timedelta(days=5)).isoformat()
    response = client_for(alice).post(url, cover_data(leave, end=late))
    assert response.status_code == 200
    assert "innenfor fraværet" in str(response.context["form"].errors["start"])
    assert 'value="Vera Vikar"' in response.content.decode()  # nothing typed lost
    assert not SubstituteCover.objects.exists()


def test_end_before_start_is_refused_by_the_database_too(kari):
    with pytest.raises(IntegrityError, match="placements_substitutecover_end_after_start"):
        SubstituteCover.objects.create(
            placement=kari, substitute_name="X", start=date(2025, 2, 1), end=date(2025, 1, 1)
        )


def test_centre_staffing_counts_the_absent_alis_and_the_substitute(
    client_for, alice, kari, leave, centre
):
    url = reverse("placements:centre_detail", args=[centre.pk])
    staffing = client_for(alice).get(url).context["staffing"]
    assert staffing == {"alis": 1, "away": 1, "substitutes": 0, "at_work": 4}
    SubstituteCover.objects.create(
        placement=kari, absence=leave, substitute_name="Vera", start=leave.start, end=leave.end
    )
    staffing = client_for(alice).get(url).context["staffing"]
    assert staffing == {"alis": 1, "away": 1, "substitutes": 1, "at_work": 5}


def test_alis_and_other_manager_cannot_record(client_for, bob, kari, leave):
    url = reverse("placements:substitute_create", args=[kari.pk])
    assert client_for(bob).post(url, cover_data(leave)).status_code == 404
    assert not SubstituteCover.objects.exists()
