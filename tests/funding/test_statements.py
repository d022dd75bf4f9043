"""Grant statements through the statement service: the issue's exact figures, versions,
locks, bad input, the command, and who may download what."""

import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funding import services
from funding.factories import (
    ExpenseFactory,
    GrantSchemeFactory,
    MonthlyRateFactory,
    NationalSchemeFactory,
)
from funding.models import Expense, GrantStatement, ImmutableError
from funding.views import statements as statements_view
from placements.municipalities.factories import (
    MedicalCentreFactory,
    ParticipationFactory,
    ProgrammeFactory,
)
from placements.register.factories import DoctorFactory, PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheme(programme):
    return GrantSchemeFactory(programme=programme)


def place(programme, municipality, start, end=None, **fields):
    centre = MedicalCentreFactory(municipality=municipality)
    return PlacementFactory(
        doctor=DoctorFactory(programme=programme),
        centre=centre,
        municipality=municipality,
        start=start,
        planned_end=end or date(start.year + 5, start.month, 1),
        **fields,
    )


def only_line(year, placement):
    drafts = services.compute_statements(year)
    lines = [line for d in drafts for line in d.lines if line.placement.pk == placement.pk]
    assert len(lines) == 1
    return lines[0]


# --- The issue's exact figures, through the statement service ---------------------------


def test_1_sep_2017_with_80000_and_30000(scheme, programme, bergen):
    placement = place(programme, bergen, date(2017, 9, 1))
    ExpenseFactory(placement=placement, year=2017, amount=Decimal(80_000))
    ExpenseFactory(placement=placement, year=2017, amount=Decimal(30_000))
    [statement] = services.issue_statements(2017)
    [line] = statement.lines.all()
    assert (line.days, line.cap, line.expenses, line.grant, line.own_share) == (
        122,
        66_849,
        110_000,
        66_849,
        16_712,
    )
    assert (statement.total_grant, statement.total_own_share, statement.net) == (
        66_849,
        16_712,
        50_137,
    )
    assert statement.municipality == bergen
    assert statement.number == "ALIS-VEST-2017-0001"


def test_placement_across_a_leap_year(scheme, programme, bergen):
    whole = place(programme, bergen, date(2019, 7, 1), date(2021, 6, 30))
    ExpenseFactory(placement=whole, year=2020, amount=Decimal(250_000))
    half = place(programme, bergen, date(2020, 7, 1))
    ExpenseFactory(placement=half, year=2020, amount=Decimal(40_000))
    line = only_line(2020, whole)
    assert (line.days, line.cap, line.grant, line.own_share, line.net) == (
        366,
        200_000,
        200_000,
        50_000,
        150_000,
    )
    line = only_line(2020, half)
    assert (line.days, line.cap, line.grant, line.own_share, line.net) == (
        184,
        100_546,
        40_000,
        25_137,
        14_863,
    )


def test_placement_ending_15_march(scheme, programme, bergen):
    placement = place(programme, bergen, date(2016, 3, 16), date(2018, 3, 15))
    ExpenseFactory(placement=placement, year=2018, amount=Decimal(30_000))
    line = only_line(2018, placement)
    assert (line.period_start, line.period_end) == (date(2018, 1, 1), date(2018, 3, 15))
    assert (line.days, line.cap, line.grant, line.own_share, line.net) == (
        74,
        40_548,
        30_000,
        10_137,
        19_863,
    )


def test_actual_end_wins_over_planned_end(scheme, programme, bergen):
    placement = place(programme, bergen, date(2016, 3, 16), date(2021, 3, 15))
    placement.actual_end, placement.end_reason = date(2018, 3, 15), "familie"
    placement.save()
    assert only_line(2018, placement).days == 74


@pytest.fixture
def national(register):
    programme = ProgrammeFactory(name="Nasjonal ALIS", slug="nasjonal")
    scheme = NationalSchemeFactory(programme=programme, valid_from=date(2022, 1, 1))
    MonthlyRateFactory(scheme=scheme, job_type="fastlege", monthly_amount=Decimal(10_000))
    return programme


