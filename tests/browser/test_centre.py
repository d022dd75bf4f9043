import pytest
from playwright.sync_api import expect

from placements.models import MedicalCentre

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_manager_registers_a_centre_that_another_manager_cannot_open(page, alice, bob):
    login(page, alice.email)
    page.goto("/oversikt/")
    page.get_by_role("link", name="Registrer legesenter").first.click()
    page.get_by_label("Navn").fill("Løvstakken legesenter")
    page.get_by_label("Antall leger").fill("1")
    page.get_by_label("Spesialister i allmennmedisin").fill("1")
    page.get_by_label("EKG").check()
    page.get_by_role("button", name="Lagre").click()
    # One doctor is a solo practice: refused with the reason, and the name is kept.
    expect(page.get_by_text("aldri arbeide i solopraksis").first).to_be_visible()
    assert page.get_by_label("Navn").input_value() == "Løvstakken legesenter"

    page.get_by_label("Antall leger").fill("4")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url("**/legesentre/*/")
    expect(page.get_by_role("heading", name="Løvstakken legesenter")).to_be_visible()
    centre = MedicalCentre.objects.get(name="Løvstakken legesenter")
    assert centre.equipment == ["ekg"]

    login(page, bob.email)
    response = page.goto(f"/legesentre/{centre.pk}/")
    assert response.status == 404
