"""The demo's agreements and regional office, seeded on a small national programme."""

from datetime import date

import pytest

from demo import agreements, offices
from placements.models import Agreement, Programme
from placements.municipalities.factories import MedicalCentreFactory, ProgrammeFactory
from placements.register.factories import DoctorFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def test_seed_signs_every_agreement_but_one_and_the_office_follows_the_region(bergen, stord):
    from alisvest.factories import UserFactory

    UserFactory(email=agreements.SIGNER)
    national = ProgrammeFactory(slug="nasjonal", rule_set=Programme.RuleSet.NATIONAL)
    for year, municipality in ((2023, bergen), (2024, stord), (2025, bergen)):
        PlacementFactory(
            doctor=DoctorFactory(programme=national),
            centre=MedicalCentreFactory(municipality=municipality),
            start=date(year, 1, 1),
        )
    agreements.seed(national)
    agreements.seed(national)  # again: nothing new
    assert Agreement.objects.count() == 3
    assert Agreement.objects.signed().count() == 2
    assert Agreement.objects.get(signed_on=None).placement.start == date(2025, 1, 1)
    office = offices.seed()
    offices.seed()
    assert {bergen, stord} <= set(office.municipalities.all())
    [user] = office.members.all()
    assert user.access.office_municipalities >= {bergen.pk, stord.pk}
