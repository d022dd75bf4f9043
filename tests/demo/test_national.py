"""The demo's national programme: ALIS Vestland nasjonal on the yearly rule, with example
rates, five placements in three municipalities (one shared) and supervision whose years
match the hand calculations in demo/national.py."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from demo import national
from funding.models import GrantScheme, JobType
from placements.models import Placement, Programme
from supervision.models import MonthlyCheck, SupervisionSession, YearlyCheck
from supervision.yearly import year_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(register):
    return national.seed()


def by_doctor(programme):
    placements = Placement.objects.filter(programme=programme).select_related("doctor")
    return {p.doctor.name.split()[0]: p for p in placements}


def test_the_programme_runs_on_the_national_rules(seeded):
    assert (seeded.name, seeded.started, seeded.is_national) == (
        "ALIS Vestland nasjonal",
        date(2023, 1, 1),
        True,
    )
    assert seeded.supervision_rule == Programme.SupervisionRule.YEARLY_AVERAGE
    assert seeded.monthly_supervision_minutes == 240
    scheme = GrantScheme.objects.get(programme=seeded)
    assert scheme.kind == GrantScheme.Kind.PER_MONTH and scheme.is_example
    assert "eksempelsatser" in scheme.name
    assert set(scheme.rates()) == set(JobType.values)
    assert scheme.class6_monthly_supplement > 0


def test_five_placements_in_three_municipalities_one_shared(seeded):
    placements = Placement.objects.filter(programme=seeded)
    assert placements.count() == 5
    assert placements.values("municipality").distinct().count() == 3
    shared = placements.get(second_municipality__isnull=False)
    assert (shared.municipality.number, shared.second_municipality.number) == ("4648", "4602")
    assert all(p.supervisor_assignments.exists() for p in placements)


def test_the_years_match_the_hand_calculations(seeded):
    p = by_doctor(seeded)
    y2025 = year_status([x.pk for x in p.values()], 2025)
    assert y2025[p["Mari"].pk] == {"required": 2520, "done": 2640, "target": 2520, "status": "ok"}
    assert y2025[p["Henrik"].pk]["required"] == 1885 and y2025[p["Henrik"].pk]["done"] == 1890
    assert y2025[p["Solveig"].pk]["status"] == "deficit"
    assert y2025[p["Solveig"].pk]["done"] == 2340
    y2024 = year_status([p["Tobias"].pk], 2024)[p["Tobias"].pk]
    assert (y2024["required"], y2024["done"], y2024["status"]) == (1267, 1440, "ok")
    deficits = YearlyCheck.objects.filter(placement__programme=seeded, status="deficit")
    assert [(c.placement, c.year) for c in deficits] == [(p["Solveig"], 2025)]


def test_the_summer_without_supervision_is_behind_not_a_deficit(seeded):
    mari = by_doctor(seeded)["Mari"]
    july = MonthlyCheck.objects.get(placement=mari, month=date(2025, 7, 1))
    assert (july.logged_minutes, july.status) == (0, "behind")
    assert not MonthlyCheck.objects.filter(placement__programme=seeded, status="deficit").exists()


def test_seed_demo_seeds_it_once(register):
    call_command("seed_demo", stdout=StringIO())
    programme = Programme.objects.get(slug=national.SLUG)
    counts = (
        SupervisionSession.objects.filter(placement__programme=programme).count(),
        MonthlyCheck.objects.count(),
        YearlyCheck.objects.count(),
    )
    call_command("seed_demo", stdout=StringIO())
    assert counts == (
        SupervisionSession.objects.filter(placement__programme=programme).count(),
        MonthlyCheck.objects.count(),
        YearlyCheck.objects.count(),
    )
    assert counts[0] > 60
