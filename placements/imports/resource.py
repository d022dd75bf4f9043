"""XLSX import of placements with django-import-export.

The upload is first imported as a dry run inside a transaction that is rolled back, so the
database's own rules (overlap exclusion, check constraints) judge every row exactly as the real
import will; the preview lists every row with its errors, naming row and column. The real
import runs the same code once more in one transaction and rolls everything back if any row
fails, so nothing is saved unless every row is valid.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.results import RowResult

from placements.municipalities.models import MedicalCentre, Municipality
from placements.register.forms import five_years_after
from placements.register.models import Doctor, Placement
from placements.relations import administers_municipality

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000

# Column headers are part of the file format, so they are not translated: a file made from
# the Norwegian template imports the same whatever language the importer's browser asks for.
HPR = "HPR-nummer"
NAME = "Navn på ALIS"
EMAIL = "E-post"
MUNICIPALITY = "Kommunenummer"
SECOND_MUNICIPALITY = "Delt med kommunenummer"
CENTRE = "Legesenter"
CONTRACT_TYPE = "Avtaleform"
POSITION_PERCENT = "Stillingsprosent"
LIST_LENGTH = "Listelengde"
OTHER_WORK_PERCENT = "Annet kommunalt arbeid (%)"
START = "Startdato"
PLANNED_END = "Planlagt slutt"
ACTUAL_END = "Faktisk slutt"
END_REASON = "Sluttårsak"
END_NOTE = "Merknad til slutt"
DESTINATION = "Gikk til"

COLUMNS = [
    HPR,
    NAME,
    EMAIL,
    MUNICIPALITY,
    SECOND_MUNICIPALITY,
    CENTRE,
    CONTRACT_TYPE,
    POSITION_PERCENT,
    LIST_LENGTH,
    OTHER_WORK_PERCENT,
    START,
    PLANNED_END,
    ACTUAL_END,
    END_REASON,
    END_NOTE,
    DESTINATION,
]
REQUIRED_COLUMNS = [HPR, MUNICIPALITY, CENTRE, START]

# Which column an error key belongs to: model fields, and the keys used for the doctor.
COLUMN_OF = {
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


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message is for the user."""


