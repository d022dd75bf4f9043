import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from placements.models import Placement
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import PlacementFactory, SupervisorAssignmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register_rows(programme, bergen, stord):
    bergen_centre = MedicalCentreFactory(municipality=bergen, name="Åsane legesenter")
    stord_centre = MedicalCentreFactory(municipality=stord, name="Stord legesenter")
    active = PlacementFactory(
        programme=programme,
        doctor__programme=programme,
        doctor__name="Kari Aktiv",
        centre=bergen_centre,
        start=date(2019, 9, 1),
        planned_end=date(2099, 9, 1),
    )
    ended = PlacementFactory(
        programme=programme,
        doctor__programme=programme,
        doctor__name="Per Sluttet",
        centre=stord_centre,
        contract_type=Placement.ContractType.SELF_EMPLOYED,
        start=date(2017, 9, 1),
        actual_end=date(2018, 3, 1),
        end_reason=Placement.EndReason.FAMILY,
        destination=Placement.Destination.LEFT_MUNICIPALITY,
    )
    return active, ended


def test_project_leader_sees_all_placements_with_counts(client_for, liv_mfa, register_rows):
    response = client_for(liv_mfa).get(reverse("placements:placement_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Kari Aktiv" in content and "Per Sluttet" in content
    assert response.context["counts"] == {"total": 2, "active": 1, "ended": 1, "doctors": 2}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kommune": "4614"}, {"Per Sluttet"}),
        ({"fylke": "Vestland"}, {"Kari Aktiv", "Per Sluttet"}),
        ({"avtaleform": "naeringsdrift"}, {"Per Sluttet"}),
        ({"status": "aktiv"}, {"Kari Aktiv"}),
        ({"status": "avsluttet"}, {"Per Sluttet"}),
        ({"startar": "2019"}, {"Kari Aktiv"}),
        ({"startar": "tjue"}, {"Kari Aktiv", "Per Sluttet"}),  # nonsense ignored, no 500
    ],
)
def test_filters(client_for, liv_mfa, register_rows, query, expected):
    response = client_for(liv_mfa).get(reverse("placements:placement_list"), query)
    assert {p.doctor.name for p in response.context["placements"]} == expected


def test_manager_sees_only_own_municipality(client_for, alice, register_rows):
    active, ended = register_rows
    client = client_for(alice)
    response = client.get(reverse("placements:placement_list"))
    assert [p.doctor.name for p in response.context["placements"]] == ["Kari Aktiv"]
    assert client.get(reverse("placements:placement_detail", args=[ended.pk])).status_code == 404
    assert client.get(reverse("placements:placement_detail", args=[active.pk])).status_code == 200


def test_supervisor_sees_only_own_alis(client_for, carol, register_rows):
    active, ended = register_rows
    SupervisorAssignmentFactory(placement=ended, supervisor=carol, is_specialist=False)
    client = client_for(carol)
    response = client.get(reverse("placements:placement_list"))
    assert [p.doctor.name for p in response.context["placements"]] == ["Per Sluttet"]
    page = client.get(reverse("placements:placement_detail", args=[ended.pk])).content.decode()
    assert "Veilederen er ikke spesialist i allmennmedisin." in page
    assert client.get(reverse("placements:placement_detail", args=[active.pk])).status_code == 404


def test_list_query_count_is_constant(client_for, liv_mfa, register_rows):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(liv_mfa)
    url = reverse("placements:placement_list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        PlacementFactory(programme=register_rows[0].programme, centre=register_rows[0].centre)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["placements"]) == 7
    # Session, user, role grants, the aggregate counts, the municipality/county/year filter
    # choices and the rows (doctor, municipality, centre joined): none of them per row.
    assert len(many.captured_queries) == len(few.captured_queries)


def test_csv_export_follows_filters(client_for, liv_mfa, register_rows):
    response = client_for(liv_mfa).get(
        reverse("placements:placement_export", args=["csv"]), {"status": "avsluttet"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Stillings-ID", "HPR-nummer", "Navn på ALIS"]  # the import's
    assert len(rows) == 2
    assert rows[1][2] == "Per Sluttet"
    assert rows[1][rows[0].index("Sluttårsak")] == "Familie og personlige forhold"


def test_xlsx_export(client_for, liv_mfa, register_rows):
    response = client_for(liv_mfa).get(reverse("placements:placement_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {"Kari Aktiv", "Per Sluttet"}


def test_export_unknown_format_is_404(client_for, liv_mfa):
    response = client_for(liv_mfa).get(reverse("placements:placement_export", args=["pdf"]))
    assert response.status_code == 404


def test_municipality_page_lists_its_placements(client_for, liv_mfa, participating, register_rows):
    page = client_for(liv_mfa).get(reverse("placements:municipality_detail", args=["4614"]))
    content = page.content.decode()
    assert "Per Sluttet" in content
    assert "Kari Aktiv" not in content


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("placements:placement_list"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def placement_data(doctor, centre, **overrides):
    data = {
        "programme": doctor.programme_id,
        "doctor": doctor.pk,
        "municipality": centre.municipality_id,
        "centre": centre.pk,
        "contract_type": "fastlonn",
        "position_percent": "100",
        "list_length": "0",
        "other_work_percent": "20",
        "start": "2020-02-29",
    }
    data.update(overrides)
    return data


def test_project_leader_creates_placement_with_default_end(
    client_for, liv_mfa, programme, participating, bergen
):
    from placements.register.factories import DoctorFactory

    doctor = DoctorFactory(programme=programme, name="Nina Ny")
    centre = MedicalCentreFactory(municipality=bergen)
    response = client_for(liv_mfa).post(
        reverse("placements:placement_create"), placement_data(doctor, centre)
    )
    placement = Placement.objects.get(doctor=doctor)
    assert response.status_code == 302
    assert placement.planned_end == date(2025, 2, 28)


def test_overlapping_placement_is_explained_in_the_form(
    client_for, liv_mfa, programme, participating, bergen
):
    existing = PlacementFactory(
        programme=programme,
        doctor__programme=programme,
        centre=MedicalCentreFactory(municipality=bergen),
        start=date(2019, 1, 1),
    )
    response = client_for(liv_mfa).post(
        reverse("placements:placement_create"),
        placement_data(existing.doctor, existing.centre, start="2021-01-01"),
    )
    assert response.status_code == 200
    assert "Legen har allerede en utdanningsstilling i denne perioden." in (
        response.content.decode()
    )
    assert Placement.objects.filter(doctor=existing.doctor).count() == 1


def test_carol_cannot_edit_her_alis_placement(client_for, carol, register_rows):
    SupervisorAssignmentFactory(placement=register_rows[0], supervisor=carol)
    response = client_for(carol).get(
        reverse("placements:placement_edit", args=[register_rows[0].pk])
    )
    assert response.status_code == 403


def test_exports_neutralise_formulas(client_for, liv_mfa, register_rows):
    """A name that is a formula comes out as text: an apostrophe in CSV, a text cell in XLSX."""
    doctor = register_rows[0].doctor
    doctor.name = '=HYPERLINK("https://example.com","klikk")'
    doctor.save()
    client = client_for(liv_mfa)
    response = client.get(reverse("placements:placement_export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert any("'" + doctor.name in row for row in rows)
    response = client.get(reverse("placements:placement_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    [cell] = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value == doctor.name]
    assert cell.data_type == "s"  # text, not "f" (a formula Excel would run)
