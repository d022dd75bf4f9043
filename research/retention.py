"""Stability (retention) of ALIS in post: Kaplan–Meier curves per cohort, phase and
contract type with confidence intervals, number at risk and a log-rank test; the
month-by-month count in post like the 2022 report's "Figur 2"; why people left and where
they went. Every figure comes from the same follow-up (research/followup.py) at the same
data cut-off date.

`analyse` returns plain data (numbers, strings, lists) so that the stored result of the
stability job (research/tasks.py) is the same as a fresh one. Project leaders see
everyone; researchers see consenting people only, with groups and cells under the
study's threshold hidden and curves cut where fewer than that are still followed."""

from collections import Counter
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from placements.models import Placement

from . import survival
from .disclosure import protect
from .followup import FIXED_SALARY, RETAINED, follow_up, records

GROUPINGS = {
    "kohort": (gettext_lazy("Kohort (startår)"), lambda r: str(r.start.year)),
    "fase": (gettext_lazy("Programfase"), lambda r: str(r.phase or "")),
    "avtale": (
        gettext_lazy("Avtaleform"),
        lambda r: (
            "naeringsdrift"
            if r.contract_type == Placement.ContractType.SELF_EMPLOYED
            else ("fastlonn" if r.contract_type in FIXED_SALARY else "annet")
        ),
    ),
}


def group_label(grouping, key):
    """The shown name of a group key, in the reader's language."""
    if grouping == "fase":
        return _("Fase %(n)s") % {"n": key} if key else _("Ukjent fase")
    if grouping == "avtale":
        return {"naeringsdrift": _("Næringsdrift"), "fastlonn": _("Fastlønn")}.get(key, _("Annet"))
    return key


def hidden_mark(threshold):
    return f"<{threshold}"


def shown(count, threshold):
    """A count as researchers may see it: 0 is 0, 1 … threshold−1 is hidden (the
    number-at-risk table, whose cells add up to nothing published)."""
    if threshold is None or count == 0 or count >= threshold:
        return count
    return hidden_mark(threshold)


def curve(spells, threshold, until):
    """One group's curve; for researchers cut before fewer than `threshold` are at risk."""
    points = survival.km_points([s.months for s in spells], [s.event for s in spells])
    if threshold is not None:
        points = [p for p in points if p["at_risk"] >= threshold]
    table = survival.at_risk_table([s.months for s in spells], until)
    return {
        "n": len(spells),
        "events": sum(1 for s in spells if s.event),
        "points": points,
        "at_risk": [[m, shown(n, threshold)] for m, n in table],
    }


def km_by(spells, grouping, threshold=None):
    """{"curves", "hidden", "logrank"} for one grouping. Groups under the threshold are
    left out, of the curves and of the test."""
    key = GROUPINGS[grouping][1]
    groups = {}
    for s in spells:
        groups.setdefault(key(s.record), []).append(s)
    until = max([s.months for s in spells] or [0])
    hidden_groups = set()
    if threshold is not None:  # the groups add up to the published total
        sizes = {name: len(m) for name, m in groups.items()} | {"__total__": len(spells)}
        hidden_groups = protect(
            sizes, [(list(groups), "__total__")], threshold, fixed={"__total__"}
        )
    curves, hidden, tested = [], [], []
    for name in sorted(groups):
        members = groups[name]
        if name in hidden_groups:
            hidden.append(name)
            continue
        curves.append({"key": name, **curve(members, threshold, until)})
        tested += [(s.months, name, s.event) for s in members]
    test = survival.logrank(*zip(*tested, strict=True)) if tested else None
    return {"curves": curves, "hidden": hidden, "logrank": test}


def month_starts(first, last):
    current = first.replace(day=1)
    while current <= last:
        yield current
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)


def monthly_in_post(spells, cutoff, threshold=None):
    """[(month, in post on its first day, events during it)] from the first start to the
    cut-off month. Hidden cells are None."""
    if not spells:
        return []
    series = []
    for month in month_starts(min(s.start for s in spells), cutoff):
        count = sum(1 for s in spells if s.covers(month))
        events = sum(
            1
            for s in spells
            if s.event and (s.stop.year, s.stop.month) == (month.year, month.month)
        )
        hide = threshold is not None
        series.append(
            (
                month,
                None if hide and 0 < count < threshold else count,
                None if hide and 0 < events < threshold else events,
            )
        )
    return series


def breakdown(spells, attribute):
    """Counter of value for those whose post ended early, by reason or destination."""
    return Counter(
        getattr(s.record, attribute) or "ukjent"
        for s in spells
        if s.record.left_post and not s.in_post_at_cutoff
    )


def breakdown_labels(items, choices):
    labels = dict(choices)
    labels.setdefault("ukjent", _("Ukjent"))
    return [(labels.get(value, value), n) for value, n in items]


def summary(spells):
    left = [s for s in spells if s.record.left_post and not s.in_post_at_cutoff]
    return {
        "total": len(spells),
        "in_post": sum(1 for s in spells if s.in_post_at_cutoff),
        "events": sum(1 for s in spells if s.event),
        "left": len(left),
        "retained_in_municipality": sum(1 for s in left if not s.record.left_municipality),
    }


def counts(spells, threshold):
    """(summary, end reasons, destinations) as published: for researchers with primary
    and complementary suppression over the ties between them (reasons and destinations
    add up to those who left; own list and other post here add up to those retained)."""
    values = {("s", k): n for k, n in summary(spells).items()}
    reasons = {("r", k): n for k, n in breakdown(spells, "end_reason").items()}
    places = {("d", k): n for k, n in breakdown(spells, "destination").items()}
    values |= reasons | places
    retained = [c for c in places if c[1] in RETAINED]
    lines = [
        (list(reasons), ("s", "left")),
        (list(places), ("s", "left")),
        (retained, ("s", "retained_in_municipality")),
    ]
    # The total is published with the curves (their number at risk at month 0).
    fixed = {("s", "total")}
    hidden = protect(values, lines, threshold, fixed) if threshold is not None else set()

    def out(cell):
        return hidden_mark(threshold) if cell in hidden else values[cell]

    def ordered(cells):
        return [[c[1], out(c)] for c in sorted(cells, key=lambda c: (-values[c], c[1]))]

    return (
        {k: out(("s", k)) for k in summary(spells)},
        ordered(reasons),
        ordered(places),
    )


def analyse(study, names, cutoff):
    """Every stability figure of the study at the cut-off date, as plain data."""
    threshold = None if names else study.small_cell_threshold
    spells = follow_up(records(study, names), study.retention_event, cutoff)
    return {
        "cutoff": cutoff.isoformat(),
        "event": study.retention_event,
        "threshold": threshold,
        "max_followup_months": round(max([s.months for s in spells] or [0]), 2),
        "groupings": {g: km_by(spells, g, threshold) for g in GROUPINGS},
        "monthly": [[f"{m:%Y-%m}", n, e] for m, n, e in monthly_in_post(spells, cutoff, threshold)],
        **dict(
            zip(("summary", "end_reasons", "destinations"), counts(spells, threshold), strict=True)
        ),  # fmt: skip
    }