def test_national_80_percent_10_feb_to_31_dec(national, register, stord):
    suldal = register.current().get(number="1134")
    assert suldal.centrality == 6 and stord.centrality != 6
    plain = place(national, stord, date(2023, 2, 10), date(2023, 12, 31), position_percent=80)
    remote = place(national, suldal, date(2023, 2, 10), date(2023, 12, 31), position_percent=80)
    statements = {s.municipality.number: s for s in services.issue_statements(2023)}
    line = statements["4614"].lines.get()
    # 10 whole months (March–December) × 10 000 × 80 %.
    assert (line.placement_id, line.months, line.grant, line.own_share) == (plain.pk, 10, 80_000, 0)
    line = statements["1134"].lines.get()
    # Class 6: (10 000 + 2 000) × 80 % × 10.
    assert (line.placement_id, line.months, line.grant, line.own_share) == (
        remote.pk,
        10,
        96_000,
        0,
    )
    assert statements["1134"].net == 96_000


def test_merged_municipality_is_billed_as_it_was_that_year(scheme, programme, register):
    odda = register.get(number="1228")
    ParticipationFactory(programme=programme, municipality=odda)
    placement = place(programme, odda, date(2018, 1, 1), date(2022, 12, 31))
    assert services.compute_statements(2019)[0].municipality == odda
    [draft] = services.compute_statements(2020)
    assert draft.municipality == odda.merged_into
    assert draft.lines[0].placement == placement


# --- Versions, numbers, immutability ----------------------------------------------------


def test_reissue_keeps_both_versions(scheme, programme, bergen, stord):
    placement = place(programme, bergen, date(2017, 9, 1))
    place(programme, stord, date(2017, 1, 1))
    first = {s.municipality_id: s for s in services.issue_statements(2017)}
    ExpenseFactory(placement=placement, year=2017, amount=Decimal(5_000))
    second = {s.municipality_id: s for s in services.issue_statements(2017)}
    assert GrantStatement.objects.filter(year=2017).count() == 4
    old, new = first[bergen.pk], second[bergen.pk]
    old.refresh_from_db()
    assert old.status == GrantStatement.Status.SUPERSEDED and old.superseded_by == new
    assert new.status == GrantStatement.Status.ISSUED and new.supersedes == old
    assert new.version == 2 and new.number != old.number
    assert (old.total_grant, new.total_grant) == (0, 5_000)
    assert old.lines.get().expenses == 0  # the old snapshot is untouched
    numbers = list(GrantStatement.objects.values_list("number", flat=True))
    assert len(set(numbers)) == 4


def test_beat_rerun_issues_nothing_twice(scheme, programme, bergen):
    place(programme, bergen, date(2017, 9, 1))
    assert len(services.issue_statements(2017, only_missing=True)) == 1
    assert services.issue_statements(2017, only_missing=True) == []
    assert GrantStatement.objects.count() == 1


def test_statement_is_immutable(scheme, programme, bergen):
    place(programme, bergen, date(2017, 9, 1))
    [statement] = services.issue_statements(2017)
    statement.total_grant = 1
    with pytest.raises(ImmutableError):
        statement.save()
    with pytest.raises(ImmutableError):
        statement.delete()


def test_one_current_statement_per_year_in_the_database(scheme, programme, bergen):
    place(programme, bergen, date(2017, 9, 1))
    [statement] = services.issue_statements(2017)
    statement.pk, statement.sequence, statement.number = None, 99, "X-99"
    with pytest.raises(IntegrityError), transaction.atomic():
        statement.save(force_insert=True)


def test_computing_a_year_is_a_constant_number_of_queries(scheme, programme, bergen, stord):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            services.compute_statements(2018)
        return len(ctx.captured_queries)

    for _ in range(2):
        ExpenseFactory(placement=place(programme, bergen, date(2017, 9, 1)), year=2018)
    few = queries()
    for _ in range(6):
        ExpenseFactory(placement=place(programme, stord, date(2018, 2, 1)), year=2018)
    # schemes, their rates, placements, their cost shares, expense sums, recipients
    assert queries() == few == 6


# --- Bad input --------------------------------------------------------------------------


def test_no_data_for_a_year_says_so_and_writes_nothing(scheme, programme, bergen):
    place(programme, bergen, date(2017, 9, 1), date(2018, 8, 31))
    with pytest.raises(CommandError, match="Ingen utdanningsstillinger i 2020"):
        call_command("grant_statements", year=2020)
    with pytest.raises(CommandError, match="Ingen tilskuddsordning gjelder for 2010"):
        call_command("grant_statements", year=2010)
    assert not GrantStatement.objects.exists()


