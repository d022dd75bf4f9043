"""Kaplan–Meier estimates with 95 % confidence intervals (lifelines: Greenwood's variance on
the log(−log) scale), the number at risk, and the log-rank test between groups."""

import math

AT_RISK_EVERY = 12  # months between the columns of the number-at-risk table


def _number(value, fallback):
    value = float(value)
    return fallback if math.isnan(value) else value


def km_points(durations, events):
    """[{"month", "survival", "ci_low", "ci_high", "at_risk"}], one per time a person's
    follow-up stopped, starting at month 0 with everyone at risk. `at_risk` is the number
    still followed just before that time."""
    from lifelines import KaplanMeierFitter

    fitter = KaplanMeierFitter(alpha=0.05)
    fitter.fit(list(durations), event_observed=list(events))
    survival = fitter.survival_function_.iloc[:, 0]
    ci = fitter.confidence_interval_survival_function_
    at_risk = fitter.event_table["at_risk"]
    points = []
    for t in survival.index:
        s = float(survival.loc[t])
        points.append(
            {
                "month": round(float(t), 4),
                "survival": round(s, 6),
                "ci_low": round(_number(ci.iloc[:, 0].loc[t], s), 6),
                "ci_high": round(_number(ci.iloc[:, 1].loc[t], s), 6),
                "at_risk": int(at_risk.loc[t]),
            }
        )
    if not points or points[0]["month"] > 0:
        n = len(list(durations))
        points.insert(0, {"month": 0.0, "survival": 1.0, "ci_low": 1.0, "ci_high": 1.0,
                          "at_risk": n})  # fmt: skip
    return points


def at_risk_table(durations, until):
    """[(month, number still followed at that month)] every 12 months up to `until`."""
    durations = list(durations)
    months = range(0, int(until) + 1, AT_RISK_EVERY)
    return [(m, sum(1 for d in durations if d >= m)) for m in months]


def logrank(durations, groups, events):
    """{"statistic", "p_value", "df"} for the hypothesis that the groups' curves are the
    same, or None with fewer than two groups."""
    if len(set(groups)) < 2:
        return None
    from lifelines.statistics import multivariate_logrank_test

    result = multivariate_logrank_test(list(durations), list(groups), list(events))
    return {
        "statistic": round(float(result.test_statistic), 4),
        "p_value": round(float(result.p_value), 4),
        "df": int(result.degrees_of_freedom),
    }
