"""Learning-objective catalogue from CSV (code, group, text). Every row is checked before
anything is saved; errors name the row (line in the file) and the column. Importing the
same file again changes nothing: rows are matched on code."""

import csv
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from placements.plans.models import LearningObjective

COLUMNS = {
    "code": "code",
    "kode": "code",
    "group": "group",
    "gruppe": "group",
    "text": "text",
    "tekst": "text",
}
MAX_LENGTH = {"code": 30, "group": 200}


@dataclass(frozen=True)
class Row:
    line: int
    code: str
    group: str
    text: str


class ImportError_(Exception):  # noqa: N801 - not the builtin ImportError
    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


def _decode(raw):
    if isinstance(raw, str):
        return raw
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportError_([_("Filen kan ikke leses som tekst (UTF-8).")])


def parse_objectives(raw):
    """Rows of a CSV file (bytes or text); lines starting with # are comments."""
    lines = _decode(raw).splitlines()
    content = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not content:
        raise ImportError_([_("Filen er tom.")])
    delimiter = ";" if content[0].count(";") > content[0].count(",") else ","
    # Keep the physical line numbers: blank out comments instead of dropping them.
    cleaned = "\n".join("" if line.lstrip().startswith("#") else line for line in lines)
    reader = csv.reader(io.StringIO(cleaned), delimiter=delimiter)
    header = None
    rows, errors, seen = [], [], {}
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if header is None:
            header = _header(record, line)
            continue
        values = _values(record, header, line, errors)
        code = values["code"]
        if code and code in seen:
            errors.append(
                _("Rad %(line)s, kolonne «code»: koden %(code)s står også på rad %(first)s.")
                % {"line": line, "code": code, "first": seen[code]}
            )
        seen.setdefault(code, line)
        rows.append(Row(line, **values))
    if errors:
        raise ImportError_(errors)
    if not rows:
        raise ImportError_([_("Filen har ingen læringsmål under overskriftsraden.")])
    return rows


def _header(record, line):
    header = [COLUMNS.get(cell.strip().lower()) for cell in record]
    missing = [name for name in ("code", "group", "text") if name not in header]
    if missing:
        raise ImportError_(
            [
                _("Rad %(line)s (overskrift): mangler kolonnen %(columns)s.")
                % {"line": line, "columns": ", ".join(f"«{m}»" for m in missing)}
            ]
        )
    return header


def _values(record, header, line, errors):
    """The row's code, group and text; a missing or too long value is added to errors."""
    values = {}
    for name in ("code", "group", "text"):
        index = header.index(name)
        values[name] = record[index].strip() if index < len(record) else ""
        limit = MAX_LENGTH.get(name, 10_000)
        if not values[name]:
            errors.append(
                _("Rad %(line)s, kolonne «%(column)s»: mangler verdi.")
                % {"line": line, "column": name}
            )
        elif len(values[name]) > limit:
            errors.append(
                _("Rad %(line)s, kolonne «%(column)s»: høyst %(max)s tegn.")
                % {"line": line, "column": name, "max": limit}
            )
    return values


@transaction.atomic
def import_objectives(programme, rows):
    """Create or update the programme's objectives; returns (created, updated)."""
    existing = {o.code: o for o in LearningObjective.objects.filter(programme=programme)}
    created = updated = 0
    for order, row in enumerate(rows, start=1):
        objective = existing.get(row.code)
        if objective is None:
            LearningObjective.objects.create(
                programme=programme, code=row.code, group=row.group, text=row.text, order=order
            )
            created += 1
        elif (objective.group, objective.text, objective.order) != (row.group, row.text, order):
            objective.group, objective.text, objective.order = row.group, row.text, order
            objective.save()
            updated += 1
    return created, updated
