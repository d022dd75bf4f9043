"""Stability (retention) of ALIS in post: Kaplan–Meier curves per cohort, phase and
contract type (lifelines), the month-by-month count in post like the 2022 report's
"Figur 2", why people left and where they went. Project leaders see everyone; researchers
see consenting people only, and every group or cell under 3 is suppressed."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from placements.models import Placement

from .export import RETAINED, SMALL, consenting_doctors, phases, suppress

DAYS_PER_MONTH = 365.25 / 12


@dataclass
class Record:
    label: str  # name for project leaders, pseudonym for researchers
    start: date
    end: date | None  # actual end
    planned_end: date
    contract_type: str
    contract_group: str
    phase: int | None
    end_reason: str
    destination: str
    municipality: str

    def months(self, today):
        last = min(self.end or today, today)
        return max((last - self.start).days, 0) / DAYS_PER_MONTH

    @property
    def end_reason_label(self):
        return dict(Placement.EndReason.choices).get(self.end_reason, "")

    @property
    def destination_label(self):
        return dict(Placement.Destination.choices).get(self.destination, "")

    @property
    def left_post(self):
        """Left before the planned end: completing the five years is not a loss."""
        return self.end is not None and self.end < self.planned_end

    @property
    def left_municipality(self):
        """Own GP list or another post in the same municipality counts as retained."""
        return self.left_post and self.destination not in RETAINED


def contract_group(contract_type):
    if contract_type == Placement.ContractType.SELF_EMPLOYED:
        return _("Næringsdrift")
    if contract_type in {
        Placement.ContractType.FIXED_SALARY,
        Placement.ContractType.FIXED_SALARY_BONUS,
        Placement.ContractType.FIXED_SALARY_LOCUM,
    }:
        return _("Fastlønn")
    return _("Annet")


def records(study, names):
    """The study programme's placements; for researchers (names=False) only consenting
    ALIS, labelled by pseudonym."""
    placements = Placement.objects.filter(programme=study.programme).select_related(
        "doctor", "municipality__merged_into"
    )
    pseudonyms = None
    if not names:
        pseudonyms = consenting_doctors(study)
        placements = placements.filter(doctor__in=list(pseudonyms))
    phase_of = phases(study)
    result = []
    for p in placements.order_by("start", "pk"):
        result.append(
            Record(
                label=p.doctor.name if names else pseudonyms[p.doctor_id],
                start=p.start,
                end=p.actual_end,
                planned_end=p.planned_end,
                contract_type=p.contract_type,
                contract_group=contract_group(p.contract_type),
                phase=phase_of.get(p.municipality_id) or phase_of.get(p.municipality.current.pk),
                end_reason=p.end_reason,
                destination=p.destination,
                municipality=p.municipality.name,
            )
        )
    return result


def km_curve(durations, events):
    """Kaplan–Meier survival as [(t, S(t))] steps, starting at (0, 1.0)."""
    from lifelines import KaplanMeierFitter

    fitter = KaplanMeierFitter()
    fitter.fit(list(durations), event_observed=list(events))
    frame = fitter.survival_function_
    points = [(float(t), float(s)) for t, s in zip(frame.index, frame.iloc[:, 0], strict=True)]
    if not points or points[0][0] > 0:
        points.insert(0, (0.0, 1.0))
    return points


GROUPINGS = {
    "kohort": (_("Kohort (startår)"), lambda r: str(r.start.year)),
    "fase": (
        _("Programfase"),
        lambda r: _("Fase %(n)s") % {"n": r.phase} if r.phase else _("Ukjent fase"),
    ),
    "avtale": (_("Avtaleform"), lambda r: r.contract_group),
}
MEASURES = {
    "stilling": (_("i stillingen"), lambda r: r.left_post),
    "kommune": (_("i kommunen"), lambda r: r.left_municipality),
}


def km_by(rows, grouping, measure="stilling", suppressed=False, today=None):
    """One curve per group. Researchers: groups under 3 people are left out."""
    today = today or timezone.localdate()
    key = GROUPINGS[grouping][1]
    event = MEASURES[measure][1]
    groups = {}
    for r in rows:
        groups.setdefault(key(r), []).append(r)
    curves, hidden = [], []
    for label in sorted(groups):
        members = groups[label]
        if suppressed and len(members) < SMALL:
            hidden.append(label)
            continue
        points = km_curve([r.months(today) for r in members], [event(r) for r in members])
        curves.append({"label": label, "n": len(members), "points": points})
    return curves, hidden


def month_starts(first, last):
    current = first.replace(day=1)
    while current <= last:
        yield current
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)


def monthly_in_post(rows, first=None, today=None, suppressed=False):
    """[(month, count)] of ALIS in post on the first day of each month since the start;
    a count under 3 is None for researchers."""
    today = today or timezone.localdate()
    if not rows:
        return []
    first = first or min(r.start for r in rows)
    last = min(today, max((r.end or r.planned_end) for r in rows))
    series = []
    for month in month_starts(first, last):
        count = sum(1 for r in rows if r.start <= month <= (r.end or r.planned_end))
        series.append((month, None if suppressed and count < SMALL else count))
    return series


def breakdown(rows, attribute, choices, suppressed=False):
    """[(label, count)] for those who left early, by reason or destination."""
    counts = Counter(getattr(r, attribute) or "ukjent" for r in rows if r.left_post)
    labels = dict(choices)
    labels.setdefault("ukjent", _("Ukjent"))
    return [
        (labels.get(value, value), suppress(n) if suppressed else n)
        for value, n in counts.most_common()
    ]


def summary(rows, suppressed=False):
    left = [r for r in rows if r.left_post]
    retained = [r for r in left if not r.left_municipality]
    values = {
        "total": len(rows),
        "left": len(left),
        "retained_in_municipality": len(retained),
        "in_post": sum(1 for r in rows if (r.end or r.planned_end) >= timezone.localdate()),
    }
    if suppressed:
        values = {k: suppress(v) for k, v in values.items()}
    return values
