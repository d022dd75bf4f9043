"""Settlements followed up: due dates off weekends and public holidays, KIDs whose check
digit validates, status, recording a payment by hand and from the bank's CSV file, the
reminders at 7 and 30 days (each once), the leader's task, and the API's fields."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from alisvest.models import ApiToken, OutboxMessage
from alisvest.todo import tasks_for
from funding import due_dates, payments, tasks
from funding.factories import ExpenseFactory, GrantSchemeFactory
from funding.models import GrantStatement, Payment, PaymentReminder, PaymentSetup
from funding.services import issue_statements
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import DoctorFactory, PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(programme, bergen, liv):
    """Bergen's statement for last year: 200 000 granted less 50 000 own share."""
    GrantSchemeFactory(programme=programme)
    year = timezone.localdate().year - 1
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme),
        centre=MedicalCentreFactory(municipality=bergen),
        municipality=bergen,
        start=date(year - 1, 1, 1),
        planned_end=date(year + 2, 12, 31),
    )
    ExpenseFactory(placement=placement, year=year, amount=Decimal("250000.50"))
    [issued] = issue_statements(year, by=liv)
    return issued


def backdate(statement, days):
    """The statement as if issued `days` ago (the rows are immutable; tests may move time)."""
    issued = timezone.now() - timedelta(days=days)
    GrantStatement.objects.filter(pk=statement.pk).update(
        issued_at=issued, due_date=issued.date() + timedelta(days=30)
    )
    statement.refresh_from_db()
    return statement


# --- Due dates --------------------------------------------------------------------------


def test_a_due_date_on_1_january_moves_to_the_next_working_day():
    assert due_dates.business_day(date(2026, 1, 1)) == date(2026, 1, 2)  # a Friday
    assert due_dates.business_day(date(2028, 1, 1)) == date(2028, 1, 3)  # Saturday → Monday


def test_a_due_date_on_a_weekend_or_at_easter_moves_on():
    assert due_dates.business_day(date(2026, 3, 7)) == date(2026, 3, 9)  # Saturday
    assert due_dates.business_day(date(2026, 3, 8)) == date(2026, 3, 9)  # Sunday
    # Maundy Thursday 2 April 2026 to Easter Monday 6 April: Tuesday 7 April.
    assert due_dates.business_day(date(2026, 4, 2)) == date(2026, 4, 7)
    assert due_dates.business_day(date(2026, 5, 17)) == date(2026, 5, 18)  # Sunday, 17 May
    assert due_dates.business_day(date(2026, 3, 10)) == date(2026, 3, 10)  # an ordinary Tuesday


def test_an_issued_statement_is_due_on_a_working_day(programme, bergen, liv):
    """The scheme's payment days land on a Saturday: the statement is due the Monday (or
    the first working day after it)."""
    today = timezone.localdate()
    days = 30 + (5 - (today + timedelta(days=30)).weekday()) % 7
    saturday = today + timedelta(days=days)
    assert saturday.weekday() == 5
    GrantSchemeFactory(programme=programme, payment_days=days)
    year = today.year - 1
    PlacementFactory(
        doctor=DoctorFactory(programme=programme),
        centre=MedicalCentreFactory(municipality=bergen),
        municipality=bergen,
        start=date(year - 1, 1, 1),
        planned_end=date(year + 2, 12, 31),
    )
    [issued] = issue_statements(year, by=liv)
    assert issued.due_date == due_dates.business_day(saturday)
    assert issued.due_date > saturday and issued.due_date.weekday() < 5


# --- References -------------------------------------------------------------------------


def test_a_kid_whose_check_digit_validates(statement, programme):
    PaymentSetup.objects.create(programme=programme, kid_agreement=True)
    reference = payments.payment_reference(statement)
    assert reference.isdigit() and payments.kid_is_valid(reference)
    wrong = reference[:-1] + str((int(reference[-1]) + 1) % 10)
    assert not payments.kid_is_valid(wrong)
    assert payments.mod10("234567") == "6"  # the worked example of the MOD10 rule


def test_without_a_kid_agreement_the_statement_number_is_the_reference(statement):
    assert payments.payment_reference(statement) == statement.number


# --- Status and recording ---------------------------------------------------------------


def test_open_then_overdue_then_paid(statement, liv):
    assert statement.settlement_amount == 150_000
    assert payments.status(statement) == payments.Status.OPEN
    backdate(statement, 60)
    assert payments.status(statement) == payments.Status.OVERDUE
    payments.record_payment(
        statement, by=liv, paid_on=timezone.localdate(), amount=Decimal("150000.00")
    )
    statement.refresh_from_db()
    assert payments.status(statement) == payments.Status.PAID
    assert payments.paid_at(statement) == timezone.localdate()


def test_a_payment_is_recorded_once_by_a_leader_only(statement, liv, alice):
    with pytest.raises(PermissionDenied):
        payments.record_payment(statement, by=alice, paid_on=date.today(), amount=Decimal(1))
    with pytest.raises(ValidationError) as error:
        payments.record_payment(
            statement, by=liv, paid_on=date.today() + timedelta(days=3), amount=Decimal(1)
        )
    assert "paid_on" in error.value.error_dict
    payments.record_payment(statement, by=liv, paid_on=date.today(), amount=Decimal(1))
    with pytest.raises(ValidationError, match="allerede"):
        payments.record_payment(statement, by=liv, paid_on=date.today(), amount=Decimal(1))
    assert Payment.objects.count() == 1


