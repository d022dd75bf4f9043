"""The import file's columns (the register's file format, shared with the export), and the
widgets that turn their cells into Python values with Norwegian messages."""

import re
from datetime import date, datetime

from django.utils.translation import gettext as _
from import_export import fields, widgets

from placements.register.fileformat import (  # noqa: F401 (the import's columns)
    ACTUAL_END,
    CENTRE,
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
)

# Which column an error key belongs to: model fields, and the keys used for the doctor.
COLUMN_OF = {
    "id": ID,
    "doctor": HPR,
    "hpr_number": HPR,
    "doctor_name": NAME,
    "doctor_email": EMAIL,
    "municipality": MUNICIPALITY,
    "second_municipality": SECOND_MUNICIPALITY,
    "centre": CENTRE,
    "contract_type": CONTRACT_TYPE,
    "position_percent": POSITION_PERCENT,
    "list_length": LIST_LENGTH,
    "other_work_percent": OTHER_WORK_PERCENT,
    "start": START,
    "planned_end": PLANNED_END,
    "actual_end": ACTUAL_END,
    "end_reason": END_REASON,
    "end_note": END_NOTE,
    "destination": DESTINATION,
}


def text(value):
    """A cell as text: Excel stores 1234567 as a number and 1234567.0 after an edit."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def column_letter(index):
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


# --- Widgets: cell → Python value, with Norwegian messages ---------------------------------


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return text(value)


class WholeNumberWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            raise ValueError(_("Skriv et helt tall."))
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            if value.is_integer():
                return int(value)
            raise ValueError(_("Skriv et helt tall, uten desimaler."))
        value = text(value).rstrip("%").strip().replace(" ", "")
        if not value:
            return None
        if not re.fullmatch(r"-?\d{1,9}", value):
            raise ValueError(_("«%(value)s» er ikke et helt tall.") % {"value": value})
        return int(value)


class DayWidget(widgets.Widget):
    FORMATS = ["%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"]

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        value = text(value)
        if not value:
            return None
        for fmt in self.FORMATS:
            try:
                return datetime.strptime(value, fmt).date()
            except ValueError:
                continue
        raise ValueError(
            _("«%(value)s» er ikke en gyldig dato; skriv dd.mm.åååå.") % {"value": value}
        )


class ChoiceWidget(widgets.Widget):
    """Accepts the label shown in the app ("Fastlønn") or the stored value ("fastlonn")."""

    def __init__(self, choices):
        super().__init__()
        self.choices = choices

    def clean(self, value, row=None, **kwargs):
        value = text(value)
        if not value:
            return ""
        for stored, label in self.choices:
            if value.casefold() in {stored.casefold(), str(label).casefold()}:
                return stored
        allowed = ", ".join(f"«{label}»" for _stored, label in self.choices)
        raise ValueError(
            _("Ukjent verdi «%(value)s». Bruk en av: %(allowed)s.")
            % {"value": value, "allowed": allowed}
        )


def column(attribute, name, widget, default=fields.NOT_PROVIDED):
    return fields.Field(attribute=attribute, column_name=name, widget=widget, default=default)
