"""The national scheme's arithmetic, to the krone, free of the database."""

from decimal import Decimal

import pytest

from funding import rules


def test_a_full_year_at_100_percent():
    line = rules.national_line(months=12, monthly_rate=10_000, position_percent=100)
    assert (line.base, line.supplement, line.amount) == (120_000, 0, 120_000)


def test_80_percent_for_7_months_in_centrality_class_6():
    line = rules.national_line(
        months=7,
        monthly_rate=10_000,
        position_percent=80,
        class6_monthly_supplement=2_000,
        class6=True,
    )
    # 10 000 × 0.8 × 7 = 56 000; 2 000 × 0.8 × 7 = 11 200
    assert (line.base, line.supplement, line.amount) == (56_000, 11_200, 67_200)


def test_the_supplement_only_in_class_6():
    line = rules.national_line(
        months=7, monthly_rate=10_000, position_percent=80, class6_monthly_supplement=2_000
    )
    assert (line.supplement, line.amount) == (0, 56_000)


def test_base_and_supplement_are_rounded_half_up_each():
    # 1 234.55 × 0.33 × 5 = 2 037.0075 -> 2 037; 1 001 × 0.33 × 5 = 1 651.65 -> 1 652
    line = rules.national_line(
        months=5,
        monthly_rate=Decimal("1234.55"),
        position_percent=33,
        class6_monthly_supplement=1_001,
        class6=True,
    )
    assert (line.base, line.supplement, line.amount) == (2_037, 1_652, 3_689)
    # 0.5 rounds up: 1 × 0.5 × 1 = 0.5 -> 1
    assert rules.national_line(months=1, monthly_rate=1, position_percent=50).base == 1


@pytest.mark.parametrize(
    ("total", "percents", "parts"),
    [
        (120_000, [60, 40], [72_000, 48_000]),
        (1_001, [50, 50], [501, 500]),  # the odd krone goes to the first on a tie
        (100, [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")], [33, 33, 34]),
        (10, [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")], [3, 3, 4]),
        (2, [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")], [1, 1, 0]),
        (0, [50, 50], [0, 0]),
        (999, [100], [999]),
    ],
)
def test_shares_add_up_to_the_whole_to_the_krone(total, percents, parts):
    assert rules.split_kroner(total, percents) == parts
    assert sum(parts) == total
