"""A health manager's yearly claim on the national scheme, in the browser: log in, open the
task "claim to submit", check the claim, submit it, upload the auditor's statement and see
the claim done and the task gone; on a desktop and at 390 px."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from funding.models import NationalClaim
from tests.funding.conftest import RATES, post

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def national_post(register, alice):
    from funding.factories import MonthlyRateFactory, NationalSchemeFactory
    from placements.municipalities.factories import ParticipationFactory, ProgrammeFactory

    year = timezone.localdate().year - 1
    bergen = register.current().get(number="4601")
    programme = ProgrammeFactory(
        name="ALIS Vestland nasjonal", slug="alis-nasjonal", rule_set="national"
    )
    ParticipationFactory(programme=programme, municipality=bergen)
    scheme = NationalSchemeFactory(programme=programme, valid_from=date(year - 1, 1, 1))
    for job_type, amount in RATES.items():
        MonthlyRateFactory(scheme=scheme, job_type=job_type, monthly_amount=amount)
    post(programme, bergen, date(year - 1, 8, 1), date(year + 3, 7, 31))
    post(programme, bergen, date(year, 1, 1), date(year + 4, 12, 31), signed=False)
    return year


@pytest.mark.parametrize("width", [1280, 390])
def test_manager_submits_the_claim_and_uploads_the_auditor_statement(
    page, national_post, alice, tmp_path, width
):
    year = national_post
    page.set_viewport_size({"width": width, "height": 900})
    page.on("dialog", lambda dialog: dialog.accept())  # «Sende inn kravet?»
    login(page, alice.email)
    task = page.get_by_role("link", name=f"Send inn krav om tilskudd for {year} for Bergen")
    task.click()
    page.wait_for_url(f"**/okonomi/krav/alis-nasjonal/4601/{year}/")
    expect(page.get_by_text("ALIS-avtalen er ikke signert.")).to_be_visible()
    expect(page.get_by_text("kr\u00a0120\u00a0000").first).to_be_visible()
    page.get_by_role("button", name="Lag kravet").click()
    expect(page.get_by_text("Kravet er laget. Kontroller det og send det inn.")).to_be_visible()
    page.get_by_role("button", name="Send inn kravet").click()
    expect(page.get_by_text("er sendt inn. Last opp revisorattestasjonen innen")).to_be_visible()
    statement = tmp_path / "revisorattestasjon.pdf"
    statement.write_bytes(b"%PDF-1.4 attest\n%%EOF\n")
    page.get_by_label("Revisorattestasjon (PDF, PNG eller JPEG, høyst 10 MB)").set_input_files(
        statement
    )
    page.get_by_role("button", name="Last opp revisorattestasjonen").click()
    expect(
        page.get_by_text("Revisorattestasjonen er lastet opp. Kravet er ferdig.")
    ).to_be_visible()
    expect(page.get_by_text("Ferdig", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="revisorattestasjon.pdf")).to_be_visible()
    if width == 390:
        width_now = page.evaluate("document.documentElement.scrollWidth")
        assert width_now <= 390, "the claim page scrolls sideways on a phone"
    page.goto("/oppgaver/")
    assert page.get_by_text(f"krav om tilskudd for {year}").count() == 0
    claim = NationalClaim.objects.get()
    assert (claim.status, claim.total, claim.is_done) == ("submitted", 120_000, True)
