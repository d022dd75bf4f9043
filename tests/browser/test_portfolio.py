"""The ALIS's journey 4: on a phone, Dan opens Min plan, asks for his portfolio, watches the
worker's progress bar fill and downloads the PDF for his specialist approval application."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from supervision.models import PortfolioJob

from .test_phone import MEASURE, SCREENSHOTS, demo_login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(register):
    call_command("seed_demo", stdout=io.StringIO())


def fits(page):
    page.wait_for_load_state("networkidle")
    m = page.evaluate(MEASURE)
    assert m["scrollWidth"] <= m["innerWidth"], f"{page.url}: {m['scrollWidth']} px wide"
    assert not m["small"], m["small"]


def test_the_alis_downloads_the_portfolio_from_min_plan_on_a_phone(page, celery_worker, demo):
    demo_login(page, "dan@demo.alisvest.no")
    page.goto("/min-plan/")
    card = page.locator("#portfolio")
    expect(card).to_be_visible()
    fits(page)
    card.get_by_role("button", name="Lag portefølje (PDF)").click()
    page.wait_for_url("**/veiledning/stilling/*/portefolje/")
    expect(page.locator("progress#portfolio-bar")).to_be_visible()
    download_link = page.get_by_role("link", name="Last ned porteføljen (PDF)")
    download_link.wait_for(timeout=60_000)
    expect(page.get_by_text("100 % ferdig")).to_be_visible()
    fits(page)
    page.screenshot(path=SCREENSHOTS / "portfolio-phone.png", full_page=True)
    with page.expect_download() as info:
        download_link.click()
    path = info.value.path()
    with open(path, "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Dan Dale" in text and "Individuell veiledning per måned" in text
    assert PortfolioJob.objects.get().status == PortfolioJob.Status.DONE
    # Back on Min plan the card offers the file just made.
    page.goto("/min-plan/")
    expect(card.get_by_text("Sist laget")).to_be_visible()
