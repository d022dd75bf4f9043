"""The placement rules hold in PostgreSQL even when forms are bypassed."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from placements.models import Placement
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import PlacementFactory, SupervisorAssignmentFactory

pytestmark = pytest.mark.django_db


def test_a_doctor_never_holds_two_overlapping_placements(bergen_centre):
    first = PlacementFactory(centre=bergen_centre, start=date(2017, 9, 1))
    with pytest.raises(IntegrityError, match="no_overlap_per_doctor"), transaction.atomic():
        PlacementFactory(doctor=first.doctor, centre=bergen_centre, start=date(2019, 1, 1))
    # Ending the first placement early frees the doctor for the next one.
    first.actual_end = date(2018, 12, 31)
    first.end_reason = Placement.EndReason.FAMILY
    first.save()
    PlacementFactory(doctor=first.doctor, centre=bergen_centre, start=date(2019, 1, 1))


def test_end_is_never_before_start(bergen_centre):
    with pytest.raises(IntegrityError, match="actual_end_after_start"), transaction.atomic():
        PlacementFactory(centre=bergen_centre, actual_end=date(2017, 1, 1), end_reason="annet")


def test_percent_out_of_range_is_refused(bergen_centre):
    with pytest.raises(IntegrityError, match="percent_ranges"), transaction.atomic():
        PlacementFactory(centre=bergen_centre, other_work_percent=140)


def test_centre_must_lie_in_the_municipality(bergen_centre, stord):
    with pytest.raises(IntegrityError, match="centre_in_municipality"), transaction.atomic():
        PlacementFactory(centre=bergen_centre, municipality=stord)


def test_a_2017_placement_in_odda_may_use_the_centre_now_in_ullensvang(odda_1228):
    centre = MedicalCentreFactory(municipality=odda_1228.merged_into, name="Odda legesenter")
    placement = PlacementFactory(centre=centre, municipality=odda_1228)
    placement.full_clean()
    assert placement.municipality.name == "Odda"


def test_clean_explains_solo_practice_and_wrong_centre(bergen_centre, stord):
    solo = MedicalCentreFactory(
        municipality=stord, doctor_count=1, specialist_count=0, accepts_alis=False
    )
    placement = PlacementFactory.build(
        centre=solo, municipality=stord, doctor=PlacementFactory().doctor
    )
    with pytest.raises(ValidationError) as error:
        placement.clean()
    assert "solopraksis" in error.value.message_dict["centre"][0]
    placement.centre = bergen_centre
    with pytest.raises(ValidationError) as error:
        placement.clean()
    assert "ligger ikke i stillingens kommune" in error.value.message_dict["centre"][0]


def test_one_supervisor_at_a_time(bergen_centre):
    assignment = SupervisorAssignmentFactory(placement__centre=bergen_centre)
    with pytest.raises(IntegrityError, match="one_at_a_time"), transaction.atomic():
        SupervisorAssignmentFactory(placement=assignment.placement, start=date(2018, 1, 1))
    assignment.end = date(2017, 12, 31)
    assignment.save()
    SupervisorAssignmentFactory(placement=assignment.placement, start=date(2018, 1, 1))


def test_scope_manager_supervisor_and_alis(alice, bob, carol, bergen_centre):
    from alisvest.factories import UserFactory

    placement = PlacementFactory(centre=bergen_centre)
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    other = SupervisorAssignmentFactory(placement__centre=bergen_centre).placement
    alis_user = UserFactory()
    placement.doctor.user = alis_user
    placement.doctor.save()

    assert set(Placement.objects.for_user(alice)) == {placement, other}
    assert list(Placement.objects.for_user(bob)) == []
    assert list(Placement.objects.for_user(carol)) == [placement]
    assert list(Placement.objects.for_user(alis_user)) == [placement]
