"""Retention: Kaplan–Meier on a hand-computed case, the month-by-month count, and what
researchers may see (pseudonyms, no small groups, 404 on pages with names)."""

import io
import math
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from placements.models import Placement
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import DoctorFactory, PlacementFactory
from research import followup, retention, survival
from research.factories import ConsentFactory, StudyFactory
from research.models import Study

pytestmark = pytest.mark.django_db


Z = 1.959963984540054  # the 97.5 % point of the standard normal


def loglog_ci(s, greenwood):
    """The 95 % interval on the log(−log S) scale, from Greenwood's sum Σ d / (n (n − d))."""
    se = math.sqrt(greenwood) / abs(math.log(s))
    centre = math.log(-math.log(s))
    return math.exp(-math.exp(centre + Z * se)), math.exp(-math.exp(centre - Z * se))


def test_kaplan_meier_matches_the_hand_computed_case():
    # Times 2, 3, 3+, 5, 8+ (+ = censored). At 2: 5 at risk, 1 event → 4/5 = 0.8.
    # At 3: 4 at risk, 1 event (the censored one leaves after) → 0.8 × 3/4 = 0.6.
    # At 5: 2 at risk, 1 event → 0.6 × 1/2 = 0.3. At 8: censored, stays 0.3.
    points = survival.km_points([2, 3, 3, 5, 8], [1, 1, 0, 1, 0])
    assert [(p["month"], round(p["survival"], 6), p["at_risk"]) for p in points] == [
        (0.0, 1.0, 5), (2.0, 0.8, 5), (3.0, 0.6, 4), (5.0, 0.3, 2), (8.0, 0.3, 1)
    ]  # fmt: skip
    # Greenwood at 3: 1/(5·4) + 1/(4·3) = 0.05 + 0.0833…
    low, high = loglog_ci(0.6, 1 / 20 + 1 / 12)
    assert points[2]["ci_low"] == pytest.approx(low, abs=1e-6)
    assert points[2]["ci_high"] == pytest.approx(high, abs=1e-6)
    assert survival.at_risk_table([2, 3, 3, 5, 8], 13) == [(0, 5), (12, 0)]


@pytest.fixture
def study(programme, erin):
    study = StudyFactory(programme=programme, name="Følgestudie ALIS-Vest")
    study.members.add(erin)
    return study


@pytest.fixture
def cohort(study, bergen):
    """2017: four fixed-salary ALIS (two leave: one to her own list in Bergen). 2019: two
    self-employed, one leaves. Everyone consents."""
    centre = MedicalCentreFactory(municipality=bergen)
    specs = [
        ("Anna A", date(2017, 9, 1), "fastlonn", date(2018, 3, 1), "familie", "forlot_kommunen"),
        ("Berit B", date(2017, 9, 1), "fastlonn", date(2018, 9, 1), "egen_liste",
         "egen_liste_samme_kommune"),
        ("Carl C", date(2017, 9, 1), "fastlonn", None, "", ""),
        ("Dina D", date(2017, 9, 1), "fastlonn", None, "", ""),
        ("Egil E", date(2019, 1, 1), "naeringsdrift", date(2019, 7, 1), "lonn_arbeidsvilkar",
         "forlot_kommunen"),
        ("Frida F", date(2019, 1, 1), "naeringsdrift", None, "", ""),
    ]  # fmt: skip
    for name, start, contract, end, reason, destination in specs:
        doctor = DoctorFactory(programme=study.programme, name=name)
        PlacementFactory(
            doctor=doctor, centre=centre, start=start, contract_type=contract,
            actual_end=end, end_reason=reason, destination=destination,
        )  # fmt: skip
        ConsentFactory(study=study, doctor=doctor)
    return specs


def test_own_list_in_same_municipality_is_retained(study, cohort):
    rows = retention.records(study, names=True)
    by_name = {r.label: r for r in rows}
    assert by_name["Berit B"].left_post and not by_name["Berit B"].left_municipality
    assert by_name["Anna A"].left_municipality
    summary = retention.summary(followup.follow_up(rows, "stilling", date(2020, 1, 1)))
    assert summary["left"] == 3 and summary["retained_in_municipality"] == 1


CUTOFF = date(2020, 1, 1)
M = followup.DAYS_PER_MONTH


