"""The planning calculator on hand-computed inputs: page, command and function agree."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from placements.municipalities.factories import MedicalCentreFactory
from research.planning import gp_scenario

# 5 258 317 inhabitants at 600 per list: 8 763.86 GPs → 8 764, 4 096 more than 4 668.
# Capitation 600 × 451 = 270 600; fixed 40 % × 800 000 = 320 000; municipal 590 600;
# state 270 600 ÷ 0.3 × 0.7 = 631 400; total 1 222 000;
# municipal total 5 258 317 ÷ 600 × 590 600 = 5 175 936 700.33 → 5 175 936 700.
EXPECTED_600 = {
    "gps_needed": 8764,
    "change_vs_current": 4096,
    "capitation_per_gp": 270600,
    "fixed_salary_per_gp": 320000,
    "activity_income_kept_per_gp": 0,
    "municipal_cost_per_gp": 590600,
    "state_cost_per_gp": 631400,
    "total_cost_per_gp": 1222000,
    "municipal_cost_total": 5175936700,
}


def test_function_on_the_2017_figures():
    assert gp_scenario(5258317, 4668, 600, Decimal("0.40")) == EXPECTED_600


def test_total_uses_unrounded_gps_and_money_is_whole_kroner():
    # 1 000 / 3 = 333.33 GPs → 333; capitation 3 × 10.5 = 31.5 → 32 kr;
    # fixed 1/3 × 100 = 33.33 → 33; municipal 64.83 → 65; state 31.5 / 0.3 × 0.7 = 73.5 → 74;
    # total 138.33 → 138; municipal total 333.33 × 64.8333 = 21 611.11 → 21 611
    # (rounded GPs would give 21 589.50).
    result = gp_scenario(1000, 400, 3, Decimal(1) / 3, capitation=Decimal("10.5"), full_salary=100)
    assert result == {
        "gps_needed": 333,
        "change_vs_current": -67,
        "capitation_per_gp": 32,
        "fixed_salary_per_gp": 33,
        "activity_income_kept_per_gp": 0,
        "municipal_cost_per_gp": 65,
        "state_cost_per_gp": 74,
        "total_cost_per_gp": 138,
        "municipal_cost_total": 21611,
    }


def test_command_prints_exactly_the_keys():
    out = StringIO()
    call_command(
        "gp_scenario",
        "--population", "5258317", "--current-gps", "4668", "--list-length", "600",
        "--fixed-salary-share", "0.40", "--json",
        stdout=out,
    )  # fmt: skip
    assert json.loads(out.getvalue()) == EXPECTED_600


def test_command_with_todays_average_list():
    # 5 258 317 / 1 120 = 4 694.93 → 4 695; capitation 505 120; fixed 160 000;
    # municipal 665 120; state 1 178 613.33 → 1 178 613; total 1 843 733.33 → 1 843 733;
    # municipal total 5 258 317 × 4 157 ÷ 7 = 3 122 689 109.86 → 3 122 689 110.
    out = StringIO()
    call_command(
        "gp_scenario",
        "--population", "5258317", "--current-gps", "4668", "--list-length", "1120",
        "--fixed-salary-share", "0.2", "--capitation", "451", "--full-salary", "800000",
        "--capitation-income-share", "0.30", "--json",
        stdout=out,
    )  # fmt: skip
    result = json.loads(out.getvalue())
    assert result["gps_needed"] == 4695
    assert result["change_vs_current"] == 27
    assert result["state_cost_per_gp"] == 1178613
    assert result["total_cost_per_gp"] == 1843733
    assert result["municipal_cost_total"] == 3122689110


@pytest.mark.django_db
def test_page_shows_the_2017_table_for_the_steering_group(client_for, stein):
    response = client_for(stein).get(reverse("research:planning"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r["list_length"], r["fixed_share"]) for r in rows] == [
        (600, 40), (750, 40), (900, 40), (1150, 40), (1120, 20)
    ]  # fmt: skip
    assert rows[0]["municipal_cost_total"] == EXPECTED_600["municipal_cost_total"]


@pytest.mark.django_db
def test_page_computes_what_if_with_own_share_per_row(client_for, liv_mfa):
    response = client_for(liv_mfa).get(
        reverse("research:planning"),
        {
            "population": 5258317, "current_gps": 4668, "capitation": 451,
            "full_salary": 800000, "capitation_income_percent": 30,
            "list_length_0": 600, "fixed_share_0": 40,
            "list_length_1": 500, "fixed_share_1": 60,
        },
    )  # fmt: skip
    rows = response.context["rows"]
    assert rows[0] == {"list_length": 600, "fixed_share": 40, **EXPECTED_600}
    # 500 × 451 = 225 500; 60 % × 800 000 = 480 000.
    assert rows[1]["municipal_cost_per_gp"] == 705500


@pytest.mark.django_db
def test_page_explains_a_missing_share_and_keeps_the_input(client_for, stein):
    response = client_for(stein).get(
        reverse("research:planning"),
        {"population": 1000, "current_gps": 1, "capitation": 451, "full_salary": 800000,
         "capitation_income_percent": 30, "list_length_0": 777},
    )  # fmt: skip
    assert response.context["rows"] is None
    assert "Fastlønnsandel må fylles ut" in response.content.decode()
    assert 'value="777"' in response.content.decode()


@pytest.mark.django_db
def test_page_is_not_for_researchers(client_for, erin_mfa):
    assert client_for(erin_mfa).get(reverse("research:planning")).status_code == 404


def test_netting_the_activity_income_a_municipality_keeps_on_fixed_salary():
    # 600 per list, 100 % fixed salary: capitation 270 600, state's activity-based cost
    # 270 600 ÷ 0.3 × 0.7 = 631 400. The 2017 model adds it on top of the salary:
    # municipal 270 600 + 800 000 = 1 070 600. Netted, the municipality keeps 1.0 × 631 400:
    # municipal 1 070 600 − 631 400 = 439 200, total 439 200 + 631 400 = 1 070 600.
    plain = gp_scenario(5258317, 4668, 600, Decimal("1.0"))
    netted = gp_scenario(5258317, 4668, 600, Decimal("1.0"), net_activity_income=True)
    assert plain["municipal_cost_per_gp"] == 1070600 and plain["total_cost_per_gp"] == 1702000
    assert netted["activity_income_kept_per_gp"] == 631400
    assert netted["municipal_cost_per_gp"] == 439200 and netted["total_cost_per_gp"] == 1070600
    # 40 %: kept 0.4 × 631 400 = 252 560; municipal 590 600 − 252 560 = 338 040.
    assert (
        gp_scenario(5258317, 4668, 600, Decimal("0.4"), net_activity_income=True)[
            "municipal_cost_per_gp"
        ]
        == 338040
    )


@pytest.fixture
def bergen_figures(bergen):
    bergen.population = 291940
    bergen.save()
    MedicalCentreFactory(municipality=bergen, doctor_count=6)
    MedicalCentreFactory(municipality=bergen, doctor_count=4)
    return bergen


@pytest.mark.django_db
def test_health_manager_plans_for_her_own_municipality(client_for, alice, bergen_figures):
    response = client_for(alice).get(reverse("research:planning"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["population"].value() == 291940 and form["current_gps"].value() == 10
    rows = response.context["rows"]
    # 291 940 ÷ 600 = 486.57 → 487 GPs, 477 more than the 10 registered.
    assert rows[0]["gps_needed"] == 487 and rows[0]["change_vs_current"] == 477
    assert "Planlegging" in response.content.decode()


@pytest.mark.django_db
def test_health_manager_cannot_fetch_another_municipality(client_for, bob, bergen_figures):
    client = client_for(bob)
    response = client.get(reverse("research:planning"), {"kommune": bergen_figures.pk, "hent": 1})
    assert response.status_code == 404
    own = client.get(reverse("research:planning"))
    assert own.status_code == 200
    assert "innbyggertall" in own.content.decode()  # Stord has no population in the register


@pytest.mark.django_db
def test_steering_group_fetches_a_programme_municipality_and_nets(
    client_for, stein, bergen_figures, participating
):
    response = client_for(stein).get(
        reverse("research:planning"), {"kommune": bergen_figures.pk, "hent": 1}
    )
    assert response.context["form"]["population"].value() == 291940
    form_data = {**response.context["form"].data, "net_activity_income": "on"}
    netted = client_for(stein).get(reverse("research:planning"), form_data)
    assert netted.context["rows"][0]["activity_income_kept_per_gp"] > 0
    assert "Aktivitetsinntekt kommunen beholder per lege" in netted.content.decode()
