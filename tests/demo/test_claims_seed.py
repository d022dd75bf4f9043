"""demo.claims.seed on a small national programme: a shared post split 60/40, the 2024
claim submitted with its auditor's statement, the 2025 claim in preparation; run twice, the
same."""

from datetime import date
from decimal import Decimal

import pytest

from demo import claims as demo_claims
from funding.models import NationalClaim
from placements.models import Agreement
from placements.municipalities.factories import (
    MedicalCentreFactory,
    ParticipationFactory,
    ProgrammeFactory,
)
from placements.register.factories import DoctorFactory, PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(bergen, stord, register):
    programme = ProgrammeFactory(
        name="ALIS Vestland nasjonal",
        slug="alis-vestland-nasjonal",
        rule_set="national",
        started=date(2023, 1, 1),
    )
    askoy = register.current().get(number="4627")
    for municipality in (bergen, stord, askoy):
        ParticipationFactory(programme=programme, municipality=municipality)
    for municipality, second, signed in (
        (bergen, stord, True),
        (bergen, None, True),
        (askoy, None, False),
    ):
        placement = PlacementFactory(
            doctor=DoctorFactory(programme=programme),
            centre=MedicalCentreFactory(municipality=municipality),
            municipality=municipality,
            second_municipality=second,
            start=date(2023, 9, 1),
            planned_end=date(2028, 8, 31),
        )
        Agreement.objects.create(
            placement=placement, signed_on=date(2023, 8, 15) if signed else None
        )
    return programme


def test_seed_makes_the_shared_post_and_both_claims(national, bergen, stord):
    made = demo_claims.seed(national)
    shared = national.placements.get(second_municipality=stord)
    assert sorted((s.municipality.name, s.percent) for s in shared.cost_shares.all()) == [
        ("Bergen", Decimal(60)),
        ("Stord", Decimal(40)),
    ]
    submitted, preparing = made
    assert (submitted.year, submitted.status, submitted.is_done) == (2024, "submitted", True)
    assert (preparing.year, preparing.status) == (2025, "draft")
    assert submitted.municipality == bergen
    # Bergen: its own post 120 000 (example rate 10 000) + 60 % of the shared one = 192 000
    assert submitted.total == 192_000
    assert demo_claims.seed(national) == []
    assert NationalClaim.objects.count() == 2