def test_hand_computed_curve_with_censoring_on_a_small_cohort(study, cohort):
    # At the cut-off 1 Jan 2020: Anna (181 days) and Egil (181 days) left early, Berit left
    # early after 365 days; Frida (365 days) and Carl and Dina (852 days) are still in post
    # and censored at the cut-off. At 181 d: 6 at risk, 2 events → 4/6. At 365 d: 4 at
    # risk, 1 event, 1 censored → 4/6 × 3/4 = 1/2. At 852 d: 2 censored → stays 1/2.
    spells = followup.follow_up(retention.records(study, names=True), "stilling", CUTOFF)
    by_name = {s.record.label: s for s in spells}
    assert by_name["Frida F"].in_post_at_cutoff and not by_name["Frida F"].event
    assert by_name["Berit B"].event and by_name["Berit B"].stop == date(2018, 9, 1)
    result = retention.km_by(spells, "kohort")
    assert [c["key"] for c in result["curves"]] == ["2017", "2019"]
    assert [c["n"] for c in result["curves"]] == [4, 2]
    assert result["logrank"]["df"] == 1 and 0 < result["logrank"]["p_value"] <= 1
    points = survival.km_points([s.months for s in spells], [s.event for s in spells])
    assert [(round(p["month"] * M), round(p["survival"], 6), p["at_risk"]) for p in points] == [
        (0, 1.0, 6), (181, 0.666667, 6), (365, 0.5, 4), (852, 0.5, 2)
    ]  # fmt: skip
    low, high = loglog_ci(0.5, 2 / (6 * 4) + 1 / (4 * 3))
    assert (points[2]["ci_low"], points[2]["ci_high"]) == pytest.approx((low, high), abs=1e-6)


def test_the_study_event_decides_what_ends_the_curve(study, cohort):
    # "Left the municipality": Berit took her own list in Bergen, so her time stops at the
    # end of her post without the event (censored at 365 days, not at the cut-off).
    rows = retention.records(study, names=True)
    spells = {s.record.label: s for s in followup.follow_up(rows, "kommune", CUTOFF)}
    assert not spells["Berit B"].event and spells["Berit B"].stop == date(2018, 9, 1)
    assert spells["Anna A"].event and spells["Egil E"].event
    assert not followup.follow_up(rows, "allmennpraksis", CUTOFF)[0].event
    study.retention_event = "kommune"
    analysis = retention.analyse(study, True, CUTOFF)
    fixed = next(c for c in analysis["groupings"]["avtale"]["curves"] if c["key"] == "fastlonn")
    # 4 fixed-salary ALIS: Anna leaves at 181 days → 3/4; Berit is censored at 365 days.
    assert [p["survival"] for p in fixed["points"]] == [1.0, 0.75, 0.75, 0.75]
    assert analysis["summary"]["events"] == 2


def test_a_finished_post_is_followed_to_its_end_not_to_today(study, bergen):
    doctor = DoctorFactory(programme=study.programme, name="Ferdig F")
    PlacementFactory(doctor=doctor, centre=MedicalCentreFactory(municipality=bergen),
                     start=date(2017, 9, 1), planned_end=date(2022, 8, 31))  # fmt: skip
    [followed] = followup.follow_up(retention.records(study, True), "stilling", date(2026, 12, 1))
    assert followed.stop == date(2022, 8, 31) and not followed.event
    assert not followed.in_post_at_cutoff and 59.9 < followed.months < 60.0
    analysis = retention.analyse(study, True, date(2026, 12, 1))
    assert analysis["max_followup_months"] == round(followed.months, 2)
    assert analysis["monthly"][-1] == ["2026-12", 0, 0]  # 0 is 0, drawn to the cut-off
    assert analysis["summary"]["in_post"] == 0


def test_month_by_month_in_post(study, cohort):
    spells = followup.follow_up(retention.records(study, names=True), "stilling", date(2019, 8, 15))
    series = {m: n for m, n, _e in retention.monthly_in_post(spells, date(2019, 8, 15))}
    assert series[date(2017, 9, 1)] == 4
    assert series[date(2018, 4, 1)] == 3  # Anna left 1 March
    assert series[date(2019, 1, 1)] == 4  # Berit left, Egil and Frida came
    assert series[date(2019, 8, 1)] == 3  # Egil left 1 July
    assert max(series) == date(2019, 8, 1)
    hidden = retention.monthly_in_post(
        [s for s in spells if s.start.year == 2019], date(2019, 8, 15), threshold=3
    )
    assert hidden[0] == (date(2019, 1, 1), None, 0)


