"""Erasure: a project leader erases an ALIS. Personal fields go (in the history too), the
login closes, research pseudonyms stop resolving, the statistics still add up, and the audit
log shows that an erasure happened but not what was erased."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alisvest.factories import UserFactory
from alisvest.models import ApiToken, User
from alisvest.roles import Role, grant_role
from placements.models import Doctor
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from research.factories import ConsentFactory, StudyFactory
from research.models import Consent
from supervision.factories import SupervisionSessionFactory
from supervision.models import SupervisionSession
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def dan(programme, bergen_centre, carol):
    """Dan Dale, an ALIS with a login, a placement, two sessions and a research consent."""
    user = UserFactory(email="dan@example.no", name="Dan Dale")
    grant_role(user, Role.ALIS)
    doctor = DoctorFactory(
        programme=programme,
        name="Dan Dale",
        email="dan@example.no",
        hpr_number="1234567",
        user=user,
    )
    doctor.name = "Dan Dale"  # a second history row with the name
    doctor.save()
    placement = PlacementFactory(
        doctor=doctor, centre=bergen_centre, start=timezone.localdate() - timedelta(days=90)
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    SupervisionSessionFactory.create_batch(2, placement=placement, supervisor=carol)
    ApiToken.issue(user, "laptop")
    return doctor


@pytest.fixture
def study(programme, dan):
    study = StudyFactory(programme=programme)
    ConsentFactory(study=study, doctor=dan)
    return study


def erase(client, doctor):
    return client.post(reverse("erase_doctor", args=[doctor.pk]), {"confirm": "on"})


def test_the_confirmation_page_says_what_will_happen_and_changes_nothing(
    client_for, liv_mfa, dan, study
):
    page = client_for(liv_mfa).get(reverse("erase_doctor", args=[dan.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Slett personopplysninger om Dan Dale" in text
    assert "1 utdanningsstilling(er) og 2 veiledningstime(r) blir stående" in text
    assert "Brukerkontoen stenges" in text
    # Without the confirmation box ticked, nothing happens.
    client_for(liv_mfa).post(reverse("erase_doctor", args=[dan.pk]), {})
    dan.refresh_from_db()
    assert dan.name == "Dan Dale"


@pytest.mark.usefixtures("participating")
def test_personal_fields_are_anonymised_and_login_is_closed(client, client_for, liv_mfa, dan):
    user = dan.user
    assert erase(client_for(liv_mfa), dan).status_code == 302
    dan.refresh_from_db()
    user.refresh_from_db()
    assert "Dan" not in dan.name and "dan@" not in dan.email and dan.hpr_number != "1234567"
    assert "Dan" not in user.name and "dan@" not in user.email
    assert not user.is_active and not user.has_usable_password()
    assert not ApiToken.objects.filter(user=user).exists()
    client.logout()
    assert not client.login(email="dan@example.no", password=PASSWORD)
    assert not client.login(email=user.email, password=PASSWORD)


def test_the_history_keeps_the_erasure_but_not_the_erased_data(client_for, liv_mfa, dan):
    erase(client_for(liv_mfa), dan)
    for model, pk in ((Doctor, dan.pk), (User, dan.user_id)):
        rows = model.history.filter(id=pk)
        assert rows.count() >= 2
        for row in rows:
            assert "Dan" not in row.name and "dan@" not in row.email
            assert getattr(row, "hpr_number", "") != "1234567"
        assert rows.filter(history_change_reason__contains="GDPR").exists()
    page = client_for(liv_mfa).get(reverse("audit_log")).content.decode()
    assert "Dan Dale" not in page and "1234567" not in page
    assert "Sletting av personopplysninger (GDPR)" in page


def test_research_pseudonyms_stop_resolving(client_for, liv_mfa, dan, study):
    old = Consent.objects.get(doctor=dan).pseudonym
    erase(client_for(liv_mfa), dan)
    assert old not in {c.pseudonym for c in Consent.objects.filter(study=study)}
    assert not Consent.objects.filter(doctor=dan).exists()
    assert not Consent.history.filter(doctor=dan.pk).exists()  # no link left in the history
    assert not Consent.objects.active().filter(study=study).exists()


def test_statistics_still_add_up(client_for, liv_mfa, dan):
    before = (
        dan.placements.count(),
        SupervisionSession.objects.filter(placement__doctor=dan).count(),
        sum(SupervisionSession.objects.values_list("minutes", flat=True)),
    )
    erase(client_for(liv_mfa), dan)
    after = (
        dan.placements.count(),
        SupervisionSession.objects.filter(placement__doctor=dan).count(),
        sum(SupervisionSession.objects.values_list("minutes", flat=True)),
    )
    assert before == after == (1, 2, 120)


def test_only_the_project_leader_may_erase(client_for, alice, stein, bob, dan):
    assert client_for(alice).get(reverse("erase_doctor", args=[dan.pk])).status_code == 403
    assert erase(client_for(bob), dan).status_code == 404
    dan.refresh_from_db()
    assert dan.name == "Dan Dale"


def test_the_training_record_goes_with_its_history_and_the_hours_stay(
    client_for, liv_mfa, dan, carol
):
    from supervision.assessments import services as assessments
    from supervision.factories import ProgressReviewFactory
    from supervision.models import (
        Assessment,
        AssessorInvitation,
        PostEvaluation,
        ProgressReview,
        Reflection,
        ReviewSignature,
        SessionMinutes,
    )

    placement = dan.placements.get()
    session = placement.supervision_sessions.first()
    SessionMinutes.objects.create(session=session, agreed="Dan skal ringe fastlege Olsen")
    Reflection.objects.create(
        placement=placement, author=dan.user, session=session, text="Dan tenkte", shared=True
    )
    one = [{"name": "Kari Kollega", "email": "kari@example.no", "relation": "lege"}]
    asked = assessments.request_assessment(placement, "kasusdiskusjon", one, by=dan.user)
    assessments.submit_response(asked.invitations.get(), {"styrker": "Dan var ryddig"})
    review = ProgressReviewFactory(placement=placement, written_by=carol)
    ReviewSignature.objects.create(review=review, role="supervisor", user=carol)
    PostEvaluation.objects.create(
        placement=placement, year=2026, supervision_quality=4, workload=3, centre=4, stay="Dan"
    )
    sessions = SupervisionSession.objects.filter(placement=placement).count()
    erase(client_for(liv_mfa), dan)
    for model in (SessionMinutes, Reflection, Assessment, AssessorInvitation, ProgressReview):
        assert not model.objects.exists(), model
        assert not model.history.exists(), model
    assert not PostEvaluation.objects.exists() and not ReviewSignature.objects.exists()
    assert SupervisionSession.objects.filter(placement=placement).count() == sessions
