"""Expenses and the annual grant statements. Computing a year's statements is set-based:
the same handful of queries whatever the number of municipalities and placements."""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max, Prefetch, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from alisvest.access import require
from alisvest.models import MunicipalityUserObjectPermission, User
from alisvest.uploads import safe_filename
from placements.models import CostShare, Municipality, Placement
from placements.register.cost_shares import payers_of, shares_of

from . import closing, permissions, rules
from .closing import NoData, YearNotClosed
from .due_dates import business_day
from .models import (
    Expense,
    GrantScheme,
    GrantStatement,
    GrantStatementLine,
    MonthlyRate,
    job_type_for,
)

# Advisory lock key space for issuing statements (plus the year).
STATEMENT_LOCK = 6_150_000_000

__all__ = ["NoData", "YearNotClosed"]  # raised here, defined with the closing rules


# --- Expenses ---------------------------------------------------------------------------


def issued_statement_for(placement, year):
    """The current statement covering this placement's year, if one is issued."""
    recipient = recipient_of(placement.municipality, year)
    return (
        GrantStatement.objects.current()
        .filter(programme=placement.programme_id, year=year, municipality=recipient)
        .first()
    )


def lock_error(placement, year, by):
    """The Norwegian reason an entry for `year` cannot be changed, or None."""
    if by is not None and permissions.leads_programme_of(by, placement):
        return None  # project leaders correct locked years and then issue a new version
    statement = issued_statement_for(placement, year)
    if statement is None:
        return None
    return _(
        "Utgiftene for %(year)s er låst fordi årsoppgjør %(number)s er utstedt. Kontakt "
        "prosjektleder hvis noe må rettes."
    ) % {"year": year, "number": statement.number}


def deadline_error(placement, year, by):
    """The Norwegian reason expenses for `year` can no longer be reported, or None: on the
    national scheme the scheme's reporting deadline has passed (the regional pilot locks a
    year when its statement is issued instead). Project leaders may still correct."""
    if by is not None and permissions.leads_programme_of(by, placement):
        return None
    scheme = (
        GrantScheme.objects.valid_in(year)
        .filter(programme=placement.programme_id, programme__rule_set="national")
        .first()
    )
    if scheme is None or timezone.localdate() <= scheme.deadline_for(year):
        return None
    return _(
        "Fristen for å rapportere utgifter for %(year)s var %(deadline)s. Kontakt "
        "prosjektleder hvis noe må rettes."
    ) % {"year": year, "deadline": scheme.deadline_for(year).strftime("%d.%m.%Y")}


def year_error(placement, year, by):
    return lock_error(placement, year, by) or deadline_error(placement, year, by)


@transaction.atomic
def add_expense(placement, *, by, attachment=None, attachment_type="", **fields):
    require(permissions.can_report_expenses(by, placement))
    expense = Expense(placement=placement, created_by=by, **fields)
    expense.status = permissions.entry_status(by, placement)
    expense.full_clean(exclude=["attachment"])
    error = year_error(placement, expense.year, by)
    if error:
        raise ValidationError({"year": error})
    if attachment is not None:
        expense.attachment_name = safe_filename(attachment.name, attachment_type)
        expense.attachment_type, expense.attachment = attachment_type, attachment
    expense.save()
    return expense


@transaction.atomic
def update_expense(expense, *, by, **fields):
    require(permissions.can_report_expenses(by, expense.placement))
    old_year = expense.year
    for name, value in fields.items():
        setattr(expense, name, value)
    expense.status = permissions.entry_status(by, expense.placement)
    expense.full_clean(exclude=["attachment"])
    for year in {old_year, expense.year}:
        error = year_error(expense.placement, year, by)
        if error:
            raise ValidationError({"year": error})
    expense.save()
    return expense


