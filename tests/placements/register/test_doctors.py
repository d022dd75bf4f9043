"""The register of ALIS doctors: list, page, form with HPR validation, invitation to log in,
and who sees which doctor."""

from datetime import date

import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

from alisvest.models import Invitation
from alisvest.roles import Role
from alisvest.services import accept_invitation
from placements.models import Doctor
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import DoctorFactory, PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def doctors(programme, participating, bergen, stord):
    """Kari works in Bergen, Per in Stord; Nils is registered by Stord but not yet placed."""
    kari = PlacementFactory(
        programme=programme,
        doctor__programme=programme,
        doctor__name="Kari Bergen",
        centre=MedicalCentreFactory(municipality=bergen),
    ).doctor
    per = PlacementFactory(
        programme=programme,
        doctor__programme=programme,
        doctor__name="Per Stord",
        centre=MedicalCentreFactory(municipality=stord),
    ).doctor
    nils = DoctorFactory(programme=programme, name="Nils Ny", registered_by=stord)
    return kari, per, nils


def test_project_leader_lists_all_doctors(client_for, liv_mfa, doctors, django_assert_num_queries):
    client = client_for(liv_mfa)
    client.get(reverse("placements:doctor_list"))
    DoctorFactory.create_batch(3, programme=doctors[0].programme)
    # The user, the role grants (programme and municipality permissions, groups), the MFA
    # check, the count for the pages of 100, the doctors with programme and user joined,
    # their visible placements prefetched, and the session save (savepoint, update,
    # release), the leader's model permissions (user, groups) for the menu's admin link:
    # none per row.
    with django_assert_num_queries(13):
        response = client.get(reverse("placements:doctor_list"))
    names = [d.name for d in response.context["doctors"]]
    assert {"Kari Bergen", "Per Stord", "Nils Ny"} <= set(names)
    assert len(names) == 6


def test_manager_sees_own_municipality_doctors_only(client_for, bob, doctors):
    kari, per, nils = doctors
    client = client_for(bob)
    response = client.get(reverse("placements:doctor_list"))
    assert {d.name for d in response.context["doctors"]} == {"Per Stord", "Nils Ny"}
    assert client.get(reverse("placements:doctor_detail", args=[kari.pk])).status_code == 404
    assert client.get(reverse("placements:doctor_edit", args=[kari.pk])).status_code == 404
    assert client.get(reverse("placements:doctor_detail", args=[per.pk])).status_code == 200


def test_hpr_must_be_digits_with_a_clear_message(client_for, liv_mfa, programme):
    response = client_for(liv_mfa).post(
        reverse("placements:doctor_create"),
        {"programme": programme.pk, "name": "Ola", "email": "ola@example.no", "hpr_number": "12A4"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "HPR-nummeret kan bare inneholde siffer" in content
    assert 'value="ola@example.no"' in content  # nothing the user typed is lost
    assert not Doctor.objects.exists()


def test_hpr_spaces_are_removed_and_duplicates_refused(client_for, liv_mfa, programme):
    client = client_for(liv_mfa)
    data = {"programme": programme.pk, "name": "Ola", "email": "o@example.no"}
    response = client.post(reverse("placements:doctor_create"), {**data, "hpr_number": "123 456 7"})
    assert response.status_code == 302
    assert Doctor.objects.get().hpr_number == "1234567"
    response = client.post(reverse("placements:doctor_create"), {**data, "hpr_number": "1234567"})
    assert "Det finnes allerede en lege med dette HPR-nummeret." in response.content.decode()
    assert Doctor.objects.count() == 1


def test_hpr_rule_holds_in_the_database(programme):
    with pytest.raises(IntegrityError):
        Doctor.objects.create(programme=programme, name="X", email="x@e.no", hpr_number="12-34")


def test_manager_registers_doctor_for_own_municipality(client_for, bob, programme, participating):
    response = client_for(bob).post(
        reverse("placements:doctor_create"),
        {"programme": programme.pk, "name": "Siv", "email": "siv@e.no", "hpr_number": "7654321"},
    )
    assert response.status_code == 302
    doctor = Doctor.objects.get()
    assert doctor.registered_by.number == "4614"


def test_invitation_links_the_new_login_to_the_doctor(client_for, alice, doctors):
    kari = doctors[0]
    response = client_for(alice).post(reverse("placements:doctor_invite", args=[kari.pk]))
    assert response.status_code == 302
    invitation = Invitation.objects.get(doctor=kari)
    assert invitation.role == Role.ALIS
    assert invitation.email == kari.email
    user = accept_invitation(invitation, name="Kari Bergen", password="et-langt-passord-1")
    kari.refresh_from_db()
    assert kari.user == user
    assert user.access.has(Role.ALIS)


def test_doctor_page_offers_invitation_only_to_editors(client_for, alice, carol, doctors):
    from placements.register.factories import SupervisorAssignmentFactory

    kari = doctors[0]
    SupervisorAssignmentFactory(placement=kari.placements.get(), supervisor=carol)
    assert (
        "doctor-invite"
        in client_for(alice)
        .get(reverse("placements:doctor_detail", args=[kari.pk]))
        .content.decode()
    )
    client = client_for(carol)
    page = client.get(reverse("placements:doctor_detail", args=[kari.pk])).content.decode()
    assert "doctor-invite" not in page
    assert client.post(reverse("placements:doctor_invite", args=[kari.pk])).status_code == 403
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_no_national_identity_number_anywhere():
    names = {f.name for f in Doctor._meta.get_fields()}
    assert not names & {"fodselsnummer", "national_id", "ssn", "personal_number"}


def test_placement_form_preselects_the_doctor(client_for, liv_mfa, doctors):
    kari = doctors[0]
    response = client_for(liv_mfa).get(reverse("placements:placement_create"), {"doctor": kari.pk})
    assert response.context["form"]["doctor"].value() == str(kari.pk) or (
        response.context["form"]["doctor"].value() == kari.pk
    )
    assert date  # keeps the import for later tests


def test_placement_page_links_to_the_doctor(client_for, carol, doctors):
    from placements.register.factories import SupervisorAssignmentFactory

    kari = doctors[0]
    placement = kari.placements.get()
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    client = client_for(carol)
    page = client.get(reverse("placements:placement_detail", args=[placement.pk]))
    assert reverse("placements:doctor_detail", args=[kari.pk]) in page.content.decode()
    assert client.get(reverse("placements:doctor_detail", args=[kari.pk])).status_code == 200
