"""A health manager makes a read-only API token for a report on her profile page, limited to
the funding part: the token is shown once, the list says what it may do, and the token reads
expenses but cannot add one or read placements. Also at phone width."""

import pytest
from playwright.sync_api import expect

from alisvest.models import ApiToken
from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_manager_makes_a_read_only_funding_token(page, alice, participating, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, alice.email)
    page.goto("/profil/")
    page.get_by_label("Navn").fill("Rapport i Power BI")
    page.get_by_label("Bare lesing").check()
    page.get_by_label("Økonomi").check()
    page.get_by_role("button", name="Lag nøkkel").click()
    raw = page.locator("#new-token").inner_text().strip()
    assert raw.startswith("alv_")
    row = page.get_by_role("row", name="Rapport i Power BI")
    expect(row).to_contain_text("Bare lesing: Økonomi")
    token = ApiToken.objects.get(user=alice)
    assert token.read_only and token.scopes == ["funding"]

    api = page.context.request
    bearer = {"Authorization": f"Bearer {raw}"}
    assert api.get("/api/v1/expenses/", headers=bearer).status == 200
    assert api.get("/api/v1/placements/", headers=bearer).status == 403
    refused = api.post("/api/v1/expenses/", headers=bearer, data={"amount": "1"})
    assert refused.status == 403
    assert "bare lese" in refused.json()["detail"]
