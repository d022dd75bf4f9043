"""The claim in the browser's pages (the Django test client), the to-do list, the
reminders, the API, and who sees what: alice manages Bergen, bob Stord, liv leads."""

from datetime import date
from io import BytesIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from alisvest.models import OutboxMessage
from funding import claims, tasks
from funding.models import ClaimReminder, NationalClaim
from funding.todo import manager_claims

from .conftest import post

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    """The claims the to-do list asks for are last year's."""
    from django.utils import timezone

    return timezone.localdate().year - 1


@pytest.fixture
def bergen_post(national_scheme, national, bergen, year):
    national_scheme.valid_from = date(year - 1, 1, 1)
    national_scheme.save()
    return post(national, bergen, date(year - 1, 8, 1), date(year + 3, 7, 31))


def test_alice_makes_submits_and_completes_bergens_claim(
    bergen_post, national, bergen, alice, client_for, year
):
    client = client_for(alice)
    [task] = manager_claims(alice)
    assert task.title == f"Send inn krav om tilskudd for {year} for Bergen"
    assert task.due == date(year + 1, 4, 1)
    page = client.get(task.url)
    assert "kr\u00a0120\u00a0000" in page.content.decode()
    response = client.post(task.url)
    claim = NationalClaim.objects.get()
    assert response.url == reverse("funding:claim_detail", args=[claim.pk])
    [task] = manager_claims(alice)
    assert task.title == f"Send inn krav {claim.number} for {year}"
    client.post(reverse("funding:claim_submit", args=[claim.pk]))
    [task] = manager_claims(alice)
    assert task.title.startswith("Last opp revisorattestasjon")
    bad = SimpleUploadedFile("attest.pdf", b"<html>not a pdf</html>")
    response = client.post(reverse("funding:claim_audit", args=[claim.pk]), {"file": bad})
    assert response.status_code == 400 and "Revisorattestasjon" in response.content.decode()
    good = SimpleUploadedFile("attest.pdf", b"%PDF-1.4 attest")
    client.post(reverse("funding:claim_audit", args=[claim.pk]), {"file": good})
    claim.refresh_from_db()
    assert claim.is_done
    assert manager_claims(alice) == []
    assert "Ferdig" in client.get(reverse("funding:claim_detail", args=[claim.pk])).content.decode()


def test_bob_sees_nothing_of_bergens_claim(
    bergen_post, national, bergen, alice, bob, client_for, year
):
    claim = claims.prepare_claim(national, bergen, year, by=alice)
    client = client_for(bob)
    for name in ("claim_detail", "claim_pdf", "claim_xlsx"):
        assert client.get(reverse(f"funding:{name}", args=[claim.pk])).status_code == 404
    assert client.post(reverse("funding:claim_submit", args=[claim.pk])).status_code == 404
    url = reverse("funding:claim_year", args=[national.slug, bergen.number, year])
    assert client.get(url).status_code == 404
    assert client.get(reverse("funding:claim_list")).content.decode().count(claim.number) == 0
    assert manager_claims(bob) == []
    assert client.get(f"/api/v1/national-claims/{claim.pk}/").status_code in (401, 403, 404)


def test_a_regional_office_reads_its_municipalities_claims(
    bergen_post, national, bergen, alice, year, monkeypatch
):
    from alisvest.roles import Access

    claim = claims.prepare_claim(national, bergen, year, by=alice)
    office = Access(managed_municipalities=frozenset())
    object.__setattr__(office, "office_municipalities", frozenset({bergen.pk}))
    monkeypatch.setattr("funding.models.claims.access_of", lambda user: office)
    assert list(NationalClaim.objects.for_user(alice)) == [claim]
    object.__setattr__(office, "office_municipalities", frozenset())
    assert list(NationalClaim.objects.for_user(alice)) == []


