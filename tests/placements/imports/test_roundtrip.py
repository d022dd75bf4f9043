"""The placement export and the import template have the same columns: an export can be
corrected and imported back, and an unchanged export imports as no change at all."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from placements.imports.workbook import import_placements, template_workbook
from placements.models import Placement
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import PlacementFactory
from placements.register.fileformat import COLUMNS, EXPORT_COLUMNS
from supervision.factories import SupervisionSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def placements(programme, participating, bergen, stord, odda_1228):
    bergen_centre = MedicalCentreFactory(municipality=bergen, name="Åsane legesenter")
    shared = PlacementFactory(
        programme=programme,
        doctor__programme=programme,
        doctor__registered_by=bergen,
        centre=bergen_centre,
        second_municipality=stord,
        contract_type=Placement.ContractType.FIXED_SALARY_BONUS,
        list_length=750,
        start=date(2019, 9, 1),
    )
    ended = PlacementFactory(
        programme=programme,
        doctor__programme=programme,
        centre=MedicalCentreFactory(municipality=stord, name="Stord legesenter"),
        start=date(2017, 9, 1),
        actual_end=date(2018, 6, 30),
        end_reason=Placement.EndReason.OWN_LIST,
        destination=Placement.Destination.OWN_LIST_SAME,
        end_note="Egen liste",
    )
    return [shared, ended]


def export(client):
    response = client.get(reverse("placements:placement_export", args=["xlsx"]))
    assert response.status_code == 200
    return response.content


def sheet_rows(data):
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def with_cell(data, pk, column, value):
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    index = EXPORT_COLUMNS.index(column)
    for cells in sheet.iter_rows(min_row=2):
        if cells[0].value == pk:
            cells[index].value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_export_has_the_import_templates_columns(client_for, liv_mfa, placements):
    exported = sheet_rows(export(client_for(liv_mfa)))[0]
    template = sheet_rows(template_workbook())[0]
    assert exported[: len(template)] == template == COLUMNS
    assert exported[len(template) :] == ["Kommune", "Fylke"]  # for the reader only


def test_unchanged_export_dry_runs_without_errors_and_changes_nothing(
    client_for, liv_mfa, programme, placements
):
    data = export(client_for(liv_mfa))
    history = sum(p.history.count() for p in placements)
    outcome = import_placements(data, user=liv_mfa, programme=programme)
    assert [r.errors for r in outcome.rows] == [[], []]
    assert outcome.valid and outcome.changes == [] and outcome.ignored_columns == []
    outcome = import_placements(data, user=liv_mfa, programme=programme, commit=True)
    assert outcome.saved == 0
    assert Placement.objects.count() == 2
    assert sum(p.history.count() for p in placements) == history


def test_corrected_export_updates_that_placement(client_for, liv_mfa, programme, placements):
    shared, ended = placements
    data = with_cell(export(client_for(liv_mfa)), shared.pk, "Listelengde", 800)
    outcome = import_placements(data, user=liv_mfa, programme=programme)
    assert [(r.existing, r.changed) for r in outcome.changes] == [(True, True)]
    outcome = import_placements(data, user=liv_mfa, programme=programme, commit=True)
    assert outcome.saved == 1
    shared.refresh_from_db()
    assert shared.list_length == 800
    assert shared.history.latest().history_change_reason == "Rettet ved import"
    assert Placement.objects.count() == 2


def test_export_row_cannot_move_a_placement_with_sessions_to_another_doctor(
    client_for, liv_mfa, programme, placements
):
    shared, ended = placements
    SupervisionSessionFactory(placement=shared)
    data = with_cell(export(client_for(liv_mfa)), shared.pk, "HPR-nummer", ended.doctor.hpr_number)
    outcome = import_placements(data, user=liv_mfa, programme=programme)
    assert not outcome.valid
    assert any("Overfør til annen lege" in m for _c, m in outcome.error_rows[0].errors)


def test_unknown_id_is_named(client_for, liv_mfa, programme, placements):
    shared, _ended = placements
    data = with_cell(export(client_for(liv_mfa)), shared.pk, "Stillings-ID", 999999)
    outcome = import_placements(data, user=liv_mfa, programme=programme)
    assert ("Stillings-ID", "Ukjent stillings-ID «999999» i ALIS-VEST. La kolonnen stå tom for "
            "en ny stilling.") in outcome.error_rows[0].errors  # fmt: skip


def test_manager_cannot_correct_another_municipalitys_placement(
    client_for, alice, liv_mfa, programme, placements
):
    data = export(client_for(liv_mfa))
    outcome = import_placements(data, user=alice, programme=programme)
    errors = [m for r in outcome.error_rows for _c, m in r.errors]
    assert any("Ukjent stillings-ID" in m for m in errors)  # Stord's is outside her scope
