"""XLSX import of placements with django-import-export: reading the workbook, running the
import, and writing the empty template.

The upload is first imported as a dry run inside a transaction that is rolled back, so the
database's own rules (overlap exclusion, check constraints) judge every row exactly as the real
import will; the preview lists every row with its errors, naming row and column. The real
import runs the same code once more in one transaction and rolls everything back if any row
fails, so nothing is saved unless every row is valid.
"""

import io
import zipfile
from dataclasses import dataclass

import tablib
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils.translation import gettext as _

from placements.imports.columns import (
    ACTUAL_END,
    CENTRE,
    COLUMN_OF,
    COLUMNS,
    CONTRACT_TYPE,
    DESTINATION,
    EMAIL,
    END_NOTE,
    END_REASON,
    HPR,
    ID,
    INFO_COLUMNS,
    LIST_LENGTH,
    MUNICIPALITY,
    NAME,
    OTHER_WORK_PERCENT,
    PLANNED_END,
    POSITION_PERCENT,
    REQUIRED_COLUMNS,
    SECOND_MUNICIPALITY,
    START,
    column_letter,
    text,
)
from placements.imports.resource import PlacementResource, RowPreview
from placements.register.models import Placement

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message is for the user."""


# --- Reading the file and running the import -------------------------------------------------


def _sheet_rows(data):
    """The first sheet's rows as lists of cell values."""
    from openpyxl import load_workbook

    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(_("Filen er større enn 2 MB."))
    if not data.startswith(b"PK\x03\x04"):
        raise ImportFileError(_("Filen er ikke en XLSX-fil (Excel-arbeidsbok)."))
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, IndexError) as e:
        raise ImportFileError(_("Filen kunne ikke leses som en XLSX-fil.")) from e


def _body(rows):
    """The rows under the header, without trailing blank rows, at most MAX_ROWS."""
    body = rows[1:]
    while body and not any(text(v) for v in body[-1]):
        body.pop()
    if len(body) > MAX_ROWS:
        raise ImportFileError(
            _("Filen har %(n)s rader; importer høyst %(max)s om gangen.")
            % {"n": len(body), "max": MAX_ROWS}
        )
    return body


def _kept_columns(headers, body):
    """The indexes of the columns with a header; a column with values but none is an error."""
    keep = []
    for i, header in enumerate(headers):
        values = [r[i] if i < len(r) else None for r in body]
        if header:
            keep.append(i)
        elif any(text(v) for v in values):
            raise ImportFileError(
                _("Kolonne %(col)s har verdier, men ingen overskrift i første rad.")
                % {"col": column_letter(i)}
            )
    return keep


def _check_headers(headers):
    duplicates = sorted({h for h in headers if headers.count(h) > 1})
    if duplicates:
        raise ImportFileError(_("Kolonnen «%(col)s» finnes flere ganger.") % {"col": duplicates[0]})
    missing = [c for c in REQUIRED_COLUMNS if c not in headers]
    if missing:
        raise ImportFileError(
            _("Første rad mangler kolonnen %(cols)s. Bruk malen.")
            % {"cols": ", ".join(f"«{c}»" for c in missing)}
        )


def read_workbook(data):
    """The first sheet as a tablib Dataset with clean headers, and the headers of columns
    the import ignores; ImportFileError otherwise."""
    rows = _sheet_rows(data)
    if not rows:
        raise ImportFileError(_("Arket er tomt: første rad skal ha kolonneoverskriftene."))
    headers = [text(h) for h in rows[0]]
    body = _body(rows)
    keep = _kept_columns(headers, body)
    headers = [headers[i] for i in keep]
    _check_headers(headers)
    dataset = tablib.Dataset(headers=headers)
    for r in body:
        dataset.append([r[i] if i < len(r) else None for i in keep])
    for name in COLUMNS:  # optional columns the file leaves out are empty
        if name not in headers:
            dataset.append_col([None] * len(dataset), header=name)
    return dataset, [h for h in headers if h not in COLUMNS and h not in INFO_COLUMNS]


@dataclass
class ImportOutcome:
    rows: list
    ignored_columns: list
    saved: int = 0

    @property
    def error_rows(self):
        return [r for r in self.rows if r.errors]

    @property
    def valid(self):
        return bool(self.rows) and not self.error_rows

    @property
    def changes(self):
        """Rows that add a placement or change a registered one."""
        return [r for r in self.rows if r.changed and not r.errors]

    @property
    def new_doctors(self):
        return [r for r in self.rows if r.new_doctor and not r.errors]


