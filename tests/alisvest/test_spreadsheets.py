import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from alisvest.spreadsheets import append_row, csv_cell, csv_writer

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_triggers_get_an_apostrophe_in_csv(value):
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Kari", "", 3, -2, None, "a=b"])
def test_other_cells_pass_unchanged(value):
    assert csv_cell(value) == value


def test_csv_writer_neutralises_every_cell():
    out = io.StringIO()
    csv_writer(out).writerows([["=cmd|' /C calc'!A0", "ok"]])
    assert out.getvalue() == "'=cmd|' /C calc'!A0;ok\r\n"


@pytest.mark.parametrize("write_only", [True, False])
def test_xlsx_formula_is_a_text_cell(write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("x") if write_only else book.active
    append_row(sheet, ['=HYPERLINK("x")', -5, "@x"])
    buffer = io.BytesIO()
    book.save(buffer)
    cells = load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0][1]
    assert [(c.value, c.data_type) for c in cells] == [
        ('=HYPERLINK("x")', "s"),
        (-5, "n"),
        ("@x", "s"),
    ]


def test_every_export_goes_through_the_helper():
    """A new export that writes CSV or XLSX rows directly would reopen formula injection."""
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        if any(part in {".venv", "node_modules", "tests", "bench"} for part in path.parts):
            continue
        if path.name == "spreadsheets.py" or "imports" in path.parts:
            continue  # the import template's fixed headers hold no user data
        text = path.read_text()
        if "csv.writer(" in text or "sheet.append(" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
