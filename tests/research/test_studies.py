"""Studies, consent and interview bookkeeping: project leaders see names, researchers who
are members see the study without names, everyone else sees nothing."""

from datetime import date

import pytest
from django.urls import reverse

from placements.register.factories import DoctorFactory
from research.factories import ConsentFactory, InterviewFactory, InterviewRoundFactory
from research.models import Category, Consent, Interview, RoundTarget, Study

pytestmark = pytest.mark.django_db

NUM_CONSENT_LIST_QUERIES = 14
NUM_STUDY_LIST_QUERIES = 9


@pytest.fixture
def study(programme, erin):
    study = Study.objects.create(
        programme=programme, name="Følgestudie ALIS-Vest", institution="NSDM",
        started=date(2017, 9, 1),
    )  # fmt: skip
    study.members.add(erin)
    return study


def test_leader_creates_a_study_with_researcher_members(client_for, liv_mfa, erin, programme):
    response = client_for(liv_mfa).post(
        reverse("research:study_create"),
        {"programme": programme.pk, "name": "Følgestudie", "institution": "NSDM",
         "started": "2017-09-01", "members": [erin.pk], "retention_event": "kommune",
         "small_cell_threshold": 5, "k_anonymity": 5},
    )  # fmt: skip
    study = Study.objects.get(name="Følgestudie")
    assert response.status_code == 302
    assert list(study.members.all()) == [erin]
    assert (study.retention_event, study.small_cell_threshold) == ("kommune", 5)
    assert len(study.secret) == 64