def test_negative_amount_is_refused(scheme, programme, bergen, alice):
    placement = place(programme, bergen, date(2017, 9, 1))
    with pytest.raises(ValidationError) as error:
        services.add_expense(
            placement, by=alice, year=2017, category="kursavgift", amount=Decimal(-5)
        )
    assert "Beløpet kan ikke være negativt" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Expense.objects.create(placement=placement, year=2017, category="annet", amount=-1)


def test_year_outside_the_placement_is_refused(scheme, programme, bergen, alice):
    placement = place(programme, bergen, date(2017, 9, 1), date(2019, 8, 31))
    with pytest.raises(ValidationError) as error:
        services.add_expense(
            placement, by=alice, year=2021, category="kursavgift", amount=Decimal(5)
        )
    assert error.value.message_dict["year"] == [
        "Stillingen varer fra 01.09.2017 til 31.08.2019: utgifter kan bare føres for årene "
        "2017–2019, ikke 2021."
    ]


def test_entry_after_the_lock_is_refused_for_managers(scheme, programme, bergen, alice, liv):
    placement = place(programme, bergen, date(2017, 9, 1))
    [statement] = services.issue_statements(2017)
    with pytest.raises(ValidationError) as error:
        services.add_expense(
            placement, by=alice, year=2017, category="vikar", amount=Decimal(1_000)
        )
    assert f"årsoppgjør {statement.number} er utstedt" in str(error.value)
    services.add_expense(placement, by=alice, year=2018, category="vikar", amount=Decimal(1))
    # The project leader corrects a locked year, then issues a new version.
    services.add_expense(placement, by=liv, year=2017, category="vikar", amount=Decimal(1_000))


def test_expense_form_explains_bad_input(scheme, programme, bergen, alice, client_for):
    placement = place(programme, bergen, date(2017, 9, 1))
    client = client_for(alice)
    url = reverse("funding:expenses", args=[placement.pk, 2017])
    response = client.post(url, {"year": 2017, "category": "reise", "amount": "-10"})
    assert response.status_code == 200
    assert "Beløpet kan ikke være negativt" in response.content.decode()
    response = client.post(url, {"year": 2030, "category": "reise", "amount": "10"})
    assert "utgifter kan bare føres for årene 2017–2022, ikke 2030" in response.content.decode()
    assert 'value="2030"' in response.content.decode()  # nothing the user typed is lost
    upload = io.BytesIO(b"MZ not a receipt")
    upload.name = "kvittering.pdf"
    response = client.post(url, {"year": 2017, "category": "reise", "amount": "10", "file": upload})
    assert "vi sjekker innholdet, ikke filnavnet" in response.content.decode()
    assert not Expense.objects.exists()


def test_manager_reports_an_expense_with_a_receipt(scheme, programme, bergen, alice, client_for):
    placement = place(programme, bergen, date(2017, 9, 1))
    client = client_for(alice)
    upload = io.BytesIO(b"%PDF-1.4 receipt")
    upload.name = "kvittering.pdf"
    response = client.post(
        reverse("funding:expenses", args=[placement.pk, 2017]),
        {"year": 2017, "category": "kursavgift", "amount": "12500.50", "file": upload},
    )
    assert response.status_code == 302
    expense = Expense.objects.get()
    assert (expense.amount, expense.attachment_type) == (Decimal("12500.50"), "application/pdf")
    response = client.get(reverse("funding:expense_attachment", args=[expense.pk]))
    assert response["Content-Disposition"].startswith("attachment")


def test_other_manager_cannot_see_the_expense_page(scheme, programme, bergen, bob, client_for):
    placement = place(programme, bergen, date(2017, 9, 1))
    response = client_for(bob).get(reverse("funding:expenses", args=[placement.pk, 2017]))
    assert response.status_code == 404


# --- Download, PDF, command -------------------------------------------------------------


def test_other_municipality_manager_gets_404_on_download(
    scheme, programme, bergen, alice, bob, liv_mfa, client_for
):
    place(programme, bergen, date(2017, 9, 1))
    [statement] = services.issue_statements(2017)
    url = reverse("funding:statement_pdf", args=[statement.pk])
    assert client_for(bob).get(url).status_code == 404
    response = client_for(alice).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert client_for(liv_mfa).get(url).status_code == 200


