"""The research API: pseudonymised for everyone, consent enforced, small cells hidden for
researchers, exports logged, nothing for people outside the study."""

from datetime import date

import pytest

from alisvest.models import ApiToken
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import DoctorFactory, PlacementFactory
from research.factories import ConsentFactory, InterviewFactory, InterviewRoundFactory, StudyFactory
from research.models import ExportLog, RoundTarget
from research.services import withdraw_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def study(programme, erin, bergen):
    study = StudyFactory(programme=programme, name="Følgestudie ALIS-Vest", k_anonymity=2)
    study.members.add(erin)
    centre = MedicalCentreFactory(municipality=bergen)
    for i in range(4):
        doctor = DoctorFactory(programme=programme, name=f"Lege Navnesen {i}",
                               email=f"navnesen{i}@example.no")  # fmt: skip
        PlacementFactory(doctor=doctor, centre=centre, start=date(2018, 1, 1))
        ConsentFactory(study=study, doctor=doctor)
    round_1 = InterviewRoundFactory(study=study, number=1)
    RoundTarget.objects.create(round=round_1, category="helseleder", target=10)
    InterviewFactory(round=round_1, municipality=bergen)
    return study


def api(client, user):
    token = ApiToken.issue(user, "test")[1]

    def get(path, **params):
        return client.get(f"/api/v1/{path}", params, HTTP_AUTHORIZATION=f"Bearer {token}")

    return get


def test_researcher_gets_pseudonymised_consents_only(client, erin, study):
    get = api(client, erin)
    withdraw_consent(study.consents.first(), by=None)
    response = get("consents/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Navnesen" not in body and "example.no" not in body
    results = response.json()["results"]
    assert len(results) == 3
    assert all(r["pseudonym"].startswith("P-") and r["withdrawn_at"] is None for r in results)


def test_leader_sees_withdrawn_consents_but_still_no_names(client, liv, study):
    withdraw_consent(study.consents.first(), by=None)
    response = api(client, liv)("consents/")
    assert len(response.json()["results"]) == 4
    assert "Navnesen" not in response.content.decode()


def test_interview_rounds_with_targets_and_counts(client, erin, study):
    [row] = api(client, erin)("interview-rounds/").json()["results"]
    assert row["targets"]["helseleder"] == 10 and row["interviews"]["helseleder"] == 1
    assert row["targets"]["alis"] is None


def test_retention_aggregates_are_suppressed_for_researchers(client, erin, liv, study, bergen):
    # One more ALIS, without consent: counted for the project leaders only.
    PlacementFactory(
        doctor=DoctorFactory(programme=study.programme), start=date(2018, 1, 1),
        centre=MedicalCentreFactory(municipality=bergen),
    )  # fmt: skip
    data = api(client, erin)(f"studies/{study.pk}/retention/").json()
    assert data["summary"]["total"] == "4" and data["summary"]["left"] == "0"  # 0 is 0
    assert [c["label"] for c in data["curves"]] == ["2018"]
    leader = api(client, liv)(f"studies/{study.pk}/retention/").json()
    assert leader["summary"]["total"] == "5" and leader["summary"]["left"] == "0"


def test_retention_curves_carry_intervals_and_number_at_risk(client, liv, study):
    get = api(client, liv)
    data = get(f"studies/{study.pk}/retention/", cutoff="2020-01-01", group_by="avtale").json()
    assert data["cutoff"] == "2020-01-01" and data["event"] == "stilling"
    [curve] = data["curves"]
    assert curve["label"] == "Fastlønn" or curve["label"] == "Annet"
    first = curve["points"][0]
    assert set(first) == {"month", "survival", "ci_low", "ci_high", "at_risk"}
    assert first == {"month": 0.0, "survival": 1.0, "ci_low": 1.0, "ci_high": 1.0, "at_risk": 4}
    # Four ALIS from 1 Jan 2018, all in post at the cut-off: followed for 24 months.
    assert 23.9 < data["max_followup_months"] < 24.1
    assert data["monthly_in_post"][-1] == ["2020-01", "4"]
    assert get(f"studies/{study.pk}/retention/", cutoff="2999-01-01").status_code == 400
    assert get(f"studies/{study.pk}/retention/", group_by="navn").status_code == 400


def test_export_over_the_api_is_logged_and_pseudonymised(client, erin, study):
    response = api(client, erin)(f"studies/{study.pk}/export/", table="stillinger")
    data = response.json()
    assert data["columns"][0] == "pseudonym" and len(data["rows"]) == 4
    assert "Navnesen" not in response.content.decode()
    log = ExportLog.objects.get()
    assert log.format == "api" and log.user == erin and log.filters == {"tabell": "stillinger"}
    assert api(client, erin)("exports/").json()["results"][0]["people"] == 4


def test_bad_export_parameters_are_400(client, erin, study):
    get = api(client, erin)
    assert get(f"studies/{study.pk}/export/", table="navn").status_code == 400
    assert get(f"studies/{study.pk}/export/", from_year="19x").status_code == 400


def test_manager_sees_no_studies(client, alice, study):
    get = api(client, alice)
    assert get("studies/").json()["results"] == []
    assert get(f"studies/{study.pk}/retention/").status_code == 404
    assert get("consents/").json()["results"] == []
