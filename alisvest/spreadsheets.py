"""Every CSV and XLSX the product hands out is written here, so no cell can become a formula.

A spreadsheet program runs a cell that starts with `=`, `+`, `-` or `@` (and, in some, a tab
or a carriage return) as a formula: a doctor named `=HYPERLINK("https://evil", "klikk")`
would turn a municipality's export into a phishing link, or worse (CSV injection). In CSV
such a text gets a leading apostrophe, which Excel and LibreOffice show as plain text; in
XLSX it is written as a text cell, never as a formula. Numbers, dates and empty cells pass
through unchanged (a negative number is a number, not a formula).

Use: `writer = csv_writer(out)` instead of `csv.writer(out, delimiter=";")`, and
`append_row(sheet, row)` instead of `sheet.append(row)`.
"""

import csv

from openpyxl.cell import Cell, WriteOnlyCell

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value):
    return isinstance(value, str) and value.startswith(TRIGGERS)


def csv_cell(value):
    """The value as CSV should carry it: a leading apostrophe before a formula trigger."""
    return "'" + value if is_formula_like(value) else value


class SafeCsvWriter:
    """csv.writer with every cell passed through csv_cell."""

    def __init__(self, out, delimiter=";"):
        self._writer = csv.writer(out, delimiter=delimiter)

    def writerow(self, row):
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(out, delimiter=";"):
    """Semicolons by default: what Norwegian Excel expects."""
    return SafeCsvWriter(out, delimiter=delimiter)


def xlsx_cell(sheet, value):
    """A text cell for a formula-like string (openpyxl would store `=…` as a formula)."""
    if not is_formula_like(value):
        return value
    cell = WriteOnlyCell(sheet, value) if _write_only(sheet) else Cell(sheet, value=value)
    cell.data_type = "s"
    return cell


def append_row(sheet, row):
    sheet.append([xlsx_cell(sheet, value) for value in row])


def _write_only(sheet):
    return type(sheet).__name__ == "WriteOnlyWorksheet"
