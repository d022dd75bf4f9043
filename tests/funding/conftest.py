"""The national scheme for the claim tests: "ALIS Vestland nasjonal" with example rates
from 2024 (per month at 100 %): fastlege 10 000, introduksjonslege 8 000, other municipal
doctor 6 000, supervision only 2 000, and 2 000 a month more in centrality class 6."""

from datetime import date
from decimal import Decimal

import pytest

from funding.factories import MonthlyRateFactory, NationalSchemeFactory
from placements.models import Agreement
from placements.municipalities.factories import (
    MedicalCentreFactory,
    ParticipationFactory,
    ProgrammeFactory,
)
from placements.register.factories import DoctorFactory, PlacementFactory

RATES = {
    "fastlege": 10_000,
    "introduksjonslege": 8_000,
    "annen_kommunal": 6_000,
    "kun_veiledning": 2_000,
}


@pytest.fixture
def national(db):
    return ProgrammeFactory(
        name="ALIS Vestland nasjonal", slug="alis-nasjonal", rule_set="national"
    )


@pytest.fixture
def national_scheme(national, bergen, stord):
    scheme = NationalSchemeFactory(programme=national, valid_from=date(2024, 1, 1))
    for job_type, amount in RATES.items():
        MonthlyRateFactory(scheme=scheme, job_type=job_type, monthly_amount=Decimal(amount))
    for municipality in (bergen, stord):
        ParticipationFactory(programme=national, municipality=municipality)
    return scheme


@pytest.fixture
def remote(register, national):
    """A municipality in centrality class 6."""
    municipality = register.current().filter(centrality=6).order_by("number").first()
    ParticipationFactory(programme=national, municipality=municipality)
    return municipality


def post(programme, municipality, start, end, *, signed=True, **fields):
    """A placement on the programme with an ALIS agreement, signed unless told."""
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme),
        centre=MedicalCentreFactory(municipality=municipality),
        municipality=municipality,
        start=start,
        planned_end=end,
        **fields,
    )
    Agreement.objects.create(placement=placement, signed_on=start if signed else None)
    return placement
