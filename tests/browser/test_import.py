from datetime import date

import pytest
from playwright.sync_api import expect

from placements.models import Placement
from tests.placements.imports.test_xlsx import row, xlsx

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_manager_uploads_previews_fixes_and_confirms(
    page, tmp_path, alice, programme, participating, bergen_centre
):
    bad = tmp_path / "stillinger.xlsx"
    bad.write_bytes(xlsx(row(), row(**{"HPR-nummer": "2222222", "Startdato": "32.13.2019"})))
    login(page, alice.email)
    page.goto("/stillinger/")
    page.get_by_role("link", name="Importer fra XLSX").click()
    page.get_by_label("XLSX-fil").set_input_files(str(bad))
    page.get_by_role("button", name="Last opp og forhåndsvis").click()
    page.wait_for_url("**/stillinger/import/*/")
    expect(page.get_by_text("1 rad har feil. Ingenting er lagret.")).to_be_visible()
    expect(page.get_by_role("link", name="Rad 3, kolonne «Startdato»")).to_be_visible()
    assert page.get_by_role("button", name="Importer").count() == 0

    good = tmp_path / "rettet.xlsx"
    good.write_bytes(xlsx(row(), row(**{"HPR-nummer": "2222222", "Startdato": date(2025, 1, 6)})))
    page.get_by_role("link", name="Importer", exact=True).click()
    page.get_by_label("XLSX-fil").set_input_files(str(good))
    page.get_by_role("button", name="Last opp og forhåndsvis").click()
    page.wait_for_url("**/stillinger/import/*/")
    expect(page.get_by_text("Alle radene er gyldige. Ingenting er lagret ennå.")).to_be_visible()
    assert Placement.objects.count() == 0
    page.get_by_label("Opprett 2 nye ALIS-leger").check()
    page.get_by_role("button", name="Importer 2 stillinger").click()
    page.wait_for_url("**/stillinger/")
    expect(page.get_by_text("2 utdanningsstillinger er importert.")).to_be_visible()
    assert Placement.objects.filter(municipality__number="4601").count() == 2