def text(value):
    """A cell as text: Excel stores 1234567 as a number and 1234567.0 after an edit."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


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


# --- The resource --------------------------------------------------------------------------


@dataclass
class RowPreview:
    number: int  # the row in the spreadsheet, header = row 1
    hpr: str = ""
    centre: str = ""
    doctor: str = ""
    municipality: str = ""
    start: date | None = None
    end: date | None = None
    new_doctor: bool = False
    errors: list = field(default_factory=list)  # (column or "", message)


class PlacementResource(resources.ModelResource):
    """One row, one new placement. Doctor, municipalities and centre are looked up here
    rather than by widgets because their messages depend on each other and on the user."""

    contract_type = column(
        "contract_type",
        CONTRACT_TYPE,
        ChoiceWidget(Placement.ContractType.choices),
        Placement.ContractType.FIXED_SALARY,
    )
    position_percent = column("position_percent", POSITION_PERCENT, WholeNumberWidget(), 100)
    list_length = column("list_length", LIST_LENGTH, WholeNumberWidget(), 0)
    other_work_percent = column("other_work_percent", OTHER_WORK_PERCENT, WholeNumberWidget(), 0)
    start = column("start", START, DayWidget())
    planned_end = column("planned_end", PLANNED_END, DayWidget())
    actual_end = column("actual_end", ACTUAL_END, DayWidget())
    end_reason = column("end_reason", END_REASON, ChoiceWidget(Placement.EndReason.choices), "")
    end_note = column("end_note", END_NOTE, TextWidget(), "")
    destination = column(
        "destination", DESTINATION, ChoiceWidget(Placement.Destination.choices), ""
    )

    class Meta:
        model = Placement
        fields = [
            "contract_type",
            "position_percent",
            "list_length",
            "other_work_percent",
            "start",
            "planned_end",
            "actual_end",
            "end_reason",
            "end_note",
            "destination",
        ]
        clean_model_instances = True
        skip_diff = True
        use_transactions = True

    def __init__(self, *, user, programme):
        super().__init__()
        self.user = user
        self.programme = programme
        self.previews = {}
        self.periods = []  # (doctor pk, start, end, row) of the file's rows so far
        self.created_doctors = {}  # HPR number → spreadsheet row that creates the doctor
        self.saved = set()  # pks of placements this import has saved
        self.participating = set(
            Municipality.objects.in_programmes([programme.pk]).values_list("pk", flat=True)
        )

    def get_instance(self, instance_loader, row):
        return None  # every row is a new placement; an import never edits existing ones

    def import_row(self, row, instance_loader, **kwargs):
        if not any(text(v) for v in row.values()):
            result = self.get_row_result_class()()
            result.import_type = RowResult.IMPORT_TYPE_SKIP
            return result
        return super().import_row(row, instance_loader, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        number = kwargs["row_number"] + 1
        preview = RowPreview(number, hpr=text(row.get(HPR)), centre=text(row.get(CENTRE)))
        self.previews[number] = preview
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        instance.programme = self.programme
        self.resolve_place(instance, row, errors, preview)
        self.resolve_doctor(instance, row, errors, preview)
        if instance.start and not instance.planned_end and "planned_end" not in errors:
            instance.planned_end = five_years_after(instance.start)
        self.check_overlaps(instance, number, errors)
        preview.start, preview.end = instance.start, instance.actual_end or instance.planned_end
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """full_clean, leaving out fields whose lookup already failed with its own message
        (no "this field is required" on top), in a savepoint so a query the database refuses
        cannot abort the transaction the other rows run in."""
        errors = dict(import_validation_errors or {})
        unset = {
            name
            for name in ("doctor", "municipality", "centre")
            if not getattr(instance, f"{name}_id")
        }
        if instance.planned_end is None and "start" in errors:
            unset.add("planned_end")  # it follows from the start date, which is wrong
        skip = set(errors) | (unset if errors else set())
        try:
            with transaction.atomic():
                instance.full_clean(exclude=skip, validate_unique=validate_unique)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        except DatabaseError as e:
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                _("Databasen avviste raden: %(e)s") % {"e": e}
            )
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance, is_create):
        # A savepoint of its own: a row the database refuses must not abort the transaction
        # the other rows run in; the refusal becomes that row's error.
        try:
            with transaction.atomic():
                instance.save(force_insert=is_create)
        except IntegrityError as e:
            raise ValidationError(_("Databasen avviste raden: %(e)s") % {"e": e}) from e
        self.saved.add(instance.pk)

    def resolve_place(self, instance, row, errors, preview):
        number = text(row.get(MUNICIPALITY))
        if not number:
            errors["municipality"] = _("Kommunenummer mangler.")
            return
        municipality = find_municipality(number)
        if municipality is None:
            errors["municipality"] = _("Ukjent kommunenummer «%(n)s».") % {"n": number}
            return
        preview.municipality = f"{municipality.number} {municipality.name}"
        current = municipality.merged_into or municipality
        if not (
            administers_municipality(self.user, municipality)
            or administers_municipality(self.user, current)
        ):
            errors["municipality"] = _(
                "Du kan ikke registrere stillinger i %(m)s; bare i kommuner du forvalter."
            ) % {"m": preview.municipality}
            return
        if municipality.pk not in self.participating:
            errors["municipality"] = _("%(m)s deltar ikke i %(p)s.") % {
                "m": preview.municipality,
                "p": self.programme,
            }
            return
        instance.municipality = municipality

        second_number = text(row.get(SECOND_MUNICIPALITY))
        if second_number:
            second = find_municipality(second_number)
            if second is None:
                errors["second_municipality"] = _("Ukjent kommunenummer «%(n)s».") % {
                    "n": second_number
                }
            else:
                instance.second_municipality = second

        name = text(row.get(CENTRE))
        if not name:
            errors["centre"] = _("Legesenter mangler.")
            return
        centre = (
            MedicalCentre.objects.filter(
                name__iexact=name, municipality__in=[municipality.pk, current.pk]
            )
            .select_related("municipality")
            .first()
        )
        if centre is None:
            errors["centre"] = _(
                "%(m)s har ikke noe legesenter som heter «%(c)s». Registrer legesenteret "
                "først, eller rett navnet."
            ) % {"m": preview.municipality, "c": name}
            return
        instance.centre = centre

    def resolve_doctor(self, instance, row, errors, preview):
        hpr = text(row.get(HPR))
        if not hpr:
            errors["doctor"] = _("HPR-nummer mangler.")
            return
        if not re.fullmatch(r"\d{6,9}", hpr):
            errors["doctor"] = _("«%(hpr)s» er ikke et HPR-nummer: 6–9 siffer, bare tall.") % {
                "hpr": hpr
            }
            return
        doctor = Doctor.objects.filter(hpr_number=hpr).first()
        if doctor is not None:
            if not Doctor.objects.for_user(self.user).filter(pk=doctor.pk).exists():
                errors["doctor"] = _(
                    "HPR-nummer %(hpr)s tilhører en ALIS utenfor ditt ansvarsområde; be "
                    "prosjektleder registrere stillingen."
                ) % {"hpr": hpr}
                return
            preview.doctor = doctor.name
            preview.new_doctor = hpr in self.created_doctors
            instance.doctor = doctor
            return

        name, email = text(row.get(NAME)), text(row.get(EMAIL))
        if not (name and email):
            errors["doctor"] = _(
                "Ukjent HPR-nummer %(hpr)s. Fyll inn «%(name)s» og «%(email)s» for å "
                "opprette en ny ALIS."
            ) % {"hpr": hpr, "name": NAME, "email": EMAIL}
            return
        doctor = Doctor(
            programme=self.programme,
            registered_by=instance.municipality if instance.municipality_id else None,
            name=name,
            email=email,
            hpr_number=hpr,
        )
        try:
            doctor.full_clean(exclude=["registered_by", "user"])
        except ValidationError as e:
            for key, messages in e.message_dict.items():
                errors[{"name": "doctor_name", "email": "doctor_email"}.get(key, "doctor")] = (
                    messages
                )
            return
        # Saved now so the placement's own checks can see it; the dry run rolls it back,
        # and the real import rolls it back with everything else if any row fails.
        try:
            with transaction.atomic():
                doctor.save()
        except IntegrityError:
            errors["doctor"] = _("HPR-nummer %(hpr)s ble registrert samtidig; prøv igjen.") % {
                "hpr": hpr
            }
            return
        self.created_doctors[hpr] = preview.number
        preview.doctor = name
        preview.new_doctor = True
        instance.doctor = doctor

    def check_overlaps(self, instance, number, errors):
        """Explain an overlap better than the constraint can: which row of the file, or
        which registered placement. With "start" in errors, full_clean skips the constraint."""
        if not (instance.doctor_id and instance.start) or {"start", "actual_end"} & set(errors):
            return
        end = instance.actual_end or instance.planned_end
        if not end or end < instance.start:
            return  # a backwards period is the model's error, not an overlap
        for doctor, start, other_end, other_number in self.periods:
            if doctor == instance.doctor_id and start <= end and instance.start <= other_end:
                errors["start"] = _(
                    "Perioden overlapper rad %(row)s i filen, som gjelder samme ALIS."
                ) % {"row": other_number}
                break
        self.periods.append((instance.doctor_id, instance.start, end, number))
        if "start" in errors:
            return
        clash = (
            Placement.objects.filter(doctor=instance.doctor_id)
            .exclude(pk__in=self.saved)
            .overlapping(instance.start, end)
            .order_by("start")
            .first()
        )
        if clash is not None:
            visible = Placement.objects.for_user(self.user).filter(pk=clash.pk).exists()
            errors["start"] = (
                _(
                    "ALIS-en har allerede en utdanningsstilling i %(m)s fra %(start)s til "
                    "%(end)s som overlapper perioden."
                )
                % {
                    "m": clash.municipality.name,
                    "start": f"{clash.start:%d.%m.%Y}",
                    "end": f"{clash.end:%d.%m.%Y}",
                }
                if visible
                else _("ALIS-en har allerede en utdanningsstilling som overlapper perioden.")
            )


def find_municipality(number):
    """Today's municipality with this number, else the latest former one (Odda 1228)."""
    if re.fullmatch(r"\d{1,4}", number):
        number = number.zfill(4)  # Excel turns 0301 into 301
    return (
        Municipality.objects.filter(number=number)
        .select_related("merged_into")
        .order_by(F("valid_to").desc(nulls_first=True))
        .first()
    )


