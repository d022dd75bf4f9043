"""Retention: Kaplan–Meier on a hand-computed case, the month-by-month count, and what
researchers may see (pseudonyms, no small groups, 404 on pages with names)."""

from datetime import date

import pytest
from django.urls import reverse

from placements.models import Placement
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import DoctorFactory, PlacementFactory
from research import retention
from research.factories import ConsentFactory, StudyFactory

pytestmark = pytest.mark.django_db


def test_kaplan_meier_matches_the_hand_computed_case():
    # Times 2, 3, 3+, 5, 8+ (+ = censored). At 2: 5 at risk, 1 event → 4/5 = 0.8.
    # At 3: 4 at risk, 1 event (the censored one leaves after) → 0.8 × 3/4 = 0.6.
    # At 5: 2 at risk, 1 event → 0.6 × 1/2 = 0.3. At 8: censored, stays 0.3.
    points = retention.km_curve([2, 3, 3, 5, 8], [1, 1, 0, 1, 0])
    assert [(t, round(s, 6)) for t, s in points] == [
        (0.0, 1.0), (2.0, 0.8), (3.0, 0.6), (5.0, 0.3), (8.0, 0.3)
    ]  # fmt: skip


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
    summary = retention.summary(rows)
    assert summary["left"] == 3 and summary["retained_in_municipality"] == 1


def test_curves_per_contract_type_and_cohort(study, cohort):
    rows = retention.records(study, names=True)
    curves, hidden = retention.km_by(rows, "avtale", today=date(2022, 1, 1))
    fixed = next(c for c in curves if c["label"] == "Fastlønn")
    # 4 fixed-salary ALIS; leave at 6 and 12 months: 3/4, then 3/4 × 2/3 = 1/2.
    assert [round(s, 4) for _t, s in fixed["points"]][:3] == [1.0, 0.75, 0.5]
    assert hidden == []
    cohorts, _hidden = retention.km_by(rows, "kohort", today=date(2022, 1, 1))
    assert [c["label"] for c in cohorts] == ["2017", "2019"]


def test_month_by_month_in_post(study, cohort):
    rows = retention.records(study, names=True)
    series = dict(retention.monthly_in_post(rows, today=date(2019, 8, 15)))
    assert series[date(2017, 9, 1)] == 4
    assert series[date(2018, 4, 1)] == 3  # Anna left 1 March
    assert series[date(2019, 1, 1)] == 4  # Berit left, Egil and Frida came
    assert series[date(2019, 8, 1)] == 3  # Egil left 1 July
    suppressed = dict(retention.monthly_in_post(rows, today=date(2019, 8, 15), suppressed=True))
    assert suppressed[date(2019, 8, 1)] == 3
    rows_2019 = [r for r in rows if r.start.year == 2019]
    assert dict(retention.monthly_in_post(rows_2019, suppressed=True))[date(2019, 1, 1)] is None


def test_researcher_sees_pseudonyms_and_no_small_groups(client_for, erin_mfa, study, cohort):
    response = client_for(erin_mfa).get(reverse("research:retention", args=[study.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Anna A" not in html
    # Only 2 self-employed ALIS: their curve is hidden, and the reason counts are "<3".
    avtale = next(f for f in response.context["figures"] if f["name"] == "km-avtale")
    assert [s["label"] for s in avtale["chart"].series] == ["Fastlønn (n=4)"]
    assert "Næringsdrift" in avtale["chart"].note
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
