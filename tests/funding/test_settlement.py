"""Issue 21, the statements: a year closes before it is billed, one run at a time, credit
notes, one netted amount, and the sender from data."""

import io
import re
import threading
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from funding import closing, credit_notes, services, tasks
from funding.credit_note_tasks import pdf_bytes as credit_note_pdf_bytes
from funding.credit_note_tasks import render_and_send_credit_note
from funding.factories import ExpenseFactory, GrantSchemeFactory
from funding.models import CreditNote, Expense, GrantStatement, StatementRun
from tests.funding.test_statements import pdf_text, place

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def scheme(programme):
    programme.host_name = "Vertskommunen Vest"
    programme.host_organisation_number = "123456789"
    programme.host_address = "Postboks 1\n5000 Vest"
    programme.host_account_number = "12345678901"
    programme.save()
    return GrantSchemeFactory(programme=programme)


def preview_basis(client, year):
    response = client.post(reverse("funding:generate"), {"year": year, "municipality": ""})
    assert response.status_code == 200, response.content.decode()[:500]
    return response, re.search(r'name="basis" value="([^"]*)"', response.content.decode())[1]


# --- A year closes before it is billed --------------------------------------------------


def test_a_future_or_unfinished_year_is_refused_and_nothing_written(scheme, programme, bergen):
    place(programme, bergen, date(2017, 9, 1))
    with pytest.raises(closing.YearNotClosed, match="2030 er et år fram i tid"):
        services.issue_statements(2030)
    with pytest.raises(closing.YearNotClosed, match=f"{THIS_YEAR} er ikke over ennå"):
        services.issue_statements(THIS_YEAR, early="Vi vil bli ferdige")  # no way round it
    with pytest.raises(CommandError, match="2030 er et år fram i tid"):
        call_command("grant_statements", year=2030)
    assert not GrantStatement.objects.exists() and not StatementRun.objects.exists()


def test_before_the_reporting_deadline_only_with_a_recorded_reason(programme, bergen):
    GrantSchemeFactory(programme=programme, reporting_deadline_days=400)
    last = THIS_YEAR - 1
    place(programme, bergen, date(last, 3, 1))
    with pytest.raises(
        closing.YearNotClosed, match=f"Fristen for å rapportere utgifter for {last}"
    ):
        services.issue_statements(last)
    [statement] = services.issue_statements(last, early="Kommunen trenger oppgjøret til budsjettet")
    assert statement.early_reason == "Kommunen trenger oppgjøret til budsjettet"


def test_the_leader_is_refused_a_future_year_with_a_message(
    scheme, programme, bergen, liv_mfa, client_for
):
    place(programme, bergen, date(2017, 9, 1))
    client = client_for(liv_mfa)
    response = client.post(reverse("funding:generate"), {"year": 2030, "municipality": ""})
    body = response.content.decode()
    assert response.status_code == 200 and "2030 er et år fram i tid" in body
    assert 'value="2030"' in body  # input kept
    response = client.post(reverse("funding:generate"), {"year": 2017, "early": "on"})
    assert "Skriv hvorfor årsoppgjørene utstedes før fristen" in response.content.decode()
    assert not GrantStatement.objects.exists()


def test_the_preview_shows_every_statement_before_anything_is_sent(
    scheme, programme, bergen, stord, alice, bob, liv_mfa, client_for, mailoutbox
):
    ExpenseFactory(placement=place(programme, bergen, date(2017, 9, 1)), amount=Decimal(110_000))
    place(programme, stord, date(2017, 1, 1))
    response, basis = preview_basis(client_for(liv_mfa), 2017)
    body = response.content.decode().replace("\u00a0", " ")
    assert "Forhåndsvisning: 2 årsoppgjør for 2017" in body
    assert alice.email in body and bob.email in body
    assert "Programmet betaler kommunen kr 50 137" in body
    assert not GrantStatement.objects.exists() and mailoutbox == []


def test_a_stale_preview_issues_nothing(scheme, programme, bergen, liv_mfa, client_for):
    place(programme, bergen, date(2017, 9, 1))
    client = client_for(liv_mfa)
    _response, basis = preview_basis(client, 2017)
    services.issue_statements(2017)  # someone else issued meanwhile
    data = {"year": 2017, "municipality": "", "basis": basis, "confirm": "1"}
    response = client.post(reverse("funding:generate"), data)
    assert "endret siden forhåndsvisningen" in response.content.decode()
    assert GrantStatement.objects.count() == 1