def test_study_settings_are_checked_naming_the_field(client_for, liv_mfa, programme):
    response = client_for(liv_mfa).post(
        reverse("research:study_create"),
        {"programme": programme.pk, "name": "Følgestudie", "started": "2017-09-01",
         "retention_event": "stilling", "small_cell_threshold": 1, "k_anonymity": 5},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Minste viste celle må være mellom 2 og 50." in response.content.decode()
    assert not Study.objects.filter(name="Følgestudie").exists()


def test_researcher_cannot_create_a_study(client_for, erin_mfa, study):
    assert client_for(erin_mfa).get(reverse("research:study_create")).status_code == 403


def test_member_sees_study_but_not_consent_names(client_for, erin_mfa, study):
    ConsentFactory(study=study, doctor=DoctorFactory(programme=study.programme, name="Dan Dale"))
    client = client_for(erin_mfa)
    detail = client.get(reverse("research:study_detail", args=[study.pk]))
    assert detail.status_code == 200
    assert "Dan Dale" not in detail.content.decode()
    assert client.get(reverse("research:consent_list", args=[study.pk])).status_code == 404
    assert client.get(reverse("research:consent_create", args=[study.pk])).status_code == 404


def test_non_member_researcher_and_manager_get_404(client_for, study, programme, alice):
    from alisvest.roles import Role
    from tests.conftest import person, with_totp

    other = with_totp(person("ola@uit.no", "Ola Other", Role.RESEARCHER, programme))
    assert (
        client_for(other).get(reverse("research:study_detail", args=[study.pk])).status_code == 404
    )
    assert (
        client_for(alice).get(reverse("research:study_detail", args=[study.pk])).status_code == 404
    )


def test_leader_registers_and_withdraws_consent(client_for, liv_mfa, study, carol):
    client = client_for(liv_mfa)
    response = client.post(
        reverse("research:consent_create", args=[study.pk]),
        {"category": Category.SUPERVISOR, "user": carol.pk, "given_at": "2018-05-02T10:00",
         "method": Consent.Method.DIGITAL, "text_version": "v2 2018"},
    )  # fmt: skip
    assert response.status_code == 302
    consent = Consent.objects.get(study=study, user=carol)
    assert consent.text_version == "v2 2018" and consent.registered_by == liv_mfa
    url = reverse("research:consent_withdraw", args=[study.pk, consent.pk])
    client.post(url, {"method": Consent.Withdrawal.OTHER, "received": "", "reason": ""})
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert not Consent.objects.active().filter(pk=consent.pk).exists()


def test_consent_form_explains_two_people_and_keeps_input(client_for, liv_mfa, study, carol):
    doctor = DoctorFactory(programme=study.programme)
    response = client_for(liv_mfa).post(
        reverse("research:consent_create", args=[study.pk]),
        {"category": Category.ALIS, "doctor": doctor.pk, "name": "Hanne Hjelp",
         "given_at": "2018-05-02T10:00", "method": "papir", "text_version": "v9"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "nøyaktig én person" in response.content.decode()
    assert 'value="v9"' in response.content.decode()


def test_database_refuses_consent_for_two_people(study, carol):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError, match="research_consent_one_person"):
        Consent.objects.create(
            study=study, category=Category.SUPERVISOR, user=carol, name="Også noen",
            given_at="2018-01-01T00:00Z", method="papir", text_version="v1",
        )  # fmt: skip


def test_round_overview_reproduces_the_seed_table(client_for, erin_mfa, study, bergen):
    round_1 = InterviewRoundFactory(
        study=study, number=1, period_start=date(2017, 10, 1), period_end=date(2018, 2, 28)
    )
    RoundTarget.objects.create(round=round_1, category=Category.MANAGER, target=10)
    RoundTarget.objects.create(round=round_1, category=Category.ALIS, target=12)
    for _ in range(10):
        InterviewFactory(round=round_1, category=Category.MANAGER, municipality=bergen)
    for _ in range(12):
        InterviewFactory(round=round_1, category=Category.ALIS, municipality=bergen)
    response = client_for(erin_mfa).get(reverse("research:study_detail", args=[study.pk]))
    [row] = response.context["overview"]
    cells = {c["label"]: (c["done"], c["target"]) for c in row["cells"]}
    assert cells["Helseleder"] == (10, 10)
    assert cells["ALIS"] == (12, 12)
    assert cells["Hjelpepersonell"] == (0, None)
    assert "Oktober 2017" in response.content.decode()


def test_member_creates_round_with_targets_and_records_interview(
    client_for, erin_mfa, study, bergen, participating
):
    client = client_for(erin_mfa)
    response = client.post(
        reverse("research:round_create", args=[study.pk]),
        {"number": 2, "period_start": "2018-05-01", "period_end": "2018-09-30",
         "target_helseleder": 8, "target_alis": 9},
    )  # fmt: skip
    round_2 = study.rounds.get(number=2)
    assert response.status_code == 302
    assert dict(round_2.targets.values_list("category", "target")) == {
        "helseleder": 8, "alis": 9
    }  # fmt: skip
    url = reverse("research:round_detail", args=[study.pk, round_2.pk])
    ok = client.post(url, {"informant_code": "hl-01", "category": "helseleder",
                           "municipality": bergen.pk, "date": "2018-06-01"})  # fmt: skip
    assert ok.status_code == 302
    assert Interview.objects.get(round=round_2).informant_code == "HL-01"
    outside = client.post(url, {"informant_code": "HL-02", "category": "alis",
                                "municipality": bergen.pk, "date": "2019-06-01"})  # fmt: skip
    assert "utenfor rundens periode" in outside.content.decode()
    duplicate = client.post(url, {"informant_code": "HL-01", "category": "alis",
                                  "municipality": bergen.pk, "date": "2018-06-02"})  # fmt: skip
    assert "allerede brukt" in duplicate.content.decode()


def test_interview_codes_are_never_names(study, bergen):
    from django.db import IntegrityError

    round_1 = InterviewRoundFactory(study=study)
    with pytest.raises(IntegrityError, match="research_interview_code_format"):
        Interview.objects.create(
            round=round_1, informant_code="Kari Nordmann", category="alis",
            municipality=bergen, date=round_1.period_start,
        )  # fmt: skip


def test_researcher_sees_small_consent_counts_suppressed(client_for, erin_mfa, liv_mfa, study):
    ConsentFactory(study=study)
    erin_rows = client_for(erin_mfa).get(reverse("research:study_detail", args=[study.pk]))
    # 1 ALIS in force beside the published total of 1: hidden with a zero as complement.
    assert erin_rows.context["consents"][1] == {"label": "ALIS", "active": "<3", "withdrawn": 0}
    assert sum(1 for row in erin_rows.context["consents"] if row["active"] == "<3") == 2
    leader_rows = client_for(liv_mfa).get(reverse("research:study_detail", args=[study.pk]))
    assert leader_rows.context["consents"][1] == {"label": "ALIS", "active": 1, "withdrawn": 0}


def test_consent_list_query_count_is_constant(
    client_for, liv_mfa, study, django_assert_num_queries
):
    client = client_for(liv_mfa)
    url = reverse("research:consent_list", args=[study.pk])
    client.get(url)  # warm the session
    ConsentFactory.create_batch(2, study=study)
    # Session read and sliding-expiry write, user, access (programme permissions,
    # municipality permissions, groups), MFA check, the study, the consents joined with
    # their doctor, user, registrar and text, the current information text, the consent
    # links sent, the ALIS who may get one (the invitation form), the leader's model
    # permissions (user, groups) for the menu's admin link: the same for 2 and 6 consents.
    with django_assert_num_queries(NUM_CONSENT_LIST_QUERIES):
        client.get(url)
    ConsentFactory.create_batch(4, study=study)
    with django_assert_num_queries(NUM_CONSENT_LIST_QUERIES):
        assert client.get(url).status_code == 200


def test_study_list_query_count_is_constant(
    client_for, erin_mfa, programme, study, django_assert_num_queries
):
    from research.factories import StudyFactory

    client = client_for(erin_mfa)
    url = reverse("research:study_list")
    client.get(url)
    with django_assert_num_queries(NUM_STUDY_LIST_QUERIES):
        client.get(url)
    for _ in range(3):
        StudyFactory(programme=programme).members.add(erin_mfa)
    # Session read and sliding-expiry write, user, access (3), MFA check, the studies with
    # their consent and round counts in one query: the same count for 1 and 4 studies.
    with django_assert_num_queries(NUM_STUDY_LIST_QUERIES):
        response = client.get(url)
    assert len(response.context["studies"]) == 4
