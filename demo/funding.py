"""Demo data for funding: the ALIS-VEST scheme (200 000 cap, 50 000 own share per ALIS-year,
22 MNOK budget), an example national table clearly marked as an example, expenses for the
demo placements, the statements for the last two years issued (one paid, one overdue, the
rest open), and the steering group's budget. Idempotent: natural keys, and
statements only for municipalities that have none for that year."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from alisvest.models import User
from funding.credit_notes import credit
from funding.models import (
    BudgetLine,
    CreditNote,
    Expense,
    GrantScheme,
    GrantStatement,
    MonthlyRate,
    Payment,
)
from funding.services import NoData, issue_statements
from placements.models import Placement, Programme

# Example figures only: the real national rates are entered each year by an administrator.
EXAMPLE_NATIONAL_RATES = {
    "fastlege": Decimal(10_000),
    "introduksjonslege": Decimal(8_000),
    "annen_kommunal": Decimal(6_000),
    "kun_veiledning": Decimal(2_500),
}

# The demo issues last year's statements even in the first days of January, before the
# reporting deadline; the reason is recorded as for any early run.
DEMO_EARLY = "Demodata"

# The steering group's budget per expense category and year (kroner).
BUDGET = {
    "kursavgift": Decimal(150_000),
    "veiledningsgruppe": Decimal(60_000),
    "vikar": Decimal(300_000),
    "reise": Decimal(40_000),
    "veilederhonorar": Decimal(50_000),
}

# (category, amount, description) per placement per year, in order.
EXPENSES = [
    [
        ("kursavgift", Decimal(42_000), "Grunnkurs i allmennmedisin"),
        ("veiledningsgruppe", Decimal(18_500), "Veiledningsgruppe Bergen, vår og høst"),
        ("vikar", Decimal(96_000), "Vikar under kurs og hospitering"),
        ("reise", Decimal(7_850), "Reise til kurs"),
    ],
    [
        ("kursavgift", Decimal(21_000), "Emnekurs"),
        ("veilederhonorar", Decimal(30_000), "Honorar til veileder"),
    ],
    [
        ("vikar", Decimal(160_000), "Vikar i fødselspermisjonen til fastlegen"),
        ("reise", Decimal(12_400), "Reise til veiledningsgruppe"),
        ("kursavgift", Decimal(55_000), "Kurs og konferanse"),
    ],
]


def seed(stdout):
    vest = Programme.objects.filter(slug="alis-vest").first()
    if vest is None:
        return
    _vest_scheme(vest)
    _example_scheme()
    this_year = timezone.localdate().year
    _expenses(vest, this_year)
    for year in (this_year - 2, this_year - 1):
        try:
            issued = issue_statements(
                year,
                programmes=[vest.pk],
                only_missing=True,
                early=DEMO_EARLY if year == this_year - 1 else "",
            )
        except NoData:
            issued = []
        if issued:
            stdout.write(f"Årsoppgjør for {year}: {len(issued)} utstedt.")
    _credit_note(vest, this_year - 1)
    _settlements(vest, this_year)
    _budget(vest, this_year)


def _credit_note(vest, year):
    """One credit note: the last year's statement to Stord is cancelled (an expense was
    wrong) and issued again as version 2. Once: only while the demo has no credit note."""
    if CreditNote.objects.filter(programme=vest).exists():
        return
    statement = (
        GrantStatement.objects.current()
        .filter(programme=vest, year=year)
        .order_by("-municipality__number")
        .first()
    )
    leader = User.objects.filter(email="leder@demo.alisvest.no").first()
    if statement is None or leader is None:
        return
    credit(statement, by=leader, reason="Feil beløp på en vikarutgift; nytt oppgjør følger.")
    issue_statements(
        year,
        by=leader,
        programmes=[vest.pk],
        municipality_number=statement.municipality.number,
        early=DEMO_EARLY,
    )


def _settlements(vest, this_year):
    """One paid, one overdue and some open settlements: two of the year before last's
    statements look issued by the January job a year ago (the first paid, the second
    overdue); the rest are open."""
    earlier = list(
        GrantStatement.objects.current()
        .filter(programme=vest, year=this_year - 2)
        .exclude(net=0)
        .order_by("municipality__name")
    )
    if len(earlier) < 2 or Payment.objects.filter(statement__in=earlier).exists():
        return
    january = timezone.now().replace(year=this_year - 1, month=1, day=15)
    # Demo history only: issued rows are otherwise never changed.
    GrantStatement.objects.filter(pk__in=[s.pk for s in earlier[:2]]).update(
        issued_at=january, due_date=january.date() + timedelta(days=30)
    )
    first = earlier[0]
    Payment.objects.create(
        statement=first,
        paid_on=january.date() + timedelta(days=20),
        amount=abs(first.net),
        source=Payment.Source.BANK,
        bank_reference=first.number,
    )


def _budget(vest, this_year):
    """The steering group's budget per category for last year and this."""
    for year in (this_year - 1, this_year):
        for category, amount in BUDGET.items():
            BudgetLine.objects.get_or_create(
                programme=vest, year=year, category=category, defaults={"amount": amount}
            )


def _vest_scheme(vest):
    GrantScheme.objects.update_or_create(
        programme=vest,
        valid_from=date(2017, 1, 1),
        defaults={
            "name": "ALIS-VEST tilskudd og egenandel",
            "kind": GrantScheme.Kind.PER_YEAR,
            "annual_cap": Decimal(200_000),
            "annual_own_share": Decimal(50_000),
            "budget": Decimal(22_000_000),
            "reporting_deadline_days": 10,
            "payment_days": 30,
        },
    )


def _example_scheme():
    """The national scheme in a programme of its own, marked as an example."""
    national, _ = Programme.objects.get_or_create(
        slug="nasjonal-alis-eksempel",
        defaults={
            "name": "Nasjonal ALIS og veiledning (eksempel)",
            "started": date(2022, 1, 1),
            "description": "Eksempel på den nasjonale ordningen. Satsene er ikke de gjeldende.",
        },
    )
    example, _ = GrantScheme.objects.update_or_create(
        programme=national,
        valid_from=date(2022, 1, 1),
        defaults={
            "name": "EKSEMPEL – nasjonal ordning, satser per hele måned",
            "kind": GrantScheme.Kind.PER_MONTH,
            "is_example": True,
            "annual_cap": None,
            "annual_own_share": Decimal(0),
            "class6_monthly_supplement": Decimal(2_000),
        },
    )
    for job_type, amount in EXAMPLE_NATIONAL_RATES.items():
        MonthlyRate.objects.update_or_create(
            scheme=example, job_type=job_type, defaults={"monthly_amount": amount}
        )


def _expenses(vest, this_year):
    """EXPENSES for the first three placements, every year in post up to this year."""
    placements = list(Placement.objects.filter(programme=vest).order_by("start", "pk")[:3])
    for placement, rows in zip(placements, EXPENSES, strict=False):
        for year in range(placement.start.year, min(placement.end.year, this_year) + 1):
            for category, amount, description in rows:
                Expense.objects.get_or_create(
                    placement=placement,
                    year=year,
                    category=category,
                    description=description,
                    defaults={"amount": amount},
                )
