"""Electronic consent: the versioned information text, the personal link e-mailed through
the outbox, consent given and withdrawn by the person (link or login), each reflected at
once in the next export, the signed PDF with its checksum, and withdrawal by letter."""

import hashlib
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from alisvest.models import OutboxMessage
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import DoctorFactory, PlacementFactory
from research import consent_links, services
from research.factories import StudyFactory
from research.models import Consent, ExportLog
from research.tasks import send_consent_invitation
from tests.research.test_export import csv_rows, download

pytestmark = pytest.mark.django_db


@pytest.fixture
def study(programme, erin, liv):
    study = StudyFactory(programme=programme, name="Følgestudie ALIS-Vest", k_anonymity=2)
    study.members.add(erin)
    services.publish_text(
        study, liv, title="Om studien", text_nb="Vi følger ALIS i fem år.",
        text_nn="Vi følgjer ALIS i fem år.",
    )  # fmt: skip
    return study


@pytest.fixture
def alis(study, bergen):
    """Two ALIS in Bergen who started together: a pair is k-anonymous at k = 2."""
    centre = MedicalCentreFactory(municipality=bergen)
    doctors = []
    for i, name in enumerate(["Dan Dale", "Siri Sæle"]):
        doctor = DoctorFactory(programme=study.programme, name=name, email=f"alis{i}@example.no")
        PlacementFactory(doctor=doctor, centre=centre, start=date(2017, 9, 1))
        doctors.append(doctor)
    return doctors


def test_text_versions_are_numbered_and_kept(study, liv):
    second = services.publish_text(study, liv, title="Om studien", text_nb="Ny tekst.")
    assert second.version == 2 and services.current_text(study) == second
    assert list(study.information_texts.values_list("version", flat=True)) == [2, 1]
    first = study.information_texts.get(version=1)
    assert first.text_in("nn") == "Vi følgjer ALIS i fem år." and first.text_in("en") == (
        "Vi følger ALIS i fem år."
    )  # no English: bokmål


def test_leader_sends_a_link_through_the_outbox_with_ids_only(client_for, liv_mfa, study, alis):
    url = reverse("research:consent_invite", args=[study.pk])
    response = client_for(liv_mfa).post(url, {"doctors": [alis[0].pk]})
    assert response.status_code == 302
    invitation = study.consent_invitations.get()
    [message] = OutboxMessage.objects.filter(task__endswith="send_consent_invitation")
    assert message.args == [invitation.pk]  # the id, never the link or its nonce
    assert send_consent_invitation(invitation.pk) is True
    assert send_consent_invitation(invitation.pk) is False  # a repeated message sends nothing
    [email] = mail.outbox
    assert email.to == ["alis0@example.no"]
    assert consent_links.link_for(invitation) in email.body


def test_invite_without_choosing_says_so(client_for, liv_mfa, study, alis):
    url = reverse("research:consent_invite", args=[study.pk])
    response = client_for(liv_mfa).post(url, {})
    assert response.status_code == 200
    assert "Velg minst én ALIS." in response.content.decode()


def test_consent_by_link_is_in_the_next_export_and_withdrawal_removes_it(
    client, client_for, erin_mfa, study, alis
):
    researcher = client_for(erin_mfa)
    assert len(csv_rows(download(researcher, study, format="csv"))) == 1  # header only
    [dan_link, siri_link] = [
        consent_links.link_for(i) for i in services.invite_to_consent(study, alis, None)
    ]
    client.logout()
    page = client.get(dan_link)
    assert page.status_code == 200 and "Vi følger ALIS i fem år." in page.content.decode()
    response = client.post(
        dan_link, {"action": "give", "agree": "on", "signature": "", "version": 1}
    )
    assert "Skriv navnet ditt som signatur." in response.content.decode()  # refused, explained
    for link, name in ((dan_link, "Dan Dale"), (siri_link, "Siri Sæle")):
        response = client.post(
            link, {"action": "give", "agree": "on", "signature": name, "version": 1}
        )
        assert response.status_code == 302
    researcher = client_for(erin_mfa)
    rows = csv_rows(download(researcher, study, format="csv"))
    dan = Consent.objects.get(doctor=alis[0])
    assert dan.pseudonym in {r[0] for r in rows[1:]} and len(rows) == 3
    client.logout()
    assert client.post(dan_link, {"action": "withdraw"}).status_code == 302
    dan.refresh_from_db()
    assert dan.withdrawn_at and dan.withdrawal_method == Consent.Withdrawal.LINK
    rows = csv_rows(download(client_for(erin_mfa), study, format="csv"))
    assert dan.pseudonym not in {r[0] for r in rows}