# --- One run at a time -------------------------------------------------------------------


def at_once(n, work):
    """Run `work(i)` in n threads released together, each with its own connection."""
    barrier = threading.Barrier(n, timeout=30)
    results, errors = [], []

    def run(i):
        try:
            barrier.wait()
            results.append(work(i))
        except Exception as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=[i]) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert not any(t.is_alive() for t in threads) and errors == [], errors
    return results


def send_all():
    """What the workers do: every statement's task, superseded ones too."""
    for pk in GrantStatement.objects.order_by("pk").values_list("pk", flat=True):
        tasks.render_and_send(pk)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_issue_presses_make_one_run_and_one_email_each(
    scheme, programme, bergen, stord, alice, bob, liv_mfa, mailoutbox
):
    place(programme, bergen, date(2017, 9, 1))
    place(programme, stord, date(2017, 1, 1))
    services.issue_statements(2017)  # version 1 exists: the presses would make version 2
    clients = [Client() for _ in range(3)]
    for client in clients:
        client.force_login(liv_mfa)
    _response, basis = preview_basis(clients[0], 2017)
    data = {"year": 2017, "municipality": "", "basis": basis, "confirm": "1"}
    statuses = at_once(3, lambda i: clients[i].post(reverse("funding:generate"), data).status_code)
    assert statuses == [302, 302, 302]
    assert StatementRun.objects.count() == 1
    assert GrantStatement.objects.count() == 4  # two versions for each, not three
    assert set(GrantStatement.objects.current().values_list("version", flat=True)) == {2}
    mailoutbox.clear()
    send_all()
    assert sorted(m.to[0] for m in mailoutbox) == sorted([alice.email, bob.email])


@pytest.mark.django_db(transaction=True)
def test_two_commands_at_once_make_one_run(scheme, programme, bergen, stord):
    place(programme, bergen, date(2017, 9, 1))
    place(programme, stord, date(2017, 1, 1))
    at_once(
        2,
        lambda i: call_command("grant_statements", year=2017, stdout=io.StringIO()),
    )
    assert StatementRun.objects.count() == 1
    assert GrantStatement.objects.count() == 2
    call_command("grant_statements", year=2017, stdout=io.StringIO())
    assert GrantStatement.objects.count() == 4  # a later run is a deliberate new version


def test_a_statement_superseded_before_its_pdf_is_never_rendered_or_sent(
    scheme, programme, bergen, alice, mailoutbox
):
    place(programme, bergen, date(2017, 9, 1))
    [old] = services.issue_statements(2017)
    [new] = services.issue_statements(2017)
    tasks.render_and_send(old.pk)
    old.refresh_from_db()
    assert not old.pdf and old.emailed_at is None and mailoutbox == []
    tasks.render_and_send(new.pk)
    assert [m.to for m in mailoutbox] == [[alice.email]]


# --- Credit notes -------------------------------------------------------------------------


def test_a_credit_note_reverses_the_statement_and_unlocks_the_expenses(
    scheme, programme, bergen, alice, liv, client_for, mailoutbox
):
    placement = place(programme, bergen, date(2017, 9, 1))
    expense = ExpenseFactory(placement=placement, year=2017, amount=Decimal(110_000))
    [statement] = services.issue_statements(2017)
    assert services.lock_error(placement, 2017, alice) is not None
    note = credit_notes.credit(statement, by=liv, reason="Vikarutgiften var ført dobbelt")
    statement.refresh_from_db()
    assert statement.status == GrantStatement.Status.CREDITED
    assert (note.number, note.amount) == ("ALIS-VEST-2017-K0001", -50_137)
    assert services.lock_error(placement, 2017, alice) is None
    services.update_expense(expense, by=alice, amount=Decimal(60_000))  # open again
    render_and_send_credit_note(note.pk)
    render_and_send_credit_note(note.pk)
    [message] = mailoutbox
    assert message.to == [alice.email] and note.number in message.subject
    text = pdf_text(credit_note_pdf_bytes(note))
    assert note.number in text and statement.number in text
    assert "Vikarutgiften var ført dobbelt" in text and "kr −50 137" in text
    [again] = services.issue_statements(2017)
    assert again.version == 2 and again.supersedes is None
    kinds = [(kind, obj.number) for kind, obj in again.history_rows()]
    assert kinds == [
        ("statement", statement.number),
        ("credit_note", note.number),
        ("statement", again.number),
    ]
    body = client_for(alice).get(reverse("funding:statement_detail", args=[again.pk])).content
    assert note.number.encode() in body and b"Vikarutgiften var" in body