def pdf_text(content):
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return text.replace("\u00a0", " ")


def test_pdf_contains_municipality_number_and_total(scheme, programme, bergen, alice, client_for):
    placement = place(programme, bergen, date(2017, 9, 1))
    ExpenseFactory(placement=placement, year=2017, amount=Decimal(110_000))
    [statement] = services.issue_statements(2017)
    response = client_for(alice).get(reverse("funding:statement_pdf", args=[statement.pk]))
    text = pdf_text(b"".join(response.streaming_content))
    assert "Bergen" in text and "4601" in text
    assert statement.number in text
    assert "kr 66 849" in text  # the total grant
    assert "kr 16 712" in text  # the own share to pay
    assert "01.09.2017" in text


def test_command_json_keys_and_pdf_dir(scheme, programme, bergen, stord, tmp_path):
    placement = place(programme, bergen, date(2017, 9, 1))
    ExpenseFactory(placement=placement, year=2017, amount=Decimal(80_000))
    ExpenseFactory(placement=placement, year=2017, amount=Decimal(30_000))
    place(programme, stord, date(2017, 3, 1))
    out = io.StringIO()
    call_command(
        "grant_statements",
        year=2017,
        municipality="4601",
        json=True,
        pdf_dir=str(tmp_path),
        stdout=out,
    )
    [data] = json.loads(out.getvalue())
    assert {"municipality_number", "year", "lines", "total_grant", "total_own_share", "net"} <= (
        data.keys()
    )
    assert (data["municipality_number"], data["year"], data["net"]) == ("4601", 2017, "50137.00")
    [line] = data["lines"]
    assert {
        k: line[k] for k in ("placement_id", "days", "cap", "expenses", "grant", "own_share")
    } == {
        "placement_id": placement.pk,
        "days": 122,
        "cap": "66849.00",
        "expenses": "110000.00",
        "grant": "66849.00",
        "own_share": "16712.00",
    }  # kroner with øre, as decimal strings
    [pdf] = tmp_path.iterdir()
    assert pdf.read_bytes().startswith(b"%PDF")
    assert GrantStatement.objects.count() == 1  # only Bergen was asked for


def test_scheme_overlap_is_refused_by_the_database(scheme, programme):
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantSchemeFactory(programme=programme, valid_from=date(2020, 1, 1))


def test_project_leader_edits_a_scheme(scheme, liv_mfa, client_for):
    client = client_for(liv_mfa)
    url = reverse("funding:scheme_edit", args=[scheme.pk])
    data = {
        "name": scheme.name,
        "kind": 1,
        "valid_from": "2017-01-01",
        "annual_cap": "210000",
        "annual_own_share": "50000",
        "class6_monthly_supplement": "0",
        "budget": "22000000",
        "reporting_deadline_days": "10",
        "payment_days": "30",
        "monthly_rates-TOTAL_FORMS": "0",
        "monthly_rates-INITIAL_FORMS": "0",
    }
    assert client.post(url, data).status_code == 302
    scheme.refresh_from_db()
    assert scheme.annual_cap == Decimal(210_000)
    assert scheme.history.count() == 2
    data["kind"], data["annual_own_share"] = 2, "100"
    response = client.post(url, data)
    assert "har ingen egenandel" in response.content.decode()


def test_manager_cannot_edit_schemes(scheme, alice, client_for, participating):
    response = client_for(alice).get(reverse("funding:scheme_edit", args=[scheme.pk]))
    assert response.status_code == 403  # Bergen takes part: she may read it, not change it


def test_a_scheme_outside_the_managers_programmes_is_not_found(scheme, alice, client_for):
    response = client_for(alice).get(reverse("funding:scheme_edit", args=[scheme.pk]))
    assert response.status_code == 404  # Bergen takes no part in the scheme's programme


