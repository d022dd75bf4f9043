"""Journeys of the national scheme: a health manager makes the ALIS agreement, records both
signatures and sees the task gone; a regional office user reads its region and nothing
else. Both on a desktop and on a phone (390 px)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alisvest.factories import UserFactory
from alisvest.roles import Role, grant_role
from placements.models import Agreement, Programme, RegionalOffice
from placements.municipalities.factories import (
    MedicalCentreFactory,
    ParticipationFactory,
    ProgrammeFactory,
)
from placements.register.factories import DoctorFactory, PlacementFactory
from tests.browser.conftest import login
from tests.conftest import with_totp

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def national(bergen, stord):
    programme = ProgrammeFactory(
        name="ALIS Vestland nasjonal", slug="vestland", rule_set=Programme.RuleSet.NATIONAL
    )
    for municipality in (bergen, stord):
        ParticipationFactory(programme=programme, municipality=municipality)
    return programme


def placement(programme, municipality, name):
    return PlacementFactory(
        doctor=DoctorFactory(programme=programme, name=name),
        centre=MedicalCentreFactory(municipality=municipality),
        start=timezone.localdate() - timedelta(days=60),
    )


@pytest.mark.parametrize("size", SIZES)
def test_health_manager_makes_and_signs_the_agreement(page, size, alice, national, bergen):
    page.set_viewport_size(SIZES[size])
    nina = placement(national, bergen, "Nina Nasjonal")
    login(page, alice.email)
    task = page.get_by_role("link", name="Nina Nasjonal mangler signert ALIS-avtale")
    task.click()
    page.wait_for_url(f"**/stillinger/{nina.pk}/avtale/")
    page.get_by_label("Kommunens organisasjonsnummer (valgfritt)").fill("1234")
    page.get_by_role("button", name="Lag avtale").click()
    expect(page.get_by_text("Organisasjonsnummer er ni siffer.").first).to_be_visible()
    page.get_by_label("Kommunens organisasjonsnummer (valgfritt)").fill("964 338 531")
    page.get_by_role("button", name="Lag avtale").click()
    expect(page.get_by_text("Versjon 1 av avtalen er klar til signering.")).to_be_visible()
    for party, name, role in (("Kommunen", "Mona Mo", "Kommunalsjef"), ("ALIS", "Nina", "ALIS")):
        page.get_by_label("Part").select_option(label=party)
        page.get_by_label("Navn på den som signerte").fill(name)
        page.get_by_label("Rolle eller tittel").fill(role)
        page.get_by_role("button", name="Registrer signatur").click()
        expect(page.get_by_text(f"Signaturen til {name} er registrert.")).to_be_visible()
    expect(page.get_by_test_id("agreement-status")).to_contain_text("signert av begge parter")
    assert Agreement.objects.signed().get().placement == nina
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned PDF").click()
    assert download.value.suggested_filename == f"ALIS-avtale-{nina.pk}-1.pdf"
    page.goto("/oppgaver/")
    expect(page.get_by_text("Nina Nasjonal mangler signert ALIS-avtale")).to_have_count(0)


@pytest.mark.parametrize("size", SIZES)
def test_regional_office_reads_its_region(page, size, national, programme, bergen, stord):
    page.set_viewport_size(SIZES[size])
    vest = RegionalOffice.objects.create(name="ALIS-kontor Vest", city="Bergen")
    vest.municipalities.add(bergen)
    olav = with_totp(UserFactory(email="olav@alis-kontor.no", name="Olav Kontor"))
    grant_role(olav, Role.REGIONAL_OFFICE, vest)
    inside = placement(national, bergen, "Berit Bergen")
    placement(programme, bergen, "Rita Regional")
    outside = placement(national, stord, "Stian Stord")
    login(page, olav.email)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="ALIS-kontoret"
    ).click()
    page.wait_for_url("**/kontor/")
    expect(page.get_by_role("heading", name="ALIS-kontor Vest")).to_be_visible()
    expect(page.get_by_role("cell", name="Bergen")).to_be_visible()
    expect(page.get_by_text("Stian Stord")).to_have_count(0)
    page.get_by_role("link", name="Berit Bergen").click()
    page.wait_for_url(f"**/stillinger/{inside.pk}/")
    expect(page.get_by_role("heading", name="Berit Bergen")).to_be_visible()
    expect(page.get_by_role("link", name="Endre")).to_have_count(0)
    page.get_by_role("link", name="Åpne ALIS-avtalen").click()
    expect(page.get_by_role("button", name="Lag avtale")).to_have_count(0)
    response = page.goto(f"/stillinger/{outside.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Fant ikke siden")).to_be_visible()