def import_placements(data, *, user, programme, commit=False):
    """Dry run (commit=False) or the real import: all rows in one transaction, or none.
    Raises ImportFileError when the file as a whole is unusable."""
    dataset, ignored = read_workbook(data)
    resource = PlacementResource(user=user, programme=programme)
    with transaction.atomic():
        result = resource.import_data(
            dataset,
            dry_run=not commit,
            use_transactions=True,
            rollback_on_validation_errors=True,
        )
        for invalid in result.invalid_rows:
            preview = resource.previews[invalid.number + 1]
            preview.errors.extend(describe(invalid.error_dict))
        for failed in result.error_rows:
            number = failed.number + 1
            preview = resource.previews.setdefault(number, RowPreview(number))
            preview.errors.extend(
                ("", _("Uventet feil: %(e)s") % {"e": e.error}) for e in failed.errors
            )
        outcome = ImportOutcome(
            rows=[resource.previews[n] for n in sorted(resource.previews)],
            ignored_columns=ignored,
        )
        if result.base_errors:
            raise ImportFileError("; ".join(str(e.error) for e in result.base_errors))
        if commit and outcome.valid:
            outcome.saved = len(resource.saved)
        elif commit:
            transaction.set_rollback(True)
    return outcome


def describe(error_dict):
    """(column, message) pairs of a row's errors, in the file's column order."""
    pairs = []
    for key, messages in error_dict.items():
        name = "" if key == NON_FIELD_ERRORS else COLUMN_OF.get(key, key)
        pairs.extend((name, message) for message in messages)
    order = {c: i for i, c in enumerate(COLUMNS)}
    return sorted(pairs, key=lambda p: order.get(p[0], len(order)))


# --- The template ---------------------------------------------------------------------------


def _bold_header(sheet):
    from openpyxl.styles import Font

    for cell in sheet[1]:
        cell.font = Font(bold=True)


def _import_sheet(sheet):
    """The headers, frozen, with a drop-down list for each column of choices."""
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet.title = "Stillinger"
    sheet.append(COLUMNS)
    _bold_header(sheet)
    for cell in sheet[1]:
        sheet.column_dimensions[cell.column_letter].width = max(14, len(cell.value) + 4)
    sheet.freeze_panes = "A2"
    for name, choices in [
        (CONTRACT_TYPE, Placement.ContractType.choices),
        (END_REASON, Placement.EndReason.choices),
        (DESTINATION, Placement.Destination.choices),
    ]:
        letter = column_letter(COLUMNS.index(name))
        listed = ",".join(str(label) for _value, label in choices)
        if len(listed) <= 250:  # Excel's limit for a list written in the rule
            rule = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
            rule.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            sheet.add_data_validation(rule)


def _labels(choices):
    return ", ".join(str(label) for _v, label in choices)


def explanations():
    """What to write in each column, for the help sheet."""
    return {
        ID: _(
            "Tom for en ny stilling. Eksporten fyller den ut: rett raden og importer filen "
            "tilbake, så oppdateres den stillingen."
        ),
        HPR: _("Helsepersonellnummeret, 6–9 siffer. Ukjent nummer oppretter en ny ALIS."),
        NAME: _("Bare for en ny ALIS (ukjent HPR-nummer)."),
        EMAIL: _("Bare for en ny ALIS (ukjent HPR-nummer)."),
        MUNICIPALITY: _("Fire siffer, f.eks. 4601 for Bergen. Tidligere kommuner går også."),
        SECOND_MUNICIPALITY: _("For en stilling delt mellom to kommuner."),
        CENTRE: _("Navnet på et legesenter som er registrert i kommunen."),
        CONTRACT_TYPE: _labels(Placement.ContractType.choices),
        POSITION_PERCENT: _("1–100. Tom: 100."),
        LIST_LENGTH: _("0 eller mer. Tom: 0."),
        OTHER_WORK_PERCENT: _("0–100. Tom: 0."),
        START: _("dd.mm.åååå"),
        PLANNED_END: _("dd.mm.åååå. Tom: startdato + 5 år."),
        ACTUAL_END: _("dd.mm.åååå, bare når stillingen er avsluttet."),
        END_REASON: _labels(Placement.EndReason.choices),
        END_NOTE: _("Fritekst."),
        DESTINATION: _labels(Placement.Destination.choices),
    }


def _help_sheet(sheet):
    sheet.append(["Kolonne", "Påkrevd", "Forklaring"])
    _bold_header(sheet)
    explained = explanations()
    for name in COLUMNS:
        sheet.append([name, _("ja") if name in REQUIRED_COLUMNS else _("nei"), explained[name]])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["C"].width = 90


def template_workbook():
    """The empty import sheet with drop-down lists, and a sheet that explains each column."""
    from openpyxl import Workbook

    book = Workbook()
    _import_sheet(book.active)
    _help_sheet(book.create_sheet("Veiledning"))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