def test_overview_and_xlsx(scheme, programme, bergen, stord, liv_mfa, client_for):
    ExpenseFactory(placement=place(programme, bergen, date(2017, 9, 1)), amount=Decimal(9_000))
    place(programme, stord, date(2017, 1, 1))
    services.issue_statements(2017)
    client = client_for(liv_mfa)
    response = client.get(reverse("funding:overview") + "?ar=2017")
    body = response.content.decode()
    # One row per county, the municipalities one click down.
    assert "<svg" in body and "Stord" not in body and stord.county in body
    assert "kr\u00a022\u00a0000\u00a0000" in body
    response = client.get(reverse("funding:overview"), {"ar": 2017, "fylke": stord.county})
    body = response.content.decode()
    assert "Stord" in body
    assert ("Bergen" in body) == (bergen.county == stord.county)
    response = client.get(reverse("funding:overview_xlsx") + "?ar=2017")
    assert response["Content-Disposition"] == 'attachment; filename="okonomi-2017.xlsx"'


def test_statement_list_queries_are_constant(
    scheme, programme, bergen, stord, liv_mfa, client_for, django_assert_num_queries, monkeypatch
):
    for municipality in (bergen, stord):
        place(programme, municipality, date(2017, 9, 1))
    services.issue_statements(2017)
    client = client_for(liv_mfa)
    client.get(reverse("funding:statement_list"))
    # session, user, access (programme and municipality permissions, groups), MFA check,
    # "leads a programme?", years, count and page of statements (municipality joined),
    # session expiry update (staff idle timeout), the leader's model permissions (user,
    # groups) for the menu's admin link: the same for 2 or 357 statements.
    with django_assert_num_queries(14):
        page = client.get(reverse("funding:statement_list"))
    assert page.context["page"].paginator.count == 2
    monkeypatch.setattr(statements_view, "STATEMENTS_PER_PAGE", 1)
    second = client.get(reverse("funding:statement_list"), {"side": 2}).content.decode()
    assert "side=1" in second and "Side 2 av 2" in second


