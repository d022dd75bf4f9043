"""Settlements followed up: when each falls due (never on a weekend or a Norwegian public
holiday), what to pay it with (a KID, or the statement number), whether it is open, paid
or overdue, recording a payment by hand or from the bank's CSV file, and the reminders."""

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alisvest.access import require
from alisvest.models import ProgrammeUserObjectPermission, User
from alisvest.roles import access_of

from .due_dates import business_day
from .models import (
    REMINDER_DAYS,
    Expense,
    ExpenseCategory,
    GrantStatement,
    Payment,
    PaymentReminder,
    PaymentSetup,
)
from .services import managers_of


class Status:
    OPEN = "open"
    PAID = "paid"
    OVERDUE = "overdue"
    LABELS = {
        OPEN: gettext_lazy("Åpen"),
        PAID: gettext_lazy("Betalt"),
        OVERDUE: gettext_lazy("Forfalt"),
    }


# --- Due dates --------------------------------------------------------------------------


def due_date(statement):
    """The statement's payment deadline off weekends and public holidays (issued ones are
    stored so; this moves those issued before)."""
    return business_day(statement.due_date)


# --- Payment references -----------------------------------------------------------------


def mod10(digits):
    """The MOD10 (Luhn) check digit of a string of digits, as Norwegian KIDs use."""
    total = 0
    for i, char in enumerate(reversed(digits)):
        n = int(char) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return str((10 - total % 10) % 10)


def kid_is_valid(kid):
    return kid.isdigit() and len(kid) >= 2 and mod10(kid[:-1]) == kid[-1]


def kid(statement):
    """Programme, year and sequence, and the check digit: unique per programme's agreement."""
    base = f"{statement.programme_id:03d}{statement.year}{statement.sequence:05d}"
    return base + mod10(base)


def payment_reference(statement, setup=None):
    """A KID where the programme has a KID agreement, else the statement number."""
    if setup is None:
        setup = PaymentSetup.objects.filter(programme=statement.programme_id).first()
    return kid(statement) if getattr(setup, "kid_agreement", False) else statement.number


# --- Status -----------------------------------------------------------------------------


def status(statement, today=None):
    """Open, paid or overdue; a statement that settles to zero has nothing to pay."""
    if _payment_of(statement) is not None or statement.settlement_amount == 0:
        return Status.PAID
    today = today or timezone.localdate()
    return Status.OVERDUE if today > due_date(statement) else Status.OPEN


def _payment_of(statement):
    try:
        return statement.payment
    except Payment.DoesNotExist:
        return None


def paid_at(statement):
    payment = _payment_of(statement)
    return payment.paid_on if payment is not None else None


@dataclass
class Settlement:
    statement: GrantStatement
    amount: int
    due_date: date
    reference: str
    status: str
    payment: Payment | None

    @property
    def status_label(self):
        return Status.LABELS[self.status]

    @property
    def days_overdue(self):
        return max((timezone.localdate() - self.due_date).days, 0)


def settlements(statements, today=None):
    """The current statements as settlements: two queries (statements with payments, the
    programmes' setups) whatever their number."""
    statements = list(
        statements.filter(status=GrantStatement.Status.ISSUED)
        .select_related("municipality", "programme", "payment")
        .order_by("-year", "municipality__name")
    )
    setups = {
        s.programme_id: s
        for s in PaymentSetup.objects.filter(programme__in={s.programme_id for s in statements})
    }
    return [
        Settlement(
            statement=s,
            amount=s.settlement_amount,
            due_date=due_date(s),
            reference=payment_reference(s, setups.get(s.programme_id, False)),
            status=status(s, today),
            payment=_payment_of(s),
        )
        for s in statements
    ]


def open_totals(rows):
    """{"open": kroner, "overdue": kroner} of the settlements not yet paid."""
    totals = {Status.OPEN: 0, Status.OVERDUE: 0}
    for row in rows:
        if row.status in totals:
            totals[row.status] += abs(row.amount)
    return totals


# --- Recording payments -----------------------------------------------------------------


def can_record_payment(user, statement):
    access = access_of(user)
    if access.superuser or statement.programme_id in access.led_programmes:
        return True, ""
    return False, _("Bare prosjektleder kan registrere betalinger.")


@transaction.atomic
def record_payment(statement, *, by, paid_on, amount, source=Payment.Source.MANUAL, bank=""):
    require(can_record_payment(by, statement))
    if statement.status != GrantStatement.Status.ISSUED:
        raise ValidationError(
            _("Oppgjøret er erstattet av en ny versjon: registrer betalingen der.")
        )
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("Betalingsdatoen kan ikke være fram i tid.")})
    payment = Payment(
        statement=statement,
        paid_on=paid_on,
        amount=amount,
        source=source,
        bank_reference=bank,
        recorded_by=by,
    )
    payment.full_clean(exclude=["statement"])
    try:
        with transaction.atomic():
            payment.save()
    except IntegrityError:
        raise ValidationError(
            _("Oppgjør %(number)s er allerede registrert betalt.") % {"number": statement.number}
        ) from None
    return payment


# --- The bank's CSV file ----------------------------------------------------------------

HEADERS = {
    "date": ("dato", "date", "bokført", "bokfort", "betalt"),
    "amount": ("beløp", "belop", "amount", "inn", "ut"),
    "reference": ("kid", "referanse", "reference", "melding"),
}