# --- Reading the file and running the import -------------------------------------------------


def read_workbook(data):
    """The first sheet as a tablib Dataset with clean headers; ImportFileError otherwise."""
    from openpyxl import load_workbook

    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(_("Filen er større enn 2 MB."))
    if not data.startswith(b"PK\x03\x04"):
        raise ImportFileError(_("Filen er ikke en XLSX-fil (Excel-arbeidsbok)."))
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, IndexError) as e:
        raise ImportFileError(_("Filen kunne ikke leses som en XLSX-fil.")) from e
    if not rows:
        raise ImportFileError(_("Arket er tomt: første rad skal ha kolonneoverskriftene."))
    headers = [text(h) for h in rows[0]]
    body = rows[1:]
    while body and not any(text(v) for v in body[-1]):
        body.pop()  # trailing blank rows
    if len(body) > MAX_ROWS:
        raise ImportFileError(
            _("Filen har %(n)s rader; importer høyst %(max)s om gangen.")
            % {"n": len(body), "max": MAX_ROWS}
        )
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
    headers = [headers[i] for i in keep]
    duplicates = sorted({h for h in headers if headers.count(h) > 1})
    if duplicates:
        raise ImportFileError(_("Kolonnen «%(col)s» finnes flere ganger.") % {"col": duplicates[0]})
    missing = [c for c in REQUIRED_COLUMNS if c not in headers]
    if missing:
        raise ImportFileError(
            _("Første rad mangler kolonnen %(cols)s. Bruk malen.")
            % {"cols": ", ".join(f"«{c}»" for c in missing)}
        )
    dataset = tablib.Dataset(headers=headers)
    for r in body:
        dataset.append([r[i] if i < len(r) else None for i in keep])
    for name in COLUMNS:  # optional columns the file leaves out are empty
        if name not in headers:
            dataset.append_col([None] * len(dataset), header=name)
    return dataset, [h for h in headers if h not in COLUMNS]


