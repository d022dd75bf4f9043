"""The exact figures the finance office checks (issue 6)."""

import datetime as dt

from funding.rules import kind1_line, kind2_amount, round_kroner, whole_months

CAP, OWN = 200_000, 50_000


def test_placement_from_1_sep_2017_with_two_expenses():
    # 1 Sep-31 Dec 2017 = 122 days of 365.
    line = kind1_line(
        year=2017,
        start=dt.date(2017, 9, 1),
        end=None,
        annual_cap=CAP,
        annual_own_share=OWN,
        expenses=80_000 + 30_000,
    )
    assert line.days == 122
    assert line.cap == 66_849  # 200000*122/365 = 66849.31
    assert line.own_share == 16_712  # 50000*122/365 = 16712.33
    assert line.grant == 66_849  # capped: expenses 110000 > cap
    assert line.net == 50_137


def test_placement_across_a_leap_year():
    line = kind1_line(
        year=2020,
        start=dt.date(2019, 7, 1),
        end=dt.date(2021, 6, 30),
        annual_cap=CAP,
        annual_own_share=OWN,
        expenses=250_000,
    )
    assert line.days == 366
    assert (line.cap, line.own_share, line.grant, line.net) == (200_000, 50_000, 200_000, 150_000)
    half = kind1_line(
        year=2020,
        start=dt.date(2020, 7, 1),
        end=None,
        annual_cap=CAP,
        annual_own_share=OWN,
        expenses=40_000,
    )
    assert half.days == 184
    assert half.cap == 100_546  # 200000*184/366 = 100546.45
    assert half.own_share == 25_137  # 50000*184/366 = 25136.61
    assert half.grant == 40_000  # expenses below the cap
    assert half.net == 14_863


def test_placement_ending_15_march():
    line = kind1_line(
        year=2018,
        start=dt.date(2016, 3, 16),
        end=dt.date(2018, 3, 15),
        annual_cap=CAP,
        annual_own_share=OWN,
        expenses=30_000,
    )
    assert line.days == 74  # 31 + 28 + 15
    assert line.cap == 40_548  # 200000*74/365 = 40547.95
    assert line.own_share == 10_137  # 50000*74/365 = 10136.99
    assert line.grant == 30_000
    assert line.net == 19_863


def test_round_half_up():
    assert round_kroner("0.5") == 1
    assert round_kroner("2.5") == 3
    assert round_kroner("2.4999") == 2


def test_national_scheme_80_percent_10_feb_to_31_dec():
    start, end = dt.date(2023, 2, 10), dt.date(2023, 12, 31)
    assert whole_months(2023, start, end) == 10
    # Example rates (data, not code): 10 000/month, supplement 2 000/month in class 6.
    plain = kind2_amount(
        year=2023,
        start=start,
        end=end,
        monthly_amount=10_000,
        position_percent=80,
        class6_monthly_supplement=2_000,
        centrality_class=5,
    )
    assert plain == 80_000
    class6 = kind2_amount(
        year=2023,
        start=start,
        end=end,
        monthly_amount=10_000,
        position_percent=80,
        class6_monthly_supplement=2_000,
        centrality_class=6,
    )
    assert class6 == 96_000
