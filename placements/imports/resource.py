"""The PlacementResource: one row of the file, one new placement, with the doctor,
municipalities and centre looked up and every error named by column."""

import re
from copy import copy
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from import_export import resources
from import_export.results import RowResult

from placements.imports.columns import (
    ACTUAL_END,
    CENTRE,
    CONTRACT_TYPE,
    DESTINATION,
    EMAIL,
    END_NOTE,
    END_REASON,
    HPR,
    ID,
    LIST_LENGTH,
    MUNICIPALITY,
    NAME,
    OTHER_WORK_PERCENT,
    PLANNED_END,
    POSITION_PERCENT,
    SECOND_MUNICIPALITY,
    START,
    ChoiceWidget,
    DayWidget,
    TextWidget,
    WholeNumberWidget,
    column,
    text,
)
from placements.municipalities.models import MedicalCentre, Municipality
from placements.register.forms import five_years_after
from placements.register.models import Doctor, Placement
from placements.register.records import doctor_change_refusal
from placements.relations import administers_municipality


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
    existing: bool = False  # the row names a registered placement by its ID
    changed: bool = True  # False: the row says what the register already says
    errors: list = field(default_factory=list)  # (column or "", message)


# What a row sets on a placement; a row with an ID that changes none of them is skipped.
COMPARED = (
    "doctor_id",
    "municipality_id",
    "second_municipality_id",
    "centre_id",
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
)


def snapshot(placement):
    return tuple(getattr(placement, name) for name in COMPARED)