@transaction.atomic
def delete_expense(expense, *, by):
    require(permissions.can_report_expenses(by, expense.placement))
    error = year_error(expense.placement, expense.year, by)
    if error:
        raise ValidationError(error)
    if expense.attachment:
        expense.attachment.delete(save=False)
    expense.delete()


# --- Statements -------------------------------------------------------------------------


def recipient_of(municipality, year):
    """Who receives the statement for `year`: the municipality as it was that year; a
    municipality merged before the year ended is represented by today's municipality."""
    if (
        municipality.merged_into_id
        and municipality.valid_to is not None
        and municipality.valid_to < date(year, 12, 31)
    ):
        return municipality.merged_into_id
    return municipality.pk


@dataclass
class Line:
    placement: Placement
    period_start: date
    period_end: date
    days: int
    months: int | None
    position_percent: int
    cap: Decimal
    expenses: Decimal  # with øre
    grant: Decimal
    own_share: Decimal
    net: Decimal
    share_percent: Decimal = Decimal(100)


@dataclass
class Draft:
    """A statement computed but not yet stored."""

    scheme: GrantScheme
    municipality: Municipality
    year: int
    lines: list = field(default_factory=list)

    @property
    def total_cap(self):
        return sum(line.cap for line in self.lines)

    @property
    def total_expenses(self):
        return sum(line.expenses for line in self.lines)

    @property
    def total_grant(self):
        return sum(line.grant for line in self.lines)

    @property
    def total_own_share(self):
        return sum(line.own_share for line in self.lines)

    @property
    def net(self):
        return self.total_grant - self.total_own_share