def test_the_pdf_and_the_spreadsheet(bergen_post, national, bergen, alice, client_for, year):
    claim = claims.prepare_claim(national, bergen, year, by=alice)
    client = client_for(alice)
    pdf = client.get(reverse("funding:claim_pdf", args=[claim.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("funding:claim_xlsx", args=[claim.pk]))
    sheet = load_workbook(BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Kommunenummer", "Kommune", "År", "Kravnummer")
    assert rows[1][13] == 120_000 and rows[-1][13] == 120_000


def test_the_api_lists_and_submits(bergen_post, national, bergen, alice, year):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(alice)
    made = client.post(
        "/api/v1/national-claims/prepare/",
        {"programme": national.slug, "municipality": bergen.number, "year": year},
    )
    assert made.status_code == 201, made.json()
    claim = NationalClaim.objects.get(pk=made.json()["id"])
    bad = client.post("/api/v1/national-claims/prepare/", {"programme": national.slug})
    assert set(bad.json()) >= {"municipality", "year"}
    stord = client.post(
        "/api/v1/national-claims/prepare/",
        {"programme": national.slug, "municipality": "4614", "year": year},
    )
    assert stord.status_code == 404  # alice does not manage Stord
    [row] = client.get("/api/v1/national-claims/").json()["results"]
    assert (row["number"], row["total"], row["lines"][0]["amount"]) == (
        claim.number,
        120_000,
        120_000,
    )
    response = client.post(f"/api/v1/national-claims/{claim.pk}/submit/")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    again = client.post(f"/api/v1/national-claims/{claim.pk}/submit/")
    assert again.status_code == 400


def test_reminders_go_30_7_and_1_days_ahead_each_once(bergen_post, national, bergen, alice, year):
    deadline = claims.audit_deadline(year)
    day = deadline.toordinal()
    assert tasks.send_claim_reminders(date.fromordinal(day - 31).isoformat())["sent"] == 0
    assert tasks.send_claim_reminders(date.fromordinal(day - 30).isoformat())["sent"] == 1
    assert tasks.send_claim_reminders(date.fromordinal(day - 29).isoformat())["sent"] == 0
    assert tasks.send_claim_reminders(date.fromordinal(day - 5).isoformat())["sent"] == 1
    assert tasks.send_claim_reminders(date.fromordinal(day - 1).isoformat())["sent"] == 1
    assert tasks.send_claim_reminders(date.fromordinal(day - 1).isoformat())["sent"] == 0
    assert sorted(ClaimReminder.objects.values_list("days_before", flat=True)) == [1, 7, 30]
    assert OutboxMessage.objects.filter(task="funding.tasks.send_claim_reminder").count() == 3
    reminder = ClaimReminder.objects.get(days_before=7)
    tasks.send_claim_reminder(reminder.pk)
    tasks.send_claim_reminder(reminder.pk)  # delivered twice: sent once
    [message] = mail.outbox
    assert message.to == [alice.email]
    assert f"krav om tilskudd for {year}" in message.subject
    assert deadline.strftime("%d.%m.%Y") in message.subject


def test_no_reminder_once_the_claim_is_complete(bergen_post, national, bergen, alice, year):
    claim = claims.prepare_claim(national, bergen, year, by=alice)
    claims.submit_claim(claim, by=alice)
    upload = SimpleUploadedFile("attest.pdf", b"%PDF-1.4 attest")
    claims.upload_audit_statement(claim, upload, "application/pdf", by=alice)
    day = claims.audit_deadline(year).toordinal()
    assert tasks.send_claim_reminders(date.fromordinal(day - 7).isoformat())["sent"] == 0


def test_expenses_after_the_national_deadline_are_refused(
    bergen_post, national, alice, liv, client_for, year
):
    url = reverse("funding:expenses", args=[bergen_post.pk, year - 1])
    response = client_for(alice).post(url, {"year": year - 1, "category": "reise", "amount": "10"})
    assert response.status_code == 200
    assert f"Fristen for å rapportere utgifter for {year - 1} var 10.01.{year}" in (
        response.content.decode()
    )
    assert not bergen_post.expenses.exists()
    from alisvest.roles import Role, grant_role
    from funding import services

    grant_role(liv, Role.PROJECT_LEADER, national)  # the project leader may still correct
    liv.__dict__.pop("access", None)
    services.add_expense(bergen_post, by=liv, year=year - 1, category="reise", amount=10)
    assert bergen_post.expenses.count() == 1


def test_supervision_only_is_chosen_on_the_post(bergen_post, alice, client_for, year):
    client = client_for(alice)
    url = reverse("funding:post_job_type", args=[bergen_post.pk])
    response = client.post(url, {"job_type": "kun_veiledning", "reason": "Bare veiledning"})
    assert response.status_code == 302
    [draft] = claims.compute_claims(year)
    assert (draft.lines[0].job_type, draft.total) == ("kun_veiledning", 24_000)
    from funding.models import PostJobType

    assert PostJobType.history.get().history_user == alice
    client.post(url, {"job_type": ""})
    [draft] = claims.compute_claims(year)
    assert draft.total == 120_000
    assert PostJobType.history.count() == 2  # set, then removed: both kept