def column_letter(index):
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


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


def template_workbook():
    """The empty import sheet with drop-down lists, and a sheet that explains each column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "Stillinger"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
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

    help_sheet = book.create_sheet("Veiledning")
    help_sheet.append(["Kolonne", "Påkrevd", "Forklaring"])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    explanations = {
        HPR: _("Helsepersonellnummeret, 6–9 siffer. Ukjent nummer oppretter en ny ALIS."),
        NAME: _("Bare for en ny ALIS (ukjent HPR-nummer)."),
        EMAIL: _("Bare for en ny ALIS (ukjent HPR-nummer)."),
        MUNICIPALITY: _("Fire siffer, f.eks. 4601 for Bergen. Tidligere kommuner går også."),
        SECOND_MUNICIPALITY: _("For en stilling delt mellom to kommuner."),
        CENTRE: _("Navnet på et legesenter som er registrert i kommunen."),
        CONTRACT_TYPE: ", ".join(str(label) for _v, label in Placement.ContractType.choices),
        POSITION_PERCENT: _("1–100. Tom: 100."),
        LIST_LENGTH: _("0 eller mer. Tom: 0."),
        OTHER_WORK_PERCENT: _("0–100. Tom: 0."),
        START: _("dd.mm.åååå"),
        PLANNED_END: _("dd.mm.åååå. Tom: startdato + 5 år."),
        ACTUAL_END: _("dd.mm.åååå, bare når stillingen er avsluttet."),
        END_REASON: ", ".join(str(label) for _v, label in Placement.EndReason.choices),
        END_NOTE: _("Fritekst."),
        DESTINATION: ", ".join(str(label) for _v, label in Placement.Destination.choices),
    }
    for name in COLUMNS:
        help_sheet.append(
            [name, _("ja") if name in REQUIRED_COLUMNS else _("nei"), explanations[name]]
        )
    help_sheet.column_dimensions["A"].width = 28
    help_sheet.column_dimensions["C"].width = 90
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