def compute_statements(year, *, municipality_number=None, programmes=None):
    """Every statement for `year`, computed (not stored), in four queries: schemes with
    their rates, placements with doctor and municipalities, expense sums, recipients."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    schemes = _schemes_valid_in(year, programmes)
    placements = list(
        Placement.objects.overlapping(first, last)
        .filter(programme__in=schemes.keys())
        .select_related("doctor", "municipality", "national_job_type")
        .prefetch_related(Prefetch("cost_shares", queryset=CostShare.objects.order_by("pk")))
        .order_by("doctor__name", "start", "pk")
    )
    expenses = dict(
        Expense.objects.approved(year=year, placement__in=[p.pk for p in placements])
        .values("placement")
        .annotate(total=Sum("amount"))
        .values_list("placement", "total")
    )
    payers = payers_of(placements)
    drafts = {}
    for placement in placements:
        scheme = schemes[placement.programme_id]
        centrality = payers[recipient_of(placement.municipality, year)].centrality
        line = _line(scheme, placement, year, centrality, expenses.get(placement.pk, Decimal(0)))
        if not line.days:
            continue
        for payer_id, share in zip(*_split(placement, line), strict=True):
            recipient = payers[recipient_of(payers[payer_id], year)]
            if municipality_number and recipient.number != municipality_number:
                continue
            draft = drafts.setdefault(
                (scheme.pk, recipient.pk), Draft(scheme=scheme, municipality=recipient, year=year)
            )
            draft.lines.append(share)
    result = [d for d in drafts.values() if d.lines]
    if not result:
        raise _no_placements(year, municipality_number)
    return sorted(result, key=lambda d: (d.scheme.programme_id, d.municipality.name))


def _split(placement, line):
    """The post's line split by its cost shares: ([payer id], [Line]). Every amount is split
    with the largest remainder method, so the shares add up to the post to the øre."""
    shares = shares_of(placement)
    percents = [p for _m, p in shares]
    if len(shares) == 1:
        return [shares[0][0]], [line]
    cap, expenses, grant, own_share = (
        rules.split_ore(getattr(line, name), percents)
        for name in ("cap", "expenses", "grant", "own_share")
    )
    parts = [
        replace(line, cap=c, expenses=e, grant=g, own_share=o, net=g - o, share_percent=p)
        for c, e, g, o, p in zip(cap, expenses, grant, own_share, percents, strict=True)
    ]
    return [m for m, _p in shares], parts


def _schemes_valid_in(year, programmes):
    """{programme id: scheme} for the schemes valid in `year`, with their rates."""
    valid = GrantScheme.objects.valid_in(year)
    if programmes is not None:
        valid = valid.filter(programme__in=programmes)
    schemes = {
        s.programme_id: s
        for s in valid.select_related("programme").prefetch_related(
            Prefetch("monthly_rates", queryset=MonthlyRate.objects.all())
        )
    }
    if not schemes:
        raise NoData(
            _("Ingen tilskuddsordning gjelder for %(year)s. Ingenting er skrevet.") % {"year": year}
        )
    return schemes


def _no_placements(year, municipality_number):
    where = (
        _(" for kommune %(number)s") % {"number": municipality_number}
        if municipality_number
        else ""
    )
    return NoData(
        _("Ingen utdanningsstillinger i %(year)s%(where)s: ingen data. Ingenting er skrevet.")
        % {"year": year, "where": where}
    )


def _line(scheme, placement, year, centrality, expenses):
    end = placement.end
    period_start = max(placement.start, date(year, 1, 1))
    period_end = min(end, date(year, 12, 31))
    days = rules.days_in_year_inside(year, placement.start, end)
    if scheme.kind == GrantScheme.Kind.PER_YEAR:
        k = rules.kind1_line(
            year=year,
            start=placement.start,
            end=end,
            annual_cap=scheme.annual_cap,
            annual_own_share=scheme.annual_own_share,
            expenses=expenses,
        )
        return Line(
            placement, period_start, period_end, k.days, None, placement.position_percent,
            k.cap, k.expenses, k.grant, k.own_share, k.net,
        )  # fmt: skip
    months = rules.whole_months(year, placement.start, end)
    rate = scheme.rates().get(job_type_for(placement), 0)
    amount = rules.kind2_amount(
        year=year,
        start=placement.start,
        end=end,
        monthly_amount=rate,
        position_percent=placement.position_percent,
        class6_monthly_supplement=scheme.class6_monthly_supplement,
        centrality_class=centrality,
    )
    return Line(
        placement, period_start, period_end, days, months, placement.position_percent,
        amount, rules.round_ore(expenses), amount, 0, amount,
    )  # fmt: skip


def _lock_year(year):
    """Serialise issuing for a year: numbers are taken from max(sequence) + 1."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s::bigint)", [STATEMENT_LOCK + year])


@transaction.atomic
def issue_statements(
    year, *, by=None, municipality_number=None, programmes=None, only_missing=False, early=""
):
    """Compute and store the year's statements, for a year that has ended and whose
    reporting deadline has passed (or `early`: the reason to issue before it). A
    municipality with a current statement gets a new version that supersedes it, unless
    `only_missing` (the beat job issues nothing twice). Raises NoData or YearNotClosed."""
    closing.check_year_ended(year)
    drafts = compute_statements(
        year, municipality_number=municipality_number, programmes=programmes
    )
    early = closing.check_deadline_passed({d.scheme for d in drafts}, year, early_reason=early)
    _lock_year(year)
    programme_ids = {d.scheme.programme_id for d in drafts}
    current = {
        (s.programme_id, s.municipality_id): s
        for s in GrantStatement.objects.current().filter(year=year, programme__in=programme_ids)
    }
    if only_missing:
        drafts = [d for d in drafts if (d.scheme.programme_id, d.municipality.pk) not in current]
        if not drafts:
            return []
    statements = _new_statements(year, drafts, current, by, programme_ids)
    for statement in statements:
        statement.early_reason = early
    _store(statements, drafts)
    return statements


