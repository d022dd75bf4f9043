"""Follow-up of each person in post: when their time starts, when it stops and whether it
stops with the study's event or is censored. One definition, used by the Kaplan–Meier
curves, the month-by-month count and the export (docs/research-retention.md).

A post ends at its actual end, or at its planned end when no earlier end was recorded and
the planned end has passed. Follow-up stops there. Only someone still in post at the data
cut-off date is censored at the cut-off; someone whose post ended without the event is
censored at the end of the post (the register does not follow them further)."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from placements.models import Participation, Placement

from .models import Category, Study

DAYS_PER_MONTH = 365.25 / 12
# Own GP list or another post in the same municipality: still in the municipality.
RETAINED = {Placement.Destination.OWN_LIST_SAME, Placement.Destination.OTHER_MUNICIPAL_POST}
FIXED_SALARY = {
    Placement.ContractType.FIXED_SALARY,
    Placement.ContractType.FIXED_SALARY_BONUS,
    Placement.ContractType.FIXED_SALARY_LOCUM,
}


@dataclass
class Record:
    """One placement as the analysis sees it."""

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
    later_in_programme: bool = False  # a later post of the same person in the programme

    @property
    def post_end(self):
        return self.end or self.planned_end

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
        """The post ended, and not for the own list or another post in the municipality.
        An unknown destination counts as having left: retention is never overstated."""
        return self.end is not None and self.destination not in RETAINED

    @property
    def left_general_practice(self):
        return self.end is not None and (
            self.destination == Placement.Destination.HOSPITAL
            or self.end_reason == Placement.EndReason.NOT_GENERAL_PRACTICE
        )

    @property
    def left_region(self):
        return self.left_municipality and not self.later_in_programme


EVENTS = {
    Study.Event.POST: lambda r: r.left_post,
    Study.Event.GENERAL_PRACTICE: lambda r: r.left_general_practice,
    Study.Event.MUNICIPALITY: lambda r: r.left_municipality,
    Study.Event.REGION: lambda r: r.left_region,
}


@dataclass(frozen=True)
class Spell:
    """A person's follow-up: in post from `start` to `stop` (both days counted)."""

    record: Record
    start: date
    stop: date
    event: bool
    in_post_at_cutoff: bool

    @property
    def months(self):
        return (self.stop - self.start).days / DAYS_PER_MONTH

    def covers(self, day):
        return self.start <= day <= self.stop


def spell(record, event, cutoff):
    """The follow-up of one record under `event` (a Study.Event) at the cut-off date, or
    None when the post starts after the cut-off."""
    if record.start > cutoff:
        return None
    if record.post_end > cutoff:  # still in post when the data were cut: censored
        return Spell(record, record.start, cutoff, event=False, in_post_at_cutoff=True)
    happened = EVENTS[event](record)
    return Spell(record, record.start, record.post_end, event=happened, in_post_at_cutoff=False)


def follow_up(rows, event, cutoff):
    """[Spell] for every record that started by the cut-off date."""
    return [s for s in (spell(r, event, cutoff) for r in rows) if s is not None]


def contract_group(contract_type):
    if contract_type == Placement.ContractType.SELF_EMPLOYED:
        return _("Næringsdrift")
    if contract_type in FIXED_SALARY:
        return _("Fastlønn")
    return _("Annet")


def consenting_doctors(study):
    """{doctor id: pseudonym} of ALIS with a consent in force right now."""
    ids = study.consents.active().filter(category=Category.ALIS).values_list("doctor_id", flat=True)
    return {pk: study.pseudonym(f"doctor:{pk}") for pk in ids}


def phases(study):
    """{municipality id: phase}, for the municipality that took part and for today's."""
    phase_of = {}
    for municipality, merged_into, phase in Participation.objects.filter(
        programme=study.programme
    ).values_list("municipality_id", "municipality__merged_into_id", "phase"):
        phase_of[municipality] = phase
        if merged_into:
            phase_of.setdefault(merged_into, phase)
    return phase_of


def later_posts(placements):
    """{placement id: True} for placements followed by another post of the same doctor."""
    starts = {}
    for p in placements:
        starts.setdefault(p.doctor_id, []).append(p.start)
    return {p.pk: any(s > p.start for s in starts[p.doctor_id]) for p in placements}


def record_of(placement, label, phase_of, later):
    p = placement
    return Record(
        label=label,
        start=p.start,
        end=p.actual_end,
        planned_end=p.planned_end,
        contract_type=p.contract_type,
        contract_group=contract_group(p.contract_type),
        phase=phase_of.get(p.municipality_id) or phase_of.get(p.municipality.current.pk),
        end_reason=p.end_reason,
        destination=p.destination,
        municipality=p.municipality.name,
        later_in_programme=later.get(p.pk, False),
    )


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
    placements = list(placements.order_by("start", "pk"))
    phase_of, later = phases(study), later_posts(placements)
    return [
        record_of(p, p.doctor.name if names else pseudonyms[p.doctor_id], phase_of, later)
        for p in placements
    ]
