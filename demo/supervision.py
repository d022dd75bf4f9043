"""Demo data for supervision: sessions for the demo placements over the last six months,
with some deficits, a disputed session, an absence, a supervision group, and the monthly
check run for those months. Idempotent: rows are found by their natural keys."""

from datetime import date, timedelta
from decimal import Decimal

from alisvest.models import User
from placements.models import (
    Absence,
    Doctor,
    MedicalCentre,
    Placement,
    Programme,
    SupervisorAssignment,
)
from supervision.models import (
    GroupAttendance,
    GroupMeeting,
    GroupMembership,
    MonthlyCheck,
    SupervisionGroup,
    SupervisionSession,
)
from supervision.months import month_bounds, previous_month
from supervision.services import run_monthly_check

# Used only when the placements demo has made no placements for the programme.
FALLBACK_DOCTORS = [
    ("Dan Dale", "dan@demo.alisvest.no", "9100001", "4601", "dan@demo.alisvest.no"),
    ("Siri Sæle", "siri@demo.alisvest.no", "9100002", "4601", None),
    ("Tor Tveit", "tor@demo.alisvest.no", "9100003", "4614", None),
]

# Minutes of individual supervision per month (oldest first), per placement in order:
# the first meets 120 until the last month, where a disputed session leaves it short; the
# second falls short twice; the third is away on a course in the fourth month (less is
# required) and falls short once.
PATTERN = [
    [120, 120, 150, 120, 120, 90],
    [120, 45, 120, 60, 120, 120],
    [120, 120, 120, 75, 90, 120],
]


def _months(count=6):
    month = previous_month()
    months = []
    for _ in range(count):
        months.append(month)
        month = previous_month(month)
    return list(reversed(months))


def _placements(vest, carol):
    # Only placements in post during the demo months (the research demo adds 2017 ones).
    months = _months()
    in_post = Placement.objects.filter(programme=vest).overlapping(months[0], months[-1])
    placements = list(in_post.order_by("start", "pk")[:3])
    if placements:
        return placements
    # About nineteen months in post: two half-year reviews behind them and a third due.
    start = previous_month() - timedelta(days=580)
    for name, email, hpr, number, login in FALLBACK_DOCTORS:
        centre = MedicalCentre.objects.filter(
            municipality__number=number, municipality__valid_to=None
        ).first()
        if centre is None:
            continue
        user = User.objects.filter(email=login).first() if login else None
        if user is not None and Doctor.objects.filter(user=user).exclude(hpr_number=hpr).exists():
            user = None
        doctor, _ = Doctor.objects.get_or_create(
            hpr_number=hpr,
            defaults={"programme": vest, "name": name, "email": email, "user": user},
        )
        placement, _ = Placement.objects.get_or_create(
            doctor=doctor,
            defaults={
                "programme": vest,
                "municipality": centre.municipality,
                "centre": centre,
                "start": start.replace(day=1),
                "planned_end": start.replace(day=1, year=start.year + 5),
                "list_length": 750,
            },
        )
        placements.append(placement)
    return placements


def seed(stdout):
    vest = Programme.objects.filter(slug="alis-vest").first()
    carol = User.objects.filter(email="carol@demo.alisvest.no").first()
    if vest is None or carol is None:
        return
    placements = _placements(vest, carol)
    months = _months()
    for placement in placements:
        if not placement.supervisor_assignments.exists():
            SupervisorAssignment.objects.create(
                placement=placement, supervisor=carol, start=placement.start
            )
    for placement, pattern in zip(placements, PATTERN, strict=False):
        _sessions(placement, months, pattern)
    if placements:
        _disputed_session(placements[0], carol, months[-1])
        _course_absence(placements[-1], months[3])
        _group(vest, carol, placements, months)
    for month in months:
        run_monthly_check(month, notify=False)
    deficits = MonthlyCheck.objects.filter(month__in=months, status="deficit").count()
    stdout.write(
        f"Veiledning: {SupervisionSession.objects.count()} timer, {deficits} måneder med "
        f"underskudd ({date.today():%Y-%m-%d})."
    )


def _sessions(placement, months, pattern):
    """Each month's minutes of pattern as two confirmed sessions, on the 6th and the 20th."""
    supervisor = placement.supervisor_assignments.first().supervisor
    for month, minutes in zip(months, pattern, strict=True):
        for day, share in ((6, minutes // 2), (20, minutes - minutes // 2)):
            share -= share % 15
            if share < 15:
                continue
            SupervisionSession.objects.update_or_create(
                placement=placement,
                date=month.replace(day=day),
                defaults={
                    "supervisor": supervisor,
                    "minutes": share,
                    "topics": "Gjennomgang av pasientkasus og journalføring",
                    "status": SupervisionSession.Status.CONFIRMED,
                },
            )


def _disputed_session(placement, carol, month):
    """A disputed session, in the last month of the first placement."""
    SupervisionSession.objects.get_or_create(
        placement=placement,
        date=month.replace(day=27),
        defaults={
            "supervisor": carol,
            "minutes": 45,
            "topics": "Legevaktsforberedelser",
            "status": SupervisionSession.Status.DISPUTED,
            "alis_comment": "Vi rakk bare en kort prat, ikke 45 minutter.",
        },
    )


def _course_absence(placement, month):
    """An absence: two weeks on a course in the fourth month for the last placement."""
    first, _last = month_bounds(month)
    Absence.objects.get_or_create(
        placement=placement,
        start=first.replace(day=3),
        defaults={
            "kind": Absence.Kind.COURSE,
            "end": first.replace(day=16),
            "substitute_arranged": True,
            "note": "Emnekurs i akuttmedisin",
        },
    )


def _group(vest, carol, placements, months):
    """A supervision group of the placements, meeting on the 12th of every month."""
    group, _ = SupervisionGroup.objects.get_or_create(
        programme=vest,
        name="Veiledningsgruppe Vestland",
        defaults={
            "leader": carol,
            "start": months[0],
            "end": months[0].replace(year=months[0].year + 2),
        },
    )
    memberships = [
        GroupMembership.objects.get_or_create(group=group, placement=p)[0] for p in placements
    ]
    for index, month in enumerate(months):
        meeting, created = GroupMeeting.objects.get_or_create(
            group=group,
            date=month.replace(day=12),
            defaults={"hours": Decimal("7.5"), "topic": "Kasusdrøfting"},
        )
        if created:
            GroupAttendance.objects.bulk_create(
                GroupAttendance(meeting=meeting, membership=m)
                for n, m in enumerate(memberships)
                if (index + n) % 4  # everyone misses a day now and then
            )