def test_only_the_leader_credits_and_a_reason_is_needed(
    scheme, programme, bergen, alice, liv_mfa, client_for
):
    place(programme, bergen, date(2017, 9, 1))
    [statement] = services.issue_statements(2017)
    url = reverse("funding:statement_credit", args=[statement.pk])
    assert client_for(alice).post(url, {"reason": "Feil"}).status_code == 403
    client = client_for(liv_mfa)
    response = client.post(url, {"reason": "  "})
    assert "Skriv hvorfor årsoppgjøret krediteres" in response.content.decode()
    response = client.post(url, {"reason": "Feil kommune"})
    note = CreditNote.objects.get()
    assert response["Location"] == reverse("funding:credit_note_detail", args=[note.pk])
    assert client.post(url, {"reason": "Igjen"}).status_code == 200  # credited once only
    assert CreditNote.objects.count() == 1
    assert client_for(alice).get(response["Location"]).status_code == 200


# --- Real netting, the sender from data -------------------------------------------------


def test_the_pdf_says_one_netted_amount(scheme, programme, bergen, stord, client_for, alice):
    ExpenseFactory(placement=place(programme, bergen, date(2017, 9, 1)), amount=Decimal(110_000))
    place(programme, stord, date(2017, 9, 1))  # no expenses: grant 0, own share 16 712
    bergen.organisation_number = "964338531"
    bergen.save()
    by_name = {s.municipality.name: s for s in services.issue_statements(2017)}
    text = pdf_text(tasks.pdf_bytes(by_name["Bergen"]))
    assert "ALIS-VEST betaler Bergen kr 50 137." in text
    assert "Egenandel å betale" not in text and "utbetales" not in text
    assert "Vertskommunen Vest" in text and "123456789" in text and "964338531" in text
    text = pdf_text(tasks.pdf_bytes(by_name["Stord"]))
    assert "Stord betaler ALIS-VEST kr 16 712" in text and "12345678901" in text
    assert by_name["Stord"].settlement_amount == -16_712


def test_no_template_names_bergen():
    roots = [Path(settings.BASE_DIR)]
    found = [
        str(path)
        for root in roots
        for path in root.glob("*/templates/**/*")
        if path.is_file() and "Bergen" in path.read_text(errors="ignore")
    ] + [
        str(path)
        for path in Path(settings.BASE_DIR, "templates").glob("**/*")
        if path.is_file() and "Bergen" in path.read_text(errors="ignore")
    ]
    assert found == []


# --- In the API --------------------------------------------------------------------------


def test_the_api_gives_the_settlement_and_the_credit_notes(
    scheme, programme, bergen, alice, bob, liv
):
    from tests.funding.test_api import api

    ExpenseFactory(placement=place(programme, bergen, date(2017, 9, 1)), amount=Decimal(110_000))
    [statement] = services.issue_statements(2017)
    client = api(Client(), alice)
    body = client.get(f"/api/v1/grant-statements/{statement.pk}/").json()
    assert body["settlement_amount"] == "50137.00"
    note = credit_notes.credit(statement, by=liv, reason="Feil")
    [row] = client.get("/api/v1/credit-notes/").json()["results"]
    assert (row["number"], row["statement"], row["amount"], row["reason"]) == (
        note.number, statement.pk, "-50137.00", "Feil",
    )  # fmt: skip
    assert set(row) >= {"number", "statement", "amount", "reason", "issued_at"}
    assert api(Client(), bob).get("/api/v1/credit-notes/").json()["count"] == 0
    assert Expense.objects.count() == 1