def test_the_leader_records_a_payment_and_the_overview_shows_nothing_open(
    statement, liv_mfa, client_for
):
    client = client_for(liv_mfa)
    page = client.get(reverse("funding:overview"))
    assert page.context["payments"] == {"open": 150_000, "overdue": 0}
    url = reverse("funding:settlement", args=[statement.pk])
    refused = client.post(url, {"paid_on": "", "amount": "-5"})
    assert refused.status_code == 400
    assert "Beløpet må være større enn null." in refused.content.decode()
    done = client.post(url, {"paid_on": date.today().isoformat(), "amount": "150000,00"})
    assert done.status_code == 302
    page = client.get(reverse("funding:overview"))
    assert page.context["payments"] == {"open": 0, "overdue": 0}


def test_a_manager_reads_the_settlement_but_cannot_record_it(statement, alice, client_for):
    client = client_for(alice)
    url = reverse("funding:settlement", args=[statement.pk])
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"] is None
    assert client.post(url, {"paid_on": "2020-01-01", "amount": "1"}).status_code == 403
    assert not Payment.objects.exists()


def test_the_bank_file_records_what_it_can_and_names_the_rest(statement, programme, liv):
    PaymentSetup.objects.create(programme=programme, kid_agreement=True)
    kid = payments.payment_reference(statement)
    csv = (
        f"Dato;Beløp;KID\n03.02.2025;-150 000,00;{kid}\n04.02.2025;1 250,50;99999999999\n"
    ).encode("latin-1")
    result = payments.import_bank_csv(csv, by=liv, programmes=[programme.pk])
    [payment] = result.recorded
    assert (payment.paid_on, payment.amount, payment.source) == (
        date(2025, 2, 3),
        Decimal("150000.00"),
        Payment.Source.BANK,
    )
    [(line, reason)] = result.skipped
    assert line == 3 and "99999999999" in reason


def test_a_bank_file_without_the_columns_says_which(liv, programme):
    with pytest.raises(ValidationError, match="beløp"):
        payments.import_bank_csv(b"dato;kid\n01.01.2025;123\n", by=liv, programmes=[programme])


# --- Reminders and the leader's task ----------------------------------------------------


def test_overdue_reminders_are_sent_once_at_7_and_30_days(statement, liv):
    due = payments.due_date(backdate(statement, 30))
    day = due.toordinal()
    assert tasks.send_payment_reminders(date.fromordinal(day + 6).isoformat())["sent"] == 0
    assert tasks.send_payment_reminders(date.fromordinal(day + 7).isoformat())["sent"] == 1
    assert tasks.send_payment_reminders(date.fromordinal(day + 8).isoformat())["sent"] == 0
    assert tasks.send_payment_reminders(date.fromordinal(day + 30).isoformat())["sent"] == 1
    assert tasks.send_payment_reminders(date.fromordinal(day + 30).isoformat())["sent"] == 0
    assert sorted(PaymentReminder.objects.values_list("days_overdue", flat=True)) == [7, 30]
    assert OutboxMessage.objects.filter(task="funding.tasks.send_payment_reminder").count() == 2
    reminder = PaymentReminder.objects.get(days_overdue=7)
    tasks.send_payment_reminder(reminder.pk)
    tasks.send_payment_reminder(reminder.pk)  # delivered twice: sent once
    [message] = mail.outbox
    assert message.to == [liv.email]  # the programme pays Bergen: its leader is reminded
    assert statement.number in message.subject
    assert "kr\xa0150\xa0000" in message.body


def test_no_reminder_once_paid(statement, liv):
    due = payments.due_date(backdate(statement, 40))
    payments.record_payment(statement, by=liv, paid_on=date.today(), amount=Decimal(150_000))
    later = date.fromordinal(due.toordinal() + 8).isoformat()
    assert tasks.send_payment_reminders(later)["sent"] == 0


def test_the_leader_has_a_task_for_an_overdue_settlement(statement, liv):
    assert not [t for t in tasks_for(liv) if t.kind == "funding.overdue_payment"]
    backdate(statement, 60)
    [task] = [t for t in tasks_for(liv) if t.kind == "funding.overdue_payment"]
    assert statement.number in task.title and task.overdue


# --- The API ----------------------------------------------------------------------------


def test_the_api_tells_reference_status_and_payment(statement, client, liv):
    _token, raw = ApiToken.issue(liv, "test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    url = f"/api/v1/grant-statements/{statement.pk}/"
    body = client.get(url).json()
    assert (body["payment_reference"], body["payment_status"], body["paid_at"]) == (
        statement.number,
        "open",
        None,
    )
    payments.record_payment(statement, by=liv, paid_on=date(2025, 3, 3), amount=Decimal(1))
    body = client.get(url).json()
    assert (body["payment_status"], body["paid_at"]) == ("paid", "2025-03-03")
