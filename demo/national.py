"""Demo data for today's national scheme: "ALIS Vestland nasjonal" (2023–, the national rule
set, supervision as a yearly average of 240 minutes a month × 10.5), with a per-month grant
scheme of example rates, five placements in Voss, Sunnfjord and Bremanger (one post shared
with Kinn), their supervisors, and supervision from 2024 on, each year telling a story of
the 10.5-month rule:

- Mari Myklebust (Voss) has no supervision in July: 11 × 240 = 2640 ≥ 2520, the year is ok.
- Henrik Hauge (Voss) is on parental leave March–May 2025: 273 of 365 days,
  ceil(2520 × 273 / 365) = 1885 required, 9 × 210 = 1890 logged: ok.
- Solveig Sande (Sunnfjord) gets 195 minutes a month in 2025: 2340 < 2520, a deficit.
- Tobias Tveit (Bremanger, shared with Kinn) starts 1 July 2024: ceil(2520 × 184 / 366)
  = 1267 required that year, 6 × 240 logged.
- Ida Indrebø (Bremanger, locum) starts 1 March 2025.

The rates are examples, marked so (is_example, "eksempelsatser" in the name): an
administrator enters the year's official rates from Helsedirektoratet's circular.
Idempotent: rows are found by their natural keys. seed() returns the programme."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from alisvest.models import User
from alisvest.roles import Role, grant_role
from funding.models import GrantScheme, JobType, MonthlyRate
from placements.models import (
    Absence,
    Doctor,
    MedicalCentre,
    Municipality,
    Participation,
    Placement,
    Programme,
    SupervisorAssignment,
)
from supervision.models import SupervisionSession
from supervision.months import months_between
from supervision.services import run_monthly_check
from supervision.yearly import run_yearly_check

from .placements import DEMO_PASSWORD

SLUG = "alis-vestland-nasjonal"
STARTED = date(2023, 1, 1)

# Example monthly amounts at 100 % per job type (kroner); not the official rates.
EXAMPLE_RATES = {
    JobType.GP: Decimal(11_000),
    JobType.INTRODUCTION: Decimal(9_000),
    JobType.OTHER_MUNICIPAL: Decimal(7_000),
    JobType.SUPERVISION_ONLY: Decimal(3_000),
}
EXAMPLE_CLASS6_SUPPLEMENT = Decimal(2_500)

# number: (centre, doctors, supervisor email, supervisor name)
CENTRES = {
    "4621": ("Voss legesenter", 8, "veileder.voss@demo.alisvest.no", "Vera Vik (veileder)"),
    "4647": ("Førde legesenter", 9, "veileder.sunnfjord@demo.alisvest.no", "Sindre Strand"),
    "4648": ("Svelgen legekontor", 3, "veileder.bremanger@demo.alisvest.no", "Berit Bakke"),
}
SHARED_WITH = "4602"  # Kinn shares Bremanger's post (interkommunalt samarbeid)

C = Placement.ContractType
# (name, hpr, municipality, second municipality, contract, percent, start)
PLACEMENTS = [
    ("Mari Myklebust", "9300001", "4621", None, C.FIXED_SALARY, 100, date(2023, 9, 1)),
    ("Henrik Hauge", "9300002", "4621", None, C.MUNICIPAL, 60, date(2023, 9, 1)),
    ("Solveig Sande", "9300003", "4647", None, C.INTRODUCTION, 100, date(2024, 1, 1)),
    ("Tobias Tveit", "9300004", "4648", SHARED_WITH, C.FIXED_SALARY, 80, date(2024, 7, 1)),
    ("Ida Indrebø", "9300005", "4648", None, C.FIXED_SALARY_LOCUM, 100, date(2025, 3, 1)),
]  # fmt: skip

LEAVE = ("9300002", date(2025, 3, 1), date(2025, 5, 31))  # Henrik's parental leave


def minutes_in(hpr, month):
    """The story above, month by month: minutes of individual supervision (0: none)."""
    if hpr == "9300001" and month.month == 7:
        return 0  # the summer without supervision
    if hpr == "9300002":
        if LEAVE[1] <= month <= LEAVE[2]:
            return 0
        return 210 if month.year == 2025 else 240
    if hpr == "9300003" and month.year == 2025:
        return 195  # 12 × 195 = 2340, short of the year's 2520
    return 240


def seed():
    current = {m.number: m for m in Municipality.objects.current()}
    programme = _programme(current)
    _scheme(programme)
    leader = _user("nasjonal@demo.alisvest.no", "Nora Nes (prosjektleder nasjonal)")
    grant_role(leader, Role.PROJECT_LEADER, programme)
    # The ALIS-VEST leader leads this programme too, and switches between the two.
    liv = User.objects.filter(email="leder@demo.alisvest.no").first()
    if liv is not None:
        grant_role(liv, Role.PROJECT_LEADER, programme)
    placements = [_placement(programme, current, *row) for row in PLACEMENTS]
    _sessions(placements)
    _checks(placements)
    return programme


def _programme(current):
    programme, _ = Programme.objects.update_or_create(
        slug=SLUG,
        defaults={
            "name": "ALIS Vestland nasjonal",
            "started": STARTED,
            "lead_municipality": current["4621"],
            "description": "ALIS-stillinger i Vestland på den nasjonale ordningen "
            "(Nasjonal ALIS og veiledning).",
            "rule_set": Programme.RuleSet.NATIONAL,
            "supervision_rule": Programme.SupervisionRule.YEARLY_AVERAGE,
            "monthly_supervision_minutes": 240,
        },
    )
    for number in [*CENTRES, SHARED_WITH]:
        Participation.objects.get_or_create(
            programme=programme, municipality=current[number], defaults={"joined": STARTED}
        )
    return programme


def _scheme(programme):
    scheme, _ = GrantScheme.objects.update_or_create(
        programme=programme,
        valid_from=STARTED,
        defaults={
            "name": "Nasjonal ALIS-ordning – eksempelsatser (ikke offisielle satser)",
            "kind": GrantScheme.Kind.PER_MONTH,
            "is_example": True,
            "annual_cap": None,
            "annual_own_share": Decimal(0),
            "class6_monthly_supplement": EXAMPLE_CLASS6_SUPPLEMENT,
        },
    )
    for job_type, amount in EXAMPLE_RATES.items():
        MonthlyRate.objects.update_or_create(
            scheme=scheme, job_type=job_type, defaults={"monthly_amount": amount}
        )
    return scheme


def _user(email, name, role=None):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, name=name)
    if role:
        grant_role(user, role)
    return user


def _placement(programme, current, name, hpr, number, second, contract, percent, start):
    centre_name, doctors, supervisor_email, supervisor_name = CENTRES[number]
    centre, _ = MedicalCentre.objects.get_or_create(
        municipality=current[number],
        name=centre_name,
        defaults={"doctor_count": doctors, "specialist_count": doctors // 2},
    )
    doctor, _ = Doctor.objects.get_or_create(
        hpr_number=hpr,
        defaults={"programme": programme, "name": name, "email": _email(name)},
    )
    placement, _ = Placement.objects.get_or_create(
        doctor=doctor,
        defaults={
            "programme": programme,
            "municipality": current[number],
            "second_municipality": current[second] if second else None,
            "centre": centre,
            "contract_type": contract,
            "position_percent": percent,
            "start": start,
            "planned_end": start.replace(year=start.year + 5) - timezone.timedelta(days=1),
            "list_length": 700,
        },
    )
    supervisor = _user(supervisor_email, supervisor_name, Role.SUPERVISOR)
    SupervisorAssignment.objects.get_or_create(
        placement=placement, supervisor=supervisor, defaults={"start": start}
    )
    if hpr == LEAVE[0]:
        Absence.objects.get_or_create(
            placement=placement,
            start=LEAVE[1],
            end=LEAVE[2],
            defaults={"kind": Absence.Kind.PARENTAL},
        )
    return placement


def _email(name):
    local = name.lower().replace(" ", ".").translate(str.maketrans("æøå", "eoa"))
    return f"{local}@demo.alisvest.no"


def _sessions(placements):
    """From 2024 (or the start) to last month, each month's minutes in one confirmed session."""
    last_month = timezone.localdate().replace(day=1) - timezone.timedelta(days=1)
    for placement in placements:
        supervisor = placement.supervisor_assignments.first().supervisor
        start = max(placement.start, date(2024, 1, 1))
        for month in months_between(start, last_month):
            minutes = minutes_in(placement.doctor.hpr_number, month)
            if minutes:
                SupervisionSession.objects.get_or_create(
                    placement=placement,
                    date=month.replace(day=12),
                    defaults={
                        "supervisor": supervisor,
                        "minutes": minutes,
                        "topics": "Konsultasjoner og journalføring",
                        "status": SupervisionSession.Status.CONFIRMED,
                    },
                )


def _checks(placements):
    """The monthly check (short months show as "behind") and the yearly check for the years
    that are over, without notices."""
    ids = [p.pk for p in placements]
    today = timezone.localdate()
    for month in months_between(date(2024, 1, 1), today.replace(day=1)):
        if month < today.replace(day=1):
            run_monthly_check(month, notify=False, placements=ids)
    for year in range(2024, today.year):
        run_yearly_check(year, notify=False, placements=ids)
