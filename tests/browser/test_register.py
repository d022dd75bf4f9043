import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from placements.models import Doctor, Placement

pytestmark = pytest.mark.django_db(transaction=True)


def login_as(page, live_server, user):
    """Project leaders log in with a second factor; the browser gets a session made
    server-side instead of typing a TOTP code."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def test_project_leader_registers_doctor_placement_and_supervisor(
    page, live_server, liv_mfa, carol, participating, bergen_centre
):
    login_as(page, live_server, liv_mfa)
    page.goto("/leger/")
    page.get_by_role("link", name="Registrer lege").first.click()
    page.get_by_label("Navn").fill("Nora Nyland")
    page.get_by_label("E-post").fill("nora@example.no")
    page.get_by_label("HPR-nummer").fill("12-345")
    page.get_by_role("button", name="Lagre").click()
    # Refused with the reason, and what was typed is kept.
    expect(page.get_by_text("HPR-nummeret kan bare inneholde siffer").first).to_be_visible()
    assert page.get_by_label("Navn").input_value() == "Nora Nyland"
    page.get_by_label("HPR-nummer").fill("1234567")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url("**/leger/*/")
    doctor = Doctor.objects.get(hpr_number="1234567")

    page.get_by_role("link", name="Registrer stilling").click()
    page.wait_for_url("**/stillinger/ny/*")
    page.locator("#id_municipality").select_option(label="Bergen (4601)")
    page.get_by_label("Legesenter").select_option(label="Åsane legesenter")
    page.get_by_label("Startdato").fill("2024-09-01")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url("**/stillinger/*/")
    placement = Placement.objects.get(doctor=doctor)
    assert str(placement.planned_end) == "2029-09-01"
    expect(page.get_by_text("Stillingen har ingen veileder.")).to_be_visible()

    page.get_by_text("Ny veileder").click()
    # The list offers the municipality's supervisors; Carol supervises no one yet, so she
    # is found by searching (htmx swaps in the narrowed list).
    page.get_by_label("Finn veileder (navn eller e-post)").fill("Corneli")
    form = page.locator("#veiledere form[method=post]")
    form.locator("option", has_text="Carol Corneliussen").wait_for(state="attached")
    form.locator("select[name=veileder-supervisor]").select_option(label="Carol Corneliussen")
    form.get_by_label("Fra").fill("2024-09-01")
    form.get_by_label("Arbeider på samme legesenter").uncheck()
    form.get_by_role("button", name="Lagre veileder").click()
    page.wait_for_url(f"**/stillinger/{placement.pk}/#veiledere")
    expect(page.get_by_role("heading", name="Nora Nyland")).to_be_visible()
    expect(page.get_by_role("cell", name="Carol Corneliussen")).to_be_visible()
    expect(page.get_by_text("Veilederen arbeider ikke på samme legesenter.")).to_be_visible()

    # The education plan: made from the programme's template, drawn as a timeline.
    page.get_by_role("button", name="Lag plan fra programmets planmal").click()
    page.wait_for_url(f"**/stillinger/{placement.pk}/plan/")
    page.goto(f"/stillinger/{placement.pk}/")
    timeline = page.get_by_test_id("plan-timeline")
    expect(timeline).to_be_visible()
    assert timeline.bounding_box()["height"] > 100
    assert page.locator(".tl-institution rect").count() == 1
