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


def test_seed_on_the_demo_national_programme(register):
    """On demo.national's programme, once its agreements are signed: Bremanger's post shared
    with Kinn is split 60/40, and the shares of the 2024 claims add up to the post."""
    from demo import national as demo_national
    from funding import claims

    programme = demo_national.seed()
    for placement in programme.placements.all():
        Agreement.objects.get_or_create(
            placement=placement, defaults={"signed_on": placement.start}
        )
    submitted, preparing = demo_claims.seed(programme)
    assert submitted.municipality.number == "4648"  # Bremanger, which shares with Kinn
    assert (submitted.year, submitted.is_done, preparing.status) == (2024, True, "draft")
    shared = programme.placements.get(second_municipality__number="4602")
    parts = [
        line
        for draft in claims.compute_claims(2024, programmes=[programme.pk])
        for line in draft.lines
        if line.placement_id == shared.pk
    ]
    assert sorted(line.share_percent for line in parts) == [40, 60]
    assert sum(line.amount for line in parts) == parts[0].post_amount > 0
