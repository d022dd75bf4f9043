"""Absences can be corrected and deleted, with history and a confirmation before delete;
a planned end moved for an absence follows the correction."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from alisvest.roles import Role
from placements.models import Absence
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import AbsenceFactory, PlacementFactory
from placements.register.services import move_planned_end
from tests.conftest import person

pytestmark = pytest.mark.django_db

END = date(2029, 1, 1)


@pytest.fixture
def kari(programme, participating, bergen):
    return PlacementFactory(
        programme=programme,
        doctor__programme=programme,
        doctor__name="Kari Aktiv",
        centre=MedicalCentreFactory(municipality=bergen),
        start=date(2024, 1, 1),
        planned_end=END,
    )


@pytest.fixture
def leave(kari, alice):
    """60 days of parental leave for which the planned end was moved."""
    absence = AbsenceFactory(
        placement=kari,
        kind=Absence.Kind.PARENTAL,
        start=date(2025, 1, 1),
        end=date(2025, 3, 1),
    )
    move_planned_end(kari, by=alice, days=absence.days, absence=absence)
    absence.refresh_from_db()
    return absence


def form(absence, **overrides):
    data = {
        "fravaer-kind": absence.kind,
        "fravaer-start": absence.start.isoformat(),
        "fravaer-end": absence.end.isoformat(),
        "fravaer-note": absence.note,
    }
    data.update({f"fravaer-{k}": v for k, v in overrides.items()})
    return data


def edit_url(absence):
    return reverse("placements:absence_edit", args=[absence.placement_id, absence.pk])


def delete_url(absence):
    return reverse("placements:absence_delete", args=[absence.placement_id, absence.pk])


def test_placement_page_links_to_edit_and_delete(client_for, alice, leave):
    page = client_for(alice).get(reverse("placements:placement_detail", args=[leave.placement_id]))
    html = page.content.decode()
    assert edit_url(leave) in html and delete_url(leave) in html


def test_longer_absence_moves_the_planned_end_further(client_for, alice, kari, leave):
    kari.refresh_from_db()
    assert kari.planned_end == END + timedelta(days=60)
    response = client_for(alice).post(edit_url(leave), form(leave, end="2025-03-31"))
    assert response.status_code == 302
    kari.refresh_from_db()
    leave.refresh_from_db()
    assert leave.days == 90
    assert kari.planned_end == END + timedelta(days=90)
    assert leave.end_decision == Absence.EndDecision.MOVED
    assert leave.history.first().history_change_reason == "Fravær endret"
    assert "30 dager etter endret fravær" in kari.history.first().history_change_reason


def test_short_absence_after_correction_moves_the_end_back(client_for, alice, kari, leave):
    client_for(alice).post(edit_url(leave), form(leave, end="2025-01-10"))
    kari.refresh_from_db()
    leave.refresh_from_db()
    assert kari.planned_end == END
    assert leave.end_decision == ""


def test_undecided_absence_made_long_prompts_as_on_create(client_for, alice, kari):
    course = AbsenceFactory(
        placement=kari, kind=Absence.Kind.ILLNESS, start=date(2025, 1, 1), end=date(2025, 1, 5)
    )
    client = client_for(alice)
    response = client.post(edit_url(course), form(course, end="2025-03-01"))
    assert response["Location"].endswith(f"#flytt-slutt-{course.pk}")
    page = client.get(reverse("placements:placement_detail", args=[kari.pk])).content.decode()
    assert "Flytt planlagt slutt med 60 dager?" in page


def test_delete_asks_first_then_moves_the_end_back_and_keeps_history(
    client_for, alice, kari, leave
):
    client = client_for(alice)
    confirm = client.get(delete_url(leave)).content.decode()
    assert "Vil du slette fraværet" in confirm and "flyttes tilbake" in confirm
    assert Absence.objects.filter(pk=leave.pk).exists()
    assert client.post(delete_url(leave)).status_code == 302
    assert not Absence.objects.filter(pk=leave.pk).exists()
    kari.refresh_from_db()
    assert kari.planned_end == END
    deleted = Absence.history.filter(id=leave.pk).latest()
    assert (deleted.history_type, deleted.history_user) == ("-", alice)


def test_alis_corrects_own_undecided_absence_but_not_a_decided_one(client_for, kari, leave):
    dan = person("dan@example.no", "Kari Aktiv", Role.ALIS)
    kari.doctor.user = dan
    kari.doctor.save()
    own = AbsenceFactory(
        placement=kari, kind=Absence.Kind.COURSE, start=date(2025, 5, 1), end=date(2025, 5, 2)
    )
    client = client_for(dan)
    assert client.post(edit_url(own), form(own, end="2025-05-03")).status_code == 302
    assert client.post(delete_url(leave)).status_code == 403
    assert client.post(edit_url(leave), form(leave, end="2025-05-03")).status_code == 403


def test_other_manager_gets_404(client_for, bob, leave):
    client = client_for(bob)
    assert client.get(edit_url(leave)).status_code == 404
    assert client.post(delete_url(leave)).status_code == 404
    assert Absence.objects.filter(pk=leave.pk).exists()


def test_api_correction_moves_the_end_too(alice, kari, leave):
    api = APIClient()
    api.force_authenticate(alice)
    response = api.patch(f"/api/v1/absences/{leave.pk}/", {"end": "2025-03-31"}, format="json")
    assert response.status_code == 200, response.content
    kari.refresh_from_db()
    assert kari.planned_end == END + timedelta(days=90)