def test_curves_and_monthly_counts_agree_on_the_demo(register):
    call_command("seed_demo", stdout=io.StringIO())
    study = Study.objects.get(name="Følgestudie ALIS-Vest")
    cutoff = date(2026, 12, 1)
    spells = followup.follow_up(retention.records(study, True), study.retention_event, cutoff)
    analysis = retention.analyse(study, True, cutoff)
    monthly = analysis["monthly"]
    assert monthly[-1][0] == "2026-12" and monthly[-1][1] == analysis["summary"]["in_post"]
    events = sum(e for _m, _n, e in monthly)
    for result in analysis["groupings"].values():
        assert sum(c["events"] for c in result["curves"]) == events
        assert sum(c["at_risk"][0][1] for c in result["curves"]) == len(spells)
    assert events == analysis["summary"]["events"] > 0
    # Each person is counted in the months their follow-up covers, and nowhere else.
    for followed in spells:
        counted = sum(1 for m, _n, _e in monthly if followed.covers(date.fromisoformat(m + "-01")))
        assert -1 < counted - followed.months < 1.1  # both the first and last day count
    assert analysis["max_followup_months"] <= 61  # five-year posts, not followed to 2026


def test_researcher_sees_pseudonyms_and_no_small_groups(client_for, erin_mfa, study, cohort):
    response = client_for(erin_mfa).get(reverse("research:retention", args=[study.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Anna A" not in html
    # Only 2 self-employed ALIS: their curve is hidden, and so is the fixed-salary one,
    # which with the total of 6 would give the 2 away; the reason counts are "<3".
    avtale = next(f for f in response.context["figures"] if f["name"] == "km-avtale")
    assert [s["label"] for s in avtale["chart"].series] == []
    assert "Næringsdrift" in avtale["chart"].note and "Fastlønn" in avtale["chart"].note
    assert response.context["summary"]["left"] == 3
    assert response.context["summary"]["retained_in_municipality"] == "<3"
    csv = client_for(erin_mfa).get(
        reverse("research:retention_figure", args=[study.pk, "sluttarsaker", "csv"])
    )
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "kategori;antall"
    assert len(lines) == 4 and all(line.endswith(";<3") for line in lines[1:])


def test_withdrawn_person_leaves_the_analysis(client_for, erin_mfa, study, cohort):
    from research.services import withdraw_consent

    consent = study.consents.get(doctor__name="Anna A")
    withdraw_consent(consent, by=None)
    assert len(retention.records(study, names=False)) == 5
    assert len(retention.records(study, names=True)) == 6  # project leaders: the programme


def test_researcher_gets_404_on_pages_with_names(client_for, erin_mfa, liv_mfa, study, cohort):
    url = reverse("research:retention_people", args=[study.pk])
    assert client_for(erin_mfa).get(url).status_code == 404
    leader = client_for(liv_mfa).get(url)
    assert leader.status_code == 200 and "Anna A" in leader.content.decode()
    placement = Placement.objects.first()
    erin = client_for(erin_mfa)
    assert erin.get(reverse("placements:placement_detail", args=[placement.pk])).status_code == 404
    assert erin.get(reverse("research:consent_list", args=[study.pk])).status_code == 404


@pytest.mark.parametrize("fmt,content_type", [
    ("svg", "image/svg+xml"), ("png", "image/png"), ("csv", "text/csv; charset=utf-8"),
])  # fmt: skip
def test_figures_download_as_svg_png_csv(client_for, liv_mfa, study, cohort, fmt, content_type):
    response = client_for(liv_mfa).get(
        reverse("research:retention_figure", args=[study.pk, "km-kohort", fmt])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment")
    if fmt == "png":
        assert response.content.startswith(b"\x89PNG")
    if fmt == "svg":
        assert b"<polyline" in response.content and b"12,5" not in response.content


def test_pdf_report_has_the_same_figures(client_for, erin_mfa, study, cohort):
    response = client_for(erin_mfa).get(reverse("research:retention_pdf", args=[study.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")


def test_unknown_figure_is_404(client_for, liv_mfa, study):
    url = reverse("research:retention_figure", args=[study.pk, "navn", "csv"])
    assert client_for(liv_mfa).get(url).status_code == 404