def test_pages_render_for_leader_and_manager(scheme, programme, bergen, alice, liv_mfa, client_for):
    placement = place(programme, bergen, date(2017, 9, 1))
    ExpenseFactory(placement=placement, year=2017)
    [statement] = services.issue_statements(2017)
    client = client_for(liv_mfa)
    for name, args in [
        ("funding:home", []),
        ("funding:scheme_list", []),
        ("funding:scheme_create", []),
        ("funding:statement_list", []),
        ("funding:statement_detail", [statement.pk]),
        ("funding:generate", []),
        ("funding:overview", []),
        ("funding:expenses", [placement.pk, 2017]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name
    client = client_for(alice)
    body = client.get(reverse("funding:home")).content.decode()
    assert placement.doctor.name in body and statement.number in body
    assert client.get(reverse("funding:generate")).status_code == 403
    assert client.get(reverse("funding:overview")).status_code == 403
    body = client.get(reverse("funding:expenses", args=[placement.pk, 2017])).content.decode()
    assert "er låst fordi årsoppgjør" in body


@pytest.mark.django_db(transaction=True)
def test_generate_shows_progress_while_workers_render(
    celery_worker, register, programme, liv_mfa, alice, client_for
):
    from django.core import mail

    from tests.conftest import wait_for

    bergen = register.current().get(number="4601")
    stord = register.current().get(number="4614")
    GrantSchemeFactory(programme=programme)
    ExpenseFactory(placement=place(programme, bergen, date(2017, 9, 1)), amount=Decimal(110_000))
    place(programme, stord, date(2017, 1, 1))
    client = client_for(liv_mfa)
    response = client.post(reverse("funding:generate"), {"year": 2017, "municipality": ""})
    assert response.status_code == 200 and not GrantStatement.objects.exists()  # a preview
    basis = re.search(r'name="basis" value="([^"]*)"', response.content.decode())[1]
    data = {"year": 2017, "municipality": "", "basis": basis, "confirm": "1"}
    response = client.post(reverse("funding:generate"), data)
    assert response.status_code == 302
    run_url = response["Location"]
    progress_url = run_url + "fremdrift/"
    assert wait_for(lambda: "Ferdig" in client.get(progress_url).content.decode(), 60)
    body = client.get(progress_url).content.decode()
    assert "2 av 2 ferdige (100 %)" in body
    assert "hx-trigger" not in body  # polling stops when the group is done
    assert wait_for(lambda: len(mail.outbox) == 1)
    [message] = mail.outbox
    assert message.to == [alice.email]
    [(filename, content, mimetype)] = message.attachments
    assert mimetype == "application/pdf" and "kr 66 849" in pdf_text(content)
    assert GrantStatement.objects.filter(pdf="").count() == 0


def test_progress_polls_until_done(scheme, programme, bergen, liv_mfa, client_for):
    from funding.models import StatementRun

    run = StatementRun.objects.create(programme=programme, year=2017, total=3)
    body = client_for(liv_mfa).get(reverse("funding:run_progress", args=[run.pk])).content
    assert b'hx-trigger="every 1s"' in body and b"0 av 3" in body


def test_beat_job_runs_15_january_for_the_previous_year_once(
    scheme, programme, bergen, monkeypatch
):
    from celery.schedules import crontab
    from django.conf import settings

    from funding import tasks

    entry = settings.CELERY_BEAT_SCHEDULE["grant-statements-previous-year"]
    assert entry["task"] == "funding.tasks.issue_previous_year"
    assert entry["schedule"] == crontab(month_of_year=1, day_of_month=15, hour=6, minute=0)
    assert tasks.issue_previous_year.acks_late

    place(programme, bergen, date(2017, 9, 1))
    monkeypatch.setattr(tasks.timezone, "localdate", lambda *a: date(2018, 1, 15))
    sent = []
    monkeypatch.setattr(tasks, "dispatch", lambda ids, **kw: sent.append(ids))
    assert tasks.issue_previous_year() == {"year": 2017, "issued": 1}
    assert tasks.issue_previous_year() == {"year": 2017, "issued": 0}
    assert GrantStatement.objects.count() == 1
    statement = GrantStatement.objects.get()
    # The re-run re-sends what a crashed run left unsent, and nothing else.
    assert sent == [[statement.pk], [statement.pk]]


def test_render_and_send_sends_once(scheme, programme, bergen, alice, mailoutbox):
    from funding import tasks

    place(programme, bergen, date(2017, 9, 1))
    [statement] = services.issue_statements(2017)
    tasks.render_and_send(statement.pk)
    tasks.render_and_send(statement.pk)
    assert [m.to for m in mailoutbox] == [[alice.email]]
    statement.refresh_from_db()
    assert statement.pdf and statement.emailed_at


def test_manager_edits_an_expense(scheme, programme, bergen, alice, client_for):
    placement = place(programme, bergen, date(2017, 9, 1))
    expense = ExpenseFactory(placement=placement, year=2017, amount=Decimal(100))
    client = client_for(alice)
    url = reverse("funding:expense_edit", args=[expense.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"year": 2017, "category": "reise", "amount": "-1"})
    assert "Beløpet kan ikke være negativt" in response.content.decode()
    response = client.post(url, {"year": 2018, "category": "reise", "amount": "250"})
    assert response.status_code == 302, response.context["form"].errors
    expense.refresh_from_db()
    assert (expense.year, expense.category, expense.amount) == (2018, "reise", Decimal(250))
    services.issue_statements(2018)
    response = client.post(url, {"year": 2017, "category": "reise", "amount": "250"})
    assert "Utgiftene for 2018 er låst" in response.content.decode()


def test_pdf_is_in_the_municipalitys_malform(scheme, programme, bergen, stord):
    from funding.tasks import pdf_bytes

    stord.language = "nn"
    stord.save()
    place(programme, bergen, date(2017, 9, 1))
    place(programme, stord, date(2017, 9, 1))
    statements = {s.municipality.number: s for s in services.issue_statements(2017)}
    assert (statements["4601"].language, statements["4614"].language) == ("nb", "nn")
    assert "Oppgjørsnummer" in pdf_text(pdf_bytes(statements["4601"]))
    nynorsk = pdf_text(pdf_bytes(statements["4614"]))
    assert "Oppgjersnummer" in nynorsk and "Oppgjørsnummer" not in nynorsk
    assert "kr 16 712" in nynorsk  # Norwegian money format whatever the language


def test_expense_home_queries_are_constant(scheme, programme, bergen, alice, client_for):
    from django.test.utils import CaptureQueriesContext

    client = client_for(alice)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("funding:home")).status_code == 200
        return len(ctx.captured_queries)

    ExpenseFactory(placement=place(programme, bergen, date(2017, 9, 1)), year=2017)
    few = count()
    for _ in range(5):
        ExpenseFactory(placement=place(programme, bergen, date(2018, 9, 1)), year=2018)
    # session, user, access (3), placements with expense sums, statements, session update
    assert count() == few
