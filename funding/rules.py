"""Exact grant rules, kept free of the database so the finance office can check them.

Every rate comes in as an argument (from a GrantScheme row); no rate is written here.
"""

import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


def round_kroner(value) -> int:
    """Round to whole kroner, half up (0.5 -> 1)."""
    return int(Decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def round_ore(value) -> Decimal:
    """Round to øre, half up (0.005 -> 0.01): expenses keep their øre."""
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def days_in_year_inside(year: int, start: datetime.date, end: datetime.date | None) -> int:
    """Days of `year` inside [start, end], both ends inclusive; an open end counts to 31 Dec."""
    first = max(start, datetime.date(year, 1, 1))
    last = min(end or datetime.date(year, 12, 31), datetime.date(year, 12, 31))
    return max((last - first).days + 1, 0)


@dataclass(frozen=True)
class Kind1Line:
    days: int
    cap: int
    expenses: Decimal
    grant: Decimal
    own_share: int
    net: Decimal


def kind1_line(
    *,
    year: int,
    start: datetime.date,
    end: datetime.date | None,
    annual_cap,
    annual_own_share,
    expenses,
) -> Kind1Line:
    """Per ALIS-year, pro rata by days (ALIS-VEST)."""
    days = days_in_year_inside(year, start, end)
    total = days_in_year(year)
    cap = round_kroner(Decimal(annual_cap) * days / total)
    own_share = round_kroner(Decimal(annual_own_share) * days / total)
    expenses = round_ore(expenses)
    grant = min(cap, expenses)
    return Kind1Line(days, cap, expenses, grant, own_share, grant - own_share)


def whole_months(year: int, start: datetime.date, end: datetime.date | None) -> int:
    """Calendar months of `year` wholly inside [start, end] (open end = 31 Dec)."""
    end = end or datetime.date(year, 12, 31)
    count = 0
    for month in range(1, 13):
        first = datetime.date(year, month, 1)
        last = datetime.date(year, month, calendar.monthrange(year, month)[1])
        if start <= first and last <= end:
            count += 1
    return count


def kind2_amount(
    *,
    year: int,
    start: datetime.date,
    end: datetime.date | None,
    monthly_amount,
    position_percent,
    class6_monthly_supplement=0,
    centrality_class: int | None = None,
) -> int:
    """Per whole month (national scheme): (rate [+ class-6 supplement]) × percent × months."""
    months = whole_months(year, start, end)
    monthly = Decimal(monthly_amount)
    if centrality_class == 6:
        monthly += Decimal(class6_monthly_supplement)
    return round_kroner(monthly * Decimal(position_percent) / 100 * months)


@dataclass(frozen=True)
class NationalLine:
    months: int
    base: int  # rate × percent × months
    supplement: int  # class-6 supplement × percent × months
    amount: int  # base + supplement


def national_line(
    *, months: int, monthly_rate, position_percent, class6_monthly_supplement=0, class6=False
) -> NationalLine:
    """One post's year on the national scheme, in whole kroner: the base and the supplement
    are each rounded half up, and the amount is their sum, so
    amount = monthly_rate × percent/100 × months + supplement holds to the krone."""
    share = Decimal(position_percent) / 100 * months
    base = round_kroner(Decimal(monthly_rate) * share)
    supplement = round_kroner(Decimal(class6_monthly_supplement) * share) if class6 else 0
    return NationalLine(months, base, supplement, base + supplement)


def split_kroner(total: int, percents) -> list[int]:
    """`total` split by `percents` (summing to 100) with the largest-remainder method: each
    part is the exact share rounded down or up, and the parts add up to `total` exactly.
    Ties go to the earlier part."""
    exact = [Decimal(total) * Decimal(p) / 100 for p in percents]
    parts = [int(x // 1) for x in exact]
    left = total - sum(parts)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def split_ore(total, percents) -> list[Decimal]:
    """`total` in kroner and øre split by `percents` as split_kroner splits whole kroner:
    each part is the exact share to the øre, and the parts add up to `total` exactly."""
    ore = int(round_ore(total) * 100)
    return [Decimal(part) / 100 for part in split_kroner(ore, percents)]