def test_signed_consent_is_a_pdf_with_time_version_and_checksum(study, alis):
    consent, changed = services.give_consent(
        study, alis[0], services.current_text(study), "Dan Dale"
    )
    assert changed and consent.method == Consent.Method.DIGITAL
    assert consent.information_text.version == 1 and consent.text_version.startswith("v1")
    with consent.signed_pdf.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == consent.pdf_sha256
    again, changed = services.give_consent(study, alis[0], services.current_text(study), "Dan")
    assert not changed and again.pk == consent.pk


def test_a_changed_text_is_refused_until_read(client, study, alis, liv):
    [invitation] = services.invite_to_consent(study, alis[:1], None)
    services.publish_text(study, liv, title="Om studien", text_nb="Versjon to.")
    link = consent_links.link_for(invitation)
    response = client.post(
        link, {"action": "give", "agree": "on", "signature": "Dan", "version": 1}
    )
    assert "Teksten er endret mens du leste" in response.content.decode()
    assert not Consent.objects.exists()


def test_forged_or_revoked_link_is_404(client, study, alis):
    [invitation] = services.invite_to_consent(study, alis[:1], None)
    link = consent_links.link_for(invitation)
    assert client.get(link[:-3] + "abc/").status_code == 404
    services.renew_consent_link(invitation)
    assert client.get(link).status_code == 404


def test_logged_in_alis_gives_and_withdraws_on_their_own_page(client_for, study, alis):
    from alisvest.factories import UserFactory
    from alisvest.roles import Role, grant_role

    user = UserFactory(email="dan@alis.no")
    grant_role(user, Role.ALIS)
    alis[0].user = user
    alis[0].save()
    client = client_for(user)
    url = reverse("research:my_consents")
    assert study.name in client.get(url).content.decode()
    data = {
        "study": study.pk,
        "action": "give",
        "agree": "on",
        "signature": "Dan Dale",
        "version": 1,
    }
    assert client.post(url, data).status_code == 302
    consent = Consent.objects.get(doctor=alis[0])
    assert consent.withdrawn_at is None and consent.registered_by == user
    assert client.post(url, {"study": study.pk, "action": "withdraw"}).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawal_method == Consent.Withdrawal.LOGIN
    plan = client.get(reverse("placements:my_plan")).content.decode()
    assert url in plan


def test_other_users_have_no_consent_page(client_for, liv_mfa):
    assert client_for(liv_mfa).get(reverse("research:my_consents")).status_code == 404


def test_withdrawal_by_letter_records_date_and_reason(client_for, liv_mfa, study, alis):
    consent, _ = services.give_consent(study, alis[0], services.current_text(study), "Dan")
    url = reverse("research:consent_withdraw", args=[study.pk, consent.pk])
    client = client_for(liv_mfa)
    response = client.post(url, {"method": "brev", "received": "", "reason": "Flytter"})
    html = response.content.decode()
    assert "Skriv inn datoen brevet kom." in html and "Flytter" in html  # input kept
    today = date.today().isoformat()
    response = client.post(url, {"method": "brev", "received": today, "reason": "Flytter"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawal_received == date.today() and consent.withdrawal_reason == "Flytter"
    assert consent.withdrawn_at is not None
    pdf = client.get(reverse("research:consent_pdf", args=[study.pk, consent.pk]))
    assert pdf.status_code == 200


def test_export_log_records_purpose_tables_and_variables(client_for, erin_mfa, study, alis):
    client = client_for(erin_mfa)
    url = reverse("research:export", args=[study.pk])
    response = client.get(url, {"format": "csv", "tabell": "avganger", "formaal": ""})
    assert "Skriv hva uttrekket skal brukes til." in response.content.decode()
    assert not ExportLog.objects.exists()
    download(client, study, format="csv", tabell="avganger", formaal="Artikkel om avganger")
    log = ExportLog.objects.get()
    assert log.purpose == "Artikkel om avganger" and log.tables == ["avganger"]
    assert log.variables["avganger"][0] == "pseudonym" and log.user == erin_mfa
    assert "Artikkel om avganger" in client.get(url).content.decode()
