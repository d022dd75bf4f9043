"""The steering group's planning model (DOMAIN.md "Planning model"): how many GPs a
population needs at a given list length, and what each costs the municipality and the
state. One function, shared by the /planlegging/ page and `manage.py gp_scenario`."""

from decimal import ROUND_HALF_UP, Decimal

# The 2017 figures the steering group used.
POPULATION_2017 = 5_258_317
CURRENT_GPS_2017 = 4_668
CAPITATION = 451
FULL_SALARY = 800_000
CAPITATION_INCOME_SHARE = Decimal("0.30")
SCENARIOS_2017 = [
    (600, Decimal("0.40")),
    (750, Decimal("0.40")),
    (900, Decimal("0.40")),
    (1150, Decimal("0.40")),
    (1120, Decimal("0.20")),
]


def _kroner(value):
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def gp_scenario(
    population,
    current_gps,
    list_length,
    fixed_salary_share,
    capitation=CAPITATION,
    full_salary=FULL_SALARY,
    capitation_income_share=CAPITATION_INCOME_SHARE,
    net_activity_income=False,
):
    """One scenario. Money in whole kroner (half up); GPs needed rounded to the nearest whole
    GP, but the municipal total uses the unrounded number, as the 2017 sheet did.

    The 2017 model (the default) counts the state's activity-based cost on top of a fixed
    salary. With `net_activity_income`, the activity-based income of a GP on fixed salary
    goes to the municipality that pays the salary, so the municipality's cost is netted:
    kept = fixed-salary share × activity income (capitation ÷ share × (1 − share));
    municipal = capitation + fixed salary − kept; total = municipal + state."""
    if list_length <= 0:
        raise ValueError("list_length must be positive")
    share = Decimal(str(capitation_income_share))
    if not 0 < share <= 1:
        raise ValueError("capitation_income_share must be in (0, 1]")
    gps = Decimal(population) / Decimal(list_length)
    gps_needed = _kroner(gps)
    capitation_per_gp = Decimal(list_length) * Decimal(str(capitation))
    fixed_salary_per_gp = Decimal(str(fixed_salary_share)) * Decimal(str(full_salary))
    state = capitation_per_gp / share * (1 - share)
    kept = Decimal(str(fixed_salary_share)) * state if net_activity_income else Decimal(0)
    municipal = capitation_per_gp + fixed_salary_per_gp - kept
    return {
        "gps_needed": gps_needed,
        "change_vs_current": gps_needed - int(current_gps),
        "capitation_per_gp": _kroner(capitation_per_gp),
        "fixed_salary_per_gp": _kroner(fixed_salary_per_gp),
        "activity_income_kept_per_gp": _kroner(kept),
        "municipal_cost_per_gp": _kroner(municipal),
        "state_cost_per_gp": _kroner(state),
        "total_cost_per_gp": _kroner(municipal + state),
        "municipal_cost_total": _kroner(gps * municipal),
    }
