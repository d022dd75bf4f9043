"""A regional ALIS office follows its municipalities across programmes, read-only: Olav of
ALIS-kontor Vest sees Bergen's placements in both programmes, nothing in Stord, no research
data, and can change nothing."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alisvest.factories import UserFactory
from alisvest.models import Invitation
from alisvest.roles import Role, grant_role
from alisvest.services import accept_invitation
from placements.municipalities.factories import (
    MedicalCentreFactory,
    ParticipationFactory,
    ProgrammeFactory,
)
from placements.municipalities.models import Programme
from placements.municipalities.offices import RegionalOffice
from placements.register.factories import DoctorFactory, PlacementFactory
from placements.register.models import Doctor, Placement
from research.factories import StudyFactory
from tests.conftest import with_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def vest(bergen):
    office = RegionalOffice.objects.create(name="ALIS-kontor Vest", city="Bergen")
    office.municipalities.add(bergen)
    return office


@pytest.fixture
def olav(vest):
    user = UserFactory(email="olav@alis-kontor.no", name="Olav Kontor")
    grant_role(user, Role.REGIONAL_OFFICE, vest)
    return with_totp(user)


@pytest.fixture
def national(bergen, stord):
    programme = ProgrammeFactory(
        name="ALIS Vestland nasjonal", slug="vestland", rule_set=Programme.RuleSet.NATIONAL
    )
    for municipality in (bergen, stord):
        ParticipationFactory(programme=programme, municipality=municipality)
    return programme


def placement_in(municipality, programme):
    return PlacementFactory(
        doctor=DoctorFactory(programme=programme),
        centre=MedicalCentreFactory(municipality=municipality),
        start=timezone.localdate() - timedelta(days=100),
    )


@pytest.fixture
def placements(programme, national, participating, bergen, stord):
    return {
        "bergen_regional": placement_in(bergen, programme),
        "bergen_national": placement_in(bergen, national),
        "stord_national": placement_in(stord, national),
    }


def test_the_office_sees_its_municipalities_across_programmes(olav, placements, bergen):
    assert olav.access.office_municipalities == frozenset({bergen.pk})
    seen = set(Placement.objects.for_user(olav))
    assert seen == {placements["bergen_regional"], placements["bergen_national"]}
    assert placements["stord_national"].doctor not in set(Doctor.objects.for_user(olav))


def test_outside_its_municipalities_is_404(olav, placements, client_for):
    client = client_for(olav)
    inside = placements["bergen_national"].pk
    outside = placements["stord_national"].pk
    assert client.get(reverse("placements:placement_detail", args=[inside])).status_code == 200
    assert client.get(reverse("placements:placement_detail", args=[outside])).status_code == 404
    assert client.get(reverse("supervision:placement", args=[inside])).status_code == 200
    assert client.get(reverse("supervision:placement", args=[outside])).status_code == 404
    assert client.get(f"/api/v1/placements/{outside}/").status_code == 404


def test_no_research_data(olav, programme, placements, client_for):
    study = StudyFactory(programme=programme)
    client = client_for(olav)
    assert client.get(reverse("research:study_detail", args=[study.pk])).status_code == 404
    assert client.get(f"/api/v1/studies/{study.pk}/").status_code == 404


def test_the_office_changes_nothing(olav, placements, client_for):
    placement = placements["bergen_national"]
    client = client_for(olav)
    edit = reverse("placements:placement_edit", args=[placement.pk])
    assert client.post(edit, {"position_percent": 10}).status_code == 403
    generate = reverse("placements:agreement_generate", args=[placement.pk])
    assert client.post(generate, {}).status_code == 403
    assert not Placement.objects.filter(pk=placement.pk, agreement__isnull=False).exists()
    placement.refresh_from_db()
    assert placement.position_percent == 100
    payload = {
        "programme": placement.programme_id,
        "doctor": DoctorFactory(programme=placement.programme).pk,
        "municipality": placement.municipality_id,
        "centre": placement.centre_id,
        "start": "2031-01-01",
        "planned_end": "2035-12-31",
    }
    response = client.post("/api/v1/placements/", payload, content_type="application/json")
    assert response.status_code in (400, 403)
    assert Placement.objects.count() == 3


def test_the_dashboard_counts_placements_and_missing_agreements(olav, placements, client_for):
    response = client_for(olav).get(reverse("placements:office_dashboard"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r["municipality"].name, r["placements"]) for r in rows] == [("Bergen", 2)]
    agreements = response.context["columns"][0]
    assert agreements["counts"] == {placements["bergen_national"].municipality_id: 1}
    assert list(response.context["unsigned"]) == [placements["bergen_national"]]
    assert set(response.context["programmes"]) == {"ALIS-VEST", "ALIS Vestland nasjonal"}


def test_the_dashboard_is_only_for_office_members(alice, client_for):
    assert client_for(alice).get(reverse("placements:office_dashboard")).status_code == 404


def test_a_leader_invites_an_office_user(liv_mfa, vest, client_for, mailoutbox):
    response = client_for(liv_mfa).post(
        reverse("invitations"),
        {"name": "Kari Kontor", "email": "kari@alis-kontor.no", "role": Role.REGIONAL_OFFICE},
    )
    assert "Velg kontoret" in response.content.decode()
    client_for(liv_mfa).post(
        reverse("invitations"),
        {
            "name": "Kari Kontor",
            "email": "kari@alis-kontor.no",
            "role": Role.REGIONAL_OFFICE,
            "regional_office": vest.pk,
        },
    )
    invitation = Invitation.objects.get(email="kari@alis-kontor.no")
    user = accept_invitation(invitation, name="Kari Kontor", password="et langt passord 42")
    assert list(user.regional_offices.all()) == [vest]


def test_the_dashboard_costs_the_same_queries_whatever_the_region_holds(
    olav, placements, national, bergen, client_for
):
    client = client_for(olav)
    url = reverse("placements:office_dashboard")
    client.get(url)  # warm the session and the access
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        placement_in(bergen, national)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
