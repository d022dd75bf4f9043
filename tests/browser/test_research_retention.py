"""A researcher's stability page on a phone (390 px): the cut-off date is chosen, the
curves with their number-at-risk table and the monthly chart fit the page, a bad date is
explained at the field and keeps what was typed; a health manager plans for her
municipality."""

from datetime import date

import pytest
from playwright.sync_api import expect

from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import DoctorFactory, PlacementFactory
from research.factories import ConsentFactory, StudyFactory

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def study(register, programme, erin_mfa):
    bergen = register.current().get(number="4601")
    study = StudyFactory(programme=programme, name="Følgestudie ALIS-Vest")
    study.members.add(erin_mfa)
    centre = MedicalCentreFactory(municipality=bergen)
    for i in range(8):
        doctor = DoctorFactory(programme=programme)
        PlacementFactory(doctor=doctor, centre=centre, start=date(2017 + i % 2, 9, 1),
                         actual_end=date(2019, 3, 31) if i < 3 else None,
                         end_reason="familie" if i < 3 else "",
                         destination="forlot_kommunen" if i < 3 else "")  # fmt: skip
        ConsentFactory(study=study, doctor=doctor)
    return study


def test_researcher_reads_the_curves_at_a_cut_off_date_on_a_phone(page, study, erin_mfa):
    page.set_viewport_size(PHONE)
    login(page, erin_mfa.email)
    page.goto(f"/forskning/{study.pk}/stabilitet/")
    expect(page.get_by_role("heading", name="Stabilitet: ALIS i stilling")).to_be_visible()
    page.get_by_label("Skjæringsdato for data").fill("2020-01-01")
    page.get_by_role("button", name="Vis").click()
    expect(page.locator("#i-stilling figcaption")).to_contain_text("01.01.2020")
    curve = page.locator("#km-kohort svg")
    expect(curve).to_contain_text("Antall fulgt")
    expect(curve).to_contain_text("Måneder siden start")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # A date in the future is refused at the field, and what was typed stays.
    page.get_by_label("Skjæringsdato for data").fill("2999-01-01")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_text("Skjæringsdatoen kan ikke være etter i dag.")).to_be_visible()
    expect(page.get_by_label("Skjæringsdato for data")).to_have_value("2999-01-01")


def test_health_manager_plans_for_her_municipality_on_a_phone(page, alice, register):
    bergen = register.current().get(number="4601")
    bergen.population = 291940
    bergen.save()
    MedicalCentreFactory(municipality=bergen, doctor_count=10)
    page.set_viewport_size(PHONE)
    login(page, alice.email)
    page.goto("/planlegging/")
    expect(page.get_by_role("link", name="Planlegging").first).to_be_attached()  # in her menu
    expect(page.get_by_label("Innbyggere")).to_have_value("291940")
    expect(page.get_by_label("Fastlegehjemler i dag")).to_have_value("10")
    page.get_by_label("Trekk fra aktivitetsinntekten kommunen beholder ved fastlønn").check()
    page.get_by_role("button", name="Beregn").click()
    expect(page.get_by_text("Aktivitetsinntekt kommunen beholder per lege")).to_be_visible()