@dataclass
class ImportResult:
    recorded: list
    skipped: list  # (line number, reason)


def parse_amount(text):
    """ "1 250,50", "1250.50", "-1.250,50", "kr 1 250" → Decimal, or None."""
    cleaned = text.replace("kr", "").replace("\xa0", "").replace(" ", "").strip()
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def parse_date(text):
    text = text.strip()
    for parse in (date.fromisoformat, lambda t: date(int(t[6:10]), int(t[3:5]), int(t[0:2]))):
        try:
            return parse(text)
        except (ValueError, IndexError):
            continue
    return None


def _columns(header):
    """{"date": index, ...} from the header row; ValidationError naming what is missing."""
    names = [h.strip().lower() for h in header]
    found = {}
    for key, options in HEADERS.items():
        for i, name in enumerate(names):
            if name in options:
                found[key] = i
                break
    missing = [HEADERS[k][0] for k in HEADERS if k not in found]
    if missing:
        raise ValidationError(
            {"file": _("Fant ikke kolonnen %(names)s i bankfilen.") % {"names": ", ".join(missing)}}
        )
    return found


def read_bank_csv(content):
    """The rows of a bank export (semicolon or comma, UTF-8 or Latin-1), header first."""
    text = content.decode("utf-8-sig") if _is_utf8(content) else content.decode("latin-1")
    first = text.splitlines()[0] if text else ""
    delimiter = max(";,\t", key=first.count) if first else ";"
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = [row for row in rows if any(c.strip() for c in row)]
    if not rows:
        raise ValidationError({"file": _("Bankfilen er tom.")})
    return rows


def _is_utf8(content):
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def import_bank_csv(content, *, by, programmes):
    """Record a payment for each line whose reference is an open settlement's KID or number
    in `programmes`; the others are reported with their line number and why."""
    rows = read_bank_csv(content)
    columns = _columns(rows[0])
    rows_by_reference = {
        row.reference: row
        for row in settlements(GrantStatement.objects.filter(programme__in=programmes))
        if row.status != Status.PAID
    }
    result = ImportResult(recorded=[], skipped=[])
    for number, line in enumerate(rows[1:], start=2):
        cells = [c.strip() for c in line] + [""] * 3
        reference = cells[columns["reference"]].replace(" ", "")
        paid_on, amount = parse_date(cells[columns["date"]]), parse_amount(cells[columns["amount"]])
        row = rows_by_reference.pop(reference, None)
        if row is None:
            result.skipped.append(
                (number, _("ingen åpent oppgjør med referanse %(ref)s") % {"ref": reference or "–"})
            )
        elif paid_on is None or amount is None or amount == 0:
            result.skipped.append((number, _("dato eller beløp kan ikke leses")))
        else:
            result.recorded.append(
                record_payment(
                    row.statement, by=by, paid_on=paid_on, amount=abs(amount),
                    source=Payment.Source.BANK, bank=reference,
                )
            )  # fmt: skip
    return result


# --- Reminders --------------------------------------------------------------------------


def reminders_due(today):
    """(statement, days) for each overdue settlement with a reminder level reached: the
    highest level, so a missed day sends the most urgent reminder, not the skipped ones."""
    due = []
    for row in settlements(GrantStatement.objects.all(), today):
        if row.status != Status.OVERDUE:
            continue
        late = (today - row.due_date).days
        levels = [d for d in REMINDER_DAYS if late >= d]
        if levels:
            due.append((row.statement, max(levels)))
    return due


def claim_reminder(statement, days):
    """The reminder row, if this call created it (then it is ours to send), else None."""
    reminder, created = PaymentReminder.objects.get_or_create(
        statement=statement, days_overdue=days
    )
    return reminder if created else None


def payers_of(statement):
    """Who is reminded: the programme's project leaders when the programme pays, the
    municipality's health managers when the municipality pays."""
    if statement.settlement_amount > 0:
        return list(
            User.objects.filter(
                pk__in=ProgrammeUserObjectPermission.objects.filter(
                    content_object=statement.programme_id, permission__codename="lead_programme"
                ).values("user"),
                is_active=True,
            )
            .order_by("email")
            .values_list("email", flat=True)
        )
    return managers_of(statement.municipality)


def expenses_by_category(statement):
    """{category label: kroner} of the approved expenses the statement counts, each
    placement's share as the statement's lines split it."""
    lines = {line.placement_id: line.share_percent for line in statement.lines.all()}
    totals = {}
    for placement, category, amount in (
        Expense.objects.approved()
        .filter(placement__in=lines, year=statement.year)
        .values("placement", "category")
        .annotate(total=Sum("amount"))
        .values_list("placement", "category", "total")
        .order_by("category")
    ):
        label = str(ExpenseCategory(category).label)
        share = amount * lines[placement] / 100
        totals[label] = totals.get(label, Decimal(0)) + share.quantize(Decimal("0.01"))
    return totals


def statement_facts(statement):
    """What the statement's page and PDF show beside its lines: the approved expenses per
    category, the payment reference and the deadline on a working day (three queries)."""
    return {
        "by_category": expenses_by_category(statement),
        "reference": payment_reference(statement),
        "due": due_date(statement),
    }
