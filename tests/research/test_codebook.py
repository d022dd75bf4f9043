"""Every export comes with its codebook, and every exported column has an entry."""

import io

import pytest
from openpyxl import load_workbook

from research import codebook, export
from tests.research.test_export import cohort, csv_rows, download, study  # noqa: F401

pytestmark = pytest.mark.django_db


def test_every_exported_column_has_a_codebook_entry(study, cohort):  # noqa: F811
    _doctors, tables = export.build_tables(study, {})
    assert codebook.missing(tables) == []
    for table in tables:
        assert [v.name for v in table.variables] == table.columns


def test_a_column_without_an_entry_is_found():
    table = export.Table("stillinger", "x", ["pseudonym", "ny_kolonne"], [])
    assert codebook.missing([table]) == [("stillinger", "ny_kolonne")]


def test_workbook_has_a_codebook_sheet_with_both_languages(client_for, erin_mfa, study, cohort):  # noqa: F811
    response = download(client_for(erin_mfa), study, format="xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["kodebok"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == codebook.HEADER
    by_name = {(r[0], r[1]): r for r in rows[1:]}
    assert by_name[("stillinger", "pseudonym")][3] == "Pseudonym of the person"
    assert "fastlonn = Fastlønn" in by_name[("stillinger", "avtaleform")][5]


def test_codebook_as_its_own_csv(client_for, erin_mfa, study, cohort):  # noqa: F811
    rows = csv_rows(download(client_for(erin_mfa), study, format="csv", tabell="kodebok"))
    assert rows[0] == codebook.HEADER
    assert {r[0] for r in rows[1:]} >= {"stillinger", "veiledning", "avganger", "aggregater"}


def test_one_row_per_question_and_version():
    entries = [
        {"key": "q1", "text": "Antall fastleger", "kind": "tall", "since_version": 1},
        {"key": "q1", "text": "Antall fastleger og vikarer", "kind": "tall", "since_version": 2},
    ]
    table = export.Table("sporreundersokelse", "x", ["aar", "sporsmal", "versjon", "svar"], [])
    rows = codebook.rows([table], entries)
    names = [r[1] for r in rows]
    assert names[-2:] == ["sporsmal=q1, versjon=1", "sporsmal=q1, versjon=2"]
    assert "versjon" in names  # the survey table's version column is described


def test_api_export_carries_the_codebook(client, erin, study, cohort):  # noqa: F811
    from alisvest.models import ApiToken

    _token, raw = ApiToken.issue(erin, "test")
    response = client.get(
        f"/api/v1/studies/{study.pk}/export/",
        {"table": "avganger", "purpose": "Artikkel"},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 200, response.content[:300]
    data = response.json()
    assert [c["variable"] for c in data["codebook"]] == data["columns"]