class PlacementResource(resources.ModelResource):
    """One row, one placement: a new one, or with a Stillings-ID (as the export writes it)
    the registered one, corrected. Doctor, municipalities and centre are looked up here
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
        self.originals = {}  # pk → (snapshot, placement as registered)
        self.id_error = ""  # the current row's ID problem, told in import_instance

    def get_instance(self, instance_loader, row):
        """The registered placement the row's ID names, if the user may change it; else a
        new one (and an error when an ID was given)."""
        self.id_error = ""
        raw = text(row.get(ID))
        if not raw:
            return None
        placement = (
            Placement.objects.for_user(self.user)
            .filter(pk=int(raw) if raw.isdigit() else None, programme=self.programme)
            .select_related("doctor", "municipality")
            .first()
        )
        if placement is None:
            self.id_error = _(
                "Ukjent stillings-ID «%(id)s» i %(p)s. La kolonnen stå tom for en ny stilling."
            ) % {"id": raw, "p": self.programme}
            return None
        if not administers_municipality(self.user, placement.municipality):
            self.id_error = _("Du kan se stilling %(id)s, men ikke endre den.") % {"id": raw}
            return None
        self.originals[placement.pk] = (snapshot(placement), copy(placement))
        return placement

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """A registered placement the row leaves as it is: nothing to save."""
        if import_validation_errors or instance.pk not in self.originals:
            return False
        unchanged = snapshot(instance) == self.originals[instance.pk][0]
        self.current.changed = not unchanged
        return unchanged

    def import_row(self, row, instance_loader, **kwargs):
        if not any(text(v) for v in row.values()):
            result = self.get_row_result_class()()
            result.import_type = RowResult.IMPORT_TYPE_SKIP
            return result
        return super().import_row(row, instance_loader, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        number = kwargs["row_number"] + 1
        preview = RowPreview(number, hpr=text(row.get(HPR)), centre=text(row.get(CENTRE)))
        self.previews[number] = self.current = preview
        preview.existing = instance.pk is not None
        errors = {"id": [self.id_error]} if self.id_error else {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        instance.programme = self.programme
        self.resolve_place(instance, row, errors, preview)
        self.resolve_doctor(instance, row, errors, preview)
        if preview.existing and "doctor" not in errors:
            refusal = doctor_change_refusal(self.originals[instance.pk][1], instance.doctor)
            if refusal:
                errors["doctor"] = refusal
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
        if not is_create:
            instance._change_reason = "Rettet ved import"
        try:
            with transaction.atomic():
                instance.save(force_insert=is_create)
        except IntegrityError as e:
            raise ValidationError(_("Databasen avviste raden: %(e)s") % {"e": e}) from e
        self.saved.add(instance.pk)

    def resolve_place(self, instance, row, errors, preview):
        municipality = self._municipality(row, errors, preview)
        if municipality is None:
            return
        instance.municipality = municipality
        self._second_municipality(instance, row, errors)
        self._centre(instance, row, errors, preview, municipality)

    def _municipality(self, row, errors, preview):
        """The row's municipality, if the user administers it and it takes part."""
        number = text(row.get(MUNICIPALITY))
        if not number:
            errors["municipality"] = _("Kommunenummer mangler.")
            return None
        municipality = find_municipality(number)
        if municipality is None:
            errors["municipality"] = _("Ukjent kommunenummer «%(n)s».") % {"n": number}
            return None
        preview.municipality = f"{municipality.number} {municipality.name}"
        current = municipality.merged_into or municipality
        if not (
            administers_municipality(self.user, municipality)
            or administers_municipality(self.user, current)
        ):
            errors["municipality"] = _(
                "Du kan ikke registrere stillinger i %(m)s; bare i kommuner du forvalter."
            ) % {"m": preview.municipality}
            return None
        if municipality.pk not in self.participating:
            errors["municipality"] = _("%(m)s deltar ikke i %(p)s.") % {
                "m": preview.municipality,
                "p": self.programme,
            }
            return None
        return municipality

    def _second_municipality(self, instance, row, errors):
        second_number = text(row.get(SECOND_MUNICIPALITY))
        if not second_number:
            return
        second = find_municipality(second_number)
        if second is None:
            errors["second_municipality"] = _("Ukjent kommunenummer «%(n)s».") % {
                "n": second_number
            }
        else:
            instance.second_municipality = second

    def _centre(self, instance, row, errors, preview, municipality):
        """The centre named in the row, in the municipality or the one it merged into."""
        name = text(row.get(CENTRE))
        if not name:
            errors["centre"] = _("Legesenter mangler.")
            return
        current = municipality.merged_into or municipality
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
            self._known_doctor(instance, doctor, hpr, errors, preview)
        else:
            self._new_doctor(instance, row, hpr, errors, preview)

    def _known_doctor(self, instance, doctor, hpr, errors, preview):
        """A registered doctor, if the user may see them."""
        if not Doctor.objects.for_user(self.user).filter(pk=doctor.pk).exists():
            errors["doctor"] = _(
                "HPR-nummer %(hpr)s tilhører en ALIS utenfor ditt ansvarsområde; be "
                "prosjektleder registrere stillingen."
            ) % {"hpr": hpr}
            return
        preview.doctor = doctor.name
        preview.new_doctor = hpr in self.created_doctors
        instance.doctor = doctor

    def _new_doctor(self, instance, row, hpr, errors, preview):
        """A doctor with an unknown HPR number, created from the row's name and e-mail."""
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
        if not self._save_doctor(doctor, errors):
            return
        self.created_doctors[hpr] = preview.number
        preview.doctor = name
        preview.new_doctor = True
        instance.doctor = doctor

    def _save_doctor(self, doctor, errors):
        """Check and save a new doctor; False (with the errors) if that fails."""
        try:
            doctor.full_clean(exclude=["registered_by", "user"])
        except ValidationError as e:
            for key, messages in e.message_dict.items():
                errors[{"name": "doctor_name", "email": "doctor_email"}.get(key, "doctor")] = (
                    messages
                )
            return False
        # Saved now so the placement's own checks can see it; the dry run rolls it back,
        # and the real import rolls it back with everything else if any row fails.
        try:
            with transaction.atomic():
                doctor.save()
        except IntegrityError:
            errors["doctor"] = _("HPR-nummer %(hpr)s ble registrert samtidig; prøv igjen.") % {
                "hpr": doctor.hpr_number
            }
            return False
        return True

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
            .exclude(pk__in=self.saved | {instance.pk})
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
