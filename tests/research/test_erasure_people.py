"""Erasure of every kind of person: carol the supervisor, alice the health manager, erin the
researcher, a plain user account and a survey contact known only by e-mail. Each gets a
pseudonymous label, their history is scrubbed, their login closes, and what the programme
must keep (supervision hours) stays with the pseudonym. Only the project leader erases."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alisvest.factories import UserFactory
from alisvest.models import ApiToken, User
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from research.erasure import labels
from research.factories import ConsentFactory, StudyFactory
from research.models import Consent, SurveyInvitation, SurveyWave
from supervision.factories import SupervisionSessionFactory
from supervision.models import SupervisionSession
from tests.conftest import PASSWORD, with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("participating")]


@pytest.fixture
def study(programme):
    return StudyFactory(programme=programme, name="Rekrutteringsstudien")


@pytest.fixture
def carols_sessions(programme, bergen_centre, carol, study):
    doctor = DoctorFactory(programme=programme, name="Dan Dale")
    placement = PlacementFactory(
        doctor=doctor, centre=bergen_centre, start=timezone.localdate() - timedelta(days=90)
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    SupervisionSessionFactory.create_batch(3, placement=placement, supervisor=carol)
    ConsentFactory(study=study, user=carol, doctor=None, category="veileder")
    ApiToken.issue(carol, "laptop")
    return placement


@pytest.fixture
def wave(study):
    return SurveyWave.objects.create(
        study=study,
        title="Bølge 1",
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=30),
    )


def page(client, person):
    return client.get(reverse("erase_person", args=[person.pk]))


def erase(client, person):
    return client.post(reverse("erase_person", args=[person.pk]), {"confirm": "on"})


def assert_erased(user, real_name, real_email, word):
    user.refresh_from_db()
    assert re.fullmatch(rf"Slettet {word} [0-9A-F]{{4}}", user.name)
    assert user.email.endswith("@slettet.invalid")
    assert not user.is_active and not user.has_usable_password()
    for row in User.history.filter(id=user.pk):
        assert real_name not in row.name and real_email not in row.email
    assert User.history.filter(id=user.pk, history_change_reason__contains="GDPR").exists()


def test_the_supervisor_page_shows_what_goes_what_stays_and_the_research_consequences(
    client_for, liv_mfa, carol, carols_sessions
):
    response = page(client_for(liv_mfa), carol)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Slett personopplysninger om Carol Corneliussen" in text
    assert f"«{labels.label(labels.Role.SUPERVISOR, carol.pk)}»" in text
    assert "3 veiledningstime(r) (3,0 timer) personen førte som veileder" in text
    assert "1 API-nøkkel slettes." in text
    assert "1 forskningssamtykke trekkes og slettes" in text
    assert "ikke med i fremtidige forskningsuttrekk" in text
    assert "Studier som berøres: Rekrutteringsstudien" in text
    # Without the box ticked, nothing happens.
    client_for(liv_mfa).post(reverse("erase_person", args=[carol.pk]), {})
    carol.refresh_from_db()
    assert carol.name == "Carol Corneliussen" and carol.is_active


def test_a_supervisor_is_erased_and_the_hours_stay_with_the_pseudonym(
    client, client_for, liv_mfa, carol, carols_sessions
):
    assert erase(client_for(liv_mfa), carol).status_code == 302
    assert_erased(carol, "Carol", "carol@", "veileder")
    assert SupervisionSession.objects.filter(supervisor=carol).count() == 3
    assert carols_sessions.supervisor_assignments.filter(supervisor=carol).exists()
    assert not ApiToken.objects.filter(user=carol).exists()
    assert not Consent.objects.filter(user=carol).exists()
    client.logout()
    assert not client.login(email="carol@bergen.kommune.no", password=PASSWORD)
    audit = client_for(liv_mfa).get(reverse("audit_log"), {"q": "Slettet veileder"})
    text = audit.content.decode()
    assert "Sletting av personopplysninger (GDPR)" in text and "Carol" not in text
    assert "liv@bergen.kommune.no" in text  # who erased


def test_a_health_manager_is_erased_with_their_survey_invitations(
    client_for, liv_mfa, alice, wave, bergen
):
    invitation = SurveyInvitation.objects.create(wave=wave, municipality=bergen, email=alice.email)
    assert "Helseleder" in page(client_for(liv_mfa), alice).content.decode()
    erase(client_for(liv_mfa), alice)
    assert_erased(alice, "Alice", "alice@", "helseleder")
    invitation.refresh_from_db()
    assert invitation.email == alice.email and invitation.reminded_at is not None
    assert not any("alice@" in r.email for r in SurveyInvitation.history.all())


def test_a_researcher_is_erased_and_leaves_the_study(client_for, liv_mfa, erin, study):
    study.members.add(erin)
    text = page(client_for(liv_mfa), erin).content.decode()
    assert "Medlemskapet i 1 studie avsluttes" in text
    erase(client_for(liv_mfa), erin)
    assert_erased(erin, "Erin", "erin@", "forsker")
    assert not study.members.filter(pk=erin.pk).exists()


def test_an_alis_login_is_erased_with_the_register_record_under_one_label(
    client_for, liv_mfa, programme
):
    user = UserFactory(email="frida@example.no", name="Frida Fjell")
    doctor = DoctorFactory(programme=programme, name="Frida Fjell", user=user)
    promised = labels.label(labels.Role.ALIS, doctor.pk)
    assert f"«{promised}»" in page(client_for(liv_mfa), user).content.decode()
    erase(client_for(liv_mfa), user)
    assert_erased(user, "Frida", "frida@", "ALIS")
    doctor.refresh_from_db()
    assert doctor.name == user.name == promised
    assert doctor.hpr_number.startswith("9") and len(doctor.hpr_number) == 9


def test_a_plain_user_account_is_erased_by_a_superuser(client_for):
    """An account with no role belongs to no programme: only a superuser reaches it."""
    root = with_totp(UserFactory(email="root@example.no", is_staff=True, is_superuser=True))
    user = UserFactory(email="gunn@example.no", name="Gunn Gran")
    assert erase(client_for(root), user).status_code == 302
    assert_erased(user, "Gunn", "gunn@", "bruker")
    assert erase(client_for(root), root).status_code == 404  # not oneself


def test_a_survey_contact_without_a_login_is_erased(client_for, liv_mfa, wave, bergen, stord):
    first = SurveyInvitation.objects.create(
        wave=wave, municipality=bergen, email="kontakt@bergen.kommune.no"
    )
    second = SurveyInvitation.objects.create(
        wave=wave, municipality=stord, email="Kontakt@bergen.kommune.no"
    )
    leader = client_for(liv_mfa)
    url = reverse("erase_survey_contact", args=[first.pk])
    text = leader.get(url).content.decode()
    assert "E-postadressen fjernes fra 2 invitasjoner" in text
    assert "Svarene blir stående" in text
    assert leader.post(url, {"confirm": "on"}).status_code == 302
    for invitation in (first, second):
        invitation.refresh_from_db()
        assert invitation.email.endswith("@slettet.invalid")
        assert invitation.sent_at and invitation.reminded_at  # nothing more is sent to it
    assert not SurveyInvitation.history.filter(email__icontains="kontakt@").exists()
    assert SurveyInvitation.history.filter(history_change_reason__contains="GDPR").exists()
    assert leader.get(url).status_code == 404  # erased already


def test_only_the_project_leader_erases_and_only_in_their_programme(
    client_for, liv_mfa, alice, bob, stein, erin_mfa, carol, carols_sessions, wave, bergen
):
    invitation = SurveyInvitation.objects.create(wave=wave, municipality=bergen, email="k@x.no")
    for other in (alice, stein, erin_mfa, carol):
        client = client_for(other)
        assert erase(client, bob).status_code == 404
        assert client.get(reverse("erasure_people")).status_code == 404
        url = reverse("erase_survey_contact", args=[invitation.pk])
        assert client.post(url, {"confirm": "on"}).status_code == 404
    leader = client_for(liv_mfa)
    assert erase(leader, liv_mfa).status_code == 404  # not oneself
    outsider = UserFactory(email="ute@example.no", name="Ute Utenfor")
    assert erase(leader, outsider).status_code == 404  # known to no programme of liv's
    outsider.refresh_from_db()
    assert outsider.is_active and outsider.name == "Ute Utenfor"


def test_the_leader_finds_people_of_every_kind_by_name(
    client_for, liv_mfa, carol, carols_sessions, wave, bergen
):
    SurveyInvitation.objects.create(wave=wave, municipality=bergen, email="carolkontakt@b.no")
    response = client_for(liv_mfa).get(reverse("erasure_people"), {"q": "carol"})
    text = response.content.decode()
    assert reverse("erase_person", args=[carol.pk]) in text
    assert "carolkontakt@b.no" in text
    assert "Veileder" in text
    everyone = client_for(liv_mfa).get(reverse("erasure_people")).content.decode()
    assert reverse("erase_person", args=[carol.pk]) in everyone
    assert reverse("erase_person", args=[liv_mfa.pk]) not in everyone  # not oneself


def test_labels_do_not_count_with_the_ids():
    codes = [labels.code("supervisor", pk) for pk in range(1, 50)]
    assert len(set(codes)) > 40  # spread, not a sequence
    assert all(re.fullmatch(r"[0-9A-F]{4}", c) for c in codes)
    assert labels.code("supervisor", 7) == labels.code("supervisor", 7)  # stable


def test_a_manager_named_as_an_applications_contact_is_scrubbed_there_too(
    client_for, liv_mfa, alice, programme, bergen
):
    from placements.applications.factories import ApplicationFactory, CallFactory

    application = ApplicationFactory(
        call=CallFactory(programme=programme),
        municipality=bergen,
        contact_name="Alice Aas",
        contact_email="alice@bergen.kommune.no",
    )
    erase(client_for(liv_mfa), alice)
    application.refresh_from_db()
    alice.refresh_from_db()
    assert (application.contact_name, application.contact_email) == (alice.name, alice.email)
    for row in application.history.all():
        assert "Alice" not in row.contact_name and "alice@" not in row.contact_email


def test_a_participant_known_only_by_name_is_erased(client_for, liv_mfa, study):
    consent = ConsentFactory(
        study=study, doctor=None, name="Hanne Hjelp", category="hjelpepersonell"
    )
    leader = client_for(liv_mfa)
    listing = leader.get(reverse("erasure_people"), {"q": "hanne"}).content.decode()
    url = reverse("erase_participant", args=[consent.pk])
    assert url in listing
    text = leader.get(url).content.decode()
    assert "Slett personopplysninger om Hanne Hjelp" in text
    assert "1 forskningssamtykke trekkes og slettes" in text
    assert leader.post(url, {"confirm": "on"}).status_code == 302
    assert not Consent.objects.filter(pk=consent.pk).exists()
    assert not Consent.history.filter(name__icontains="Hanne").exists()
    assert leader.get(url).status_code == 404