def _new_statements(year, drafts, current, by, programme_ids):
    """The drafts as unsaved statements, numbered on from the year's highest sequence; a
    municipality's current statement, if any, is the one each supersedes."""
    next_sequence = _highest_sequences(year, programme_ids)
    versions = {  # a re-issue after a credit note continues the version numbers
        (p, m): top
        for p, m, top in GrantStatement.objects.filter(year=year, programme__in=programme_ids)
        .values("programme", "municipality")
        .annotate(top=Max("version"))
        .values_list("programme", "municipality", "top")
    }
    now = timezone.now()
    statements = []
    for draft in drafts:
        programme_id = draft.scheme.programme_id
        next_sequence[programme_id] += 1
        statements.append(
            _statement(
                draft,
                previous=current.get((programme_id, draft.municipality.pk)),
                version=versions.get((programme_id, draft.municipality.pk), 0) + 1,
                sequence=next_sequence[programme_id],
                language=draft.municipality.language,
                by=by,
                now=now,
            )
        )
    return statements


def _highest_sequences(year, programme_ids):
    """{programme id: highest sequence used in `year`}, 0 for a programme without any."""
    highest = defaultdict(int)
    for programme_id, top in (
        GrantStatement.objects.filter(year=year, programme__in=programme_ids)
        .values("programme")
        .annotate(top=Max("sequence"))
        .values_list("programme", "top")
    ):
        highest[programme_id] = top
    return highest


def _statement(draft, *, previous, version, sequence, language, by, now):
    scheme, year = draft.scheme, draft.year
    return GrantStatement(
        programme_id=scheme.programme_id,
        scheme=scheme,
        municipality=draft.municipality,
        year=year,
        sequence=sequence,
        number=f"{scheme.programme.slug.upper()}-{year}-{sequence:04d}",
        version=version,
        supersedes=previous,
        issued_at=now,
        issued_by=by,
        due_date=business_day(timezone.localdate(now) + timedelta(days=scheme.payment_days)),
        language=language,
        total_cap=draft.total_cap,
        total_expenses=draft.total_expenses,
        total_grant=draft.total_grant,
        total_own_share=draft.total_own_share,
        net=draft.net,
    )


def _store(statements, drafts):
    """Save the new statements; the versions they supersede step aside first, since only one
    statement per year may be current, and then point to their successors."""
    old = [s.supersedes for s in statements if s.supersedes is not None]
    if old:
        GrantStatement.objects.filter(pk__in=[o.pk for o in old]).update(
            status=GrantStatement.Status.SUPERSEDED, superseded_by=None
        )
    _insert(statements, drafts)
    if old:
        successors = {s.supersedes.pk: s.pk for s in statements if s.supersedes is not None}
        for o in old:
            o.superseded_by_id = successors[o.pk]
        GrantStatement.objects.bulk_update(old, ["superseded_by"])


def _insert(statements, drafts):
    GrantStatement.objects.bulk_create(statements)
    GrantStatementLine.objects.bulk_create(
        GrantStatementLine(
            statement=statement,
            placement=line.placement,
            doctor_name=line.placement.doctor.name,
            period_start=line.period_start,
            period_end=line.period_end,
            days=line.days,
            months=line.months,
            position_percent=line.position_percent,
            cap=line.cap,
            expenses=line.expenses,
            grant=line.grant,
            own_share=line.own_share,
            net=line.net,
            share_percent=line.share_percent,
        )
        for statement, draft in zip(statements, drafts, strict=True)
        for line in draft.lines
    )


def statement_managers(statement):
    """E-mail addresses of the recipient municipality's managers (and of its successor)."""
    return managers_of(statement.municipality)


def managers_of(municipality):
    """E-mail addresses of the municipality's managers (and of its successor)."""
    ids = [municipality.pk] + ([municipality.merged_into_id] if municipality.merged_into_id else [])
    return list(
        User.objects.filter(
            pk__in=MunicipalityUserObjectPermission.objects.filter(
                content_object__in=ids, permission__codename="manage_municipality"
            ).values("user"),
            is_active=True,
        )
        .order_by("email")
        .values_list("email", flat=True)
    )
