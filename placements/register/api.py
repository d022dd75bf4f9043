"""The register over the API: doctors, placements, supervisor assignments, absences and
recruitment rounds. Same scope (for_user) and rules (model clean, constraints, services) as
the pages; a rule broken answers 400 naming the field, never 500."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from rest_framework import serializers

from alisvest.access import OK, require
from alisvest.api import (
    WritableScopedViewSet,
    as_400,
    full_clean_or_400,
    integrity_error_as_400,
    proposed_instance,
    scoped_access,
)
from alisvest.filters import IdFilter, MunicipalityNumberFilter, filters_for
from alisvest.models import User
from alisvest.roles import Role
from placements.limits import LIST_LENGTH, PERCENT, POSITION_PERCENT
from placements.municipalities.models import (
    MedicalCentre,
    Municipality,
    Programme,
    RecruitmentRound,
)
from placements.register import services
from placements.register.forms import PlacementForm, five_years_after
from placements.register.models import Absence, Doctor, Placement, SupervisorAssignment
from placements.register.permissions import can_add_doctor, can_edit_doctor
from placements.register.records import doctor_change_refusal
from placements.relations import administers_municipality

# Constraint name → the field a client should fix.
CONSTRAINT_FIELDS = {
    "placements_placement_no_overlap_per_doctor": "start",
    "placements_placement_planned_end_after_start": "planned_end",
    "placements_placement_actual_end_after_start": "actual_end",
    "placements_placement_percent_ranges": "position_percent",
    "placements_placement_reason_only_when_ended": "end_reason",
    "placements_placement_second_municipality_differs": "second_municipality",
    "placements_supervisorassignment_one_at_a_time": "start",
    "placements_supervisorassignment_end_after_start": "end",
    "placements_absence_end_after_start": "end",
    "placements_doctor_hpr_digits": "hpr_number",
    "placements_doctor_hpr_number_key": "hpr_number",
    "placements_recruitmentround_unique": "label",
    "placements_recruitmentround_hired_le_applicants": "hired",
}


# A unique key carries no message of its own.
CONSTRAINT_MESSAGES = {
    "placements_doctor_hpr_number_key": _lazy("Det finnes allerede en lege med dette HPR-nummeret.")
}


def _user(serializer):
    request = serializer.context.get("request")
    return request.user if request is not None else None


def _authenticated(serializer):
    user = _user(serializer)
    return user if user is not None and user.is_authenticated else None


class RegisterViewSet(WritableScopedViewSet):
    """List, read, create and update; nothing in the register is deleted over the API."""

    constraint_fields = CONSTRAINT_FIELDS
    constraint_messages = CONSTRAINT_MESSAGES


# --- Doctors ----------------------------------------------------------------------------


class DoctorSerializer(serializers.ModelSerializer):
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.objects.none())
    # Empty for a doctor a project leader registered (no municipality did).
    registered_by = serializers.SlugRelatedField(
        slug_field="number", read_only=True, allow_null=True
    )
    has_login = serializers.SerializerMethodField()

    class Meta:
        model = Doctor
        fields = ["id", "programme", "registered_by", "name", "email", "hpr_number", "has_login"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = _authenticated(self)
        if user is not None:
            access = user.access
            lineage = Municipality.objects.lineage_of(access.managed_municipalities)
            programmes = (
                Programme.objects.all()
                if access.superuser
                else Programme.objects.filter(
                    Q(pk__in=access.led_programmes) | Q(participations__municipality__in=lineage)
                ).distinct()
            )
            self.fields["programme"].queryset = programmes
        # The unique check is in validate(), with the Norwegian message.
        self.fields["hpr_number"].validators = [
            v for v in self.fields["hpr_number"].validators if not hasattr(v, "queryset")
        ]

    def get_has_login(self, doctor) -> bool:
        return doctor.user_id is not None

    def validate_hpr_number(self, value):
        value = "".join(value.split())
        if not value.isdigit() or not 6 <= len(value) <= 9:
            raise serializers.ValidationError(
                _("HPR-nummeret kan bare inneholde siffer (6–9 siffer), f.eks. 1234567.")
            )
        return value

    def validate(self, attrs):
        full_clean_or_400(proposed_instance(self, attrs), exclude=["registered_by", "user"])
        return attrs


class DoctorViewSet(RegisterViewSet):
    access = scoped_access(alis=OK, own_manager=OK, steering=OK, leader=OK, office=OK)
    serializer_class = DoctorSerializer
    model = Doctor
    filterset_class = filters_for(Doctor, programme=IdFilter())

    def scoped(self, queryset):
        return queryset.select_related("registered_by").order_by("pk")

    def perform_create(self, serializer):
        require(can_add_doctor(self.request.user))
        access = self.request.user.access
        registered_by = None
        if not (access.superuser or access.led_programmes) and access.managed_municipalities:
            registered_by = Municipality.objects.get(pk=min(access.managed_municipalities))
        self.perform_save(serializer, registered_by=registered_by)

    def perform_update(self, serializer):
        require(can_edit_doctor(self.request.user, serializer.instance))
        self.perform_save(serializer)


# --- Placements -------------------------------------------------------------------------


class PlacementSerializer(serializers.ModelSerializer):
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.objects.none())
    doctor = serializers.PrimaryKeyRelatedField(queryset=Doctor.objects.none())
    municipality = serializers.PrimaryKeyRelatedField(queryset=Municipality.objects.none())
    second_municipality = serializers.PrimaryKeyRelatedField(
        queryset=Municipality.objects.none(), allow_null=True, required=False
    )
    centre = serializers.PrimaryKeyRelatedField(queryset=MedicalCentre.objects.none())
    planned_end = serializers.DateField(required=False, help_text="Tom: startdato + 5 år.")

    class Meta:
        model = Placement
        fields = ["id", *PlacementForm.Meta.fields]  # the API edits what the page edits
        # DRF turns the model's range validators into its own; keep their messages.
        extra_kwargs = {
            "list_length": {"error_messages": LIST_LENGTH.error_messages(_lazy("listelengde"))},
            "position_percent": {
                "error_messages": POSITION_PERCENT.error_messages(_lazy("stillingsprosent"))
            },
            "other_work_percent": {
                "error_messages": PERCENT.error_messages(
                    _lazy("andel annet kommunalt legearbeid (%)")
                )
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = _authenticated(self)
        if user is not None:
            access = user.access
            lineage = Municipality.objects.lineage_of(access.managed_municipalities)
            self.fields["programme"].queryset = (
                Programme.objects.all()
                if access.superuser
                else Programme.objects.filter(
                    Q(pk__in=access.staff_programmes) | Q(participations__municipality__in=lineage)
                ).distinct()
            )
            self.fields["doctor"].queryset = Doctor.objects.for_user(user)
            municipalities = Municipality.objects.for_user(user)
            self.fields["municipality"].queryset = municipalities
            self.fields["second_municipality"].queryset = municipalities
            self.fields["centre"].queryset = MedicalCentre.objects.for_user(user)

    def validate(self, attrs):
        if self.instance is not None and "doctor" in attrs:
            refusal = doctor_change_refusal(self.instance, attrs["doctor"])
            if refusal:
                raise serializers.ValidationError({"doctor": refusal})
        instance = proposed_instance(self, attrs)
        if instance.start and not instance.planned_end:
            if instance.start.year > 9000:
                raise serializers.ValidationError(
                    {"start": _("Startdatoen er urimelig langt fram.")}
                )
            instance.planned_end = attrs["planned_end"] = five_years_after(instance.start)
        full_clean_or_400(instance, validate_constraints=False)
        end = instance.actual_end or instance.planned_end
        if end >= instance.start:
            overlapping = (
                Placement.objects.filter(doctor=instance.doctor)
                .exclude(pk=instance.pk)
                .overlapping(instance.start, end)
            )
            if overlapping.exists():
                raise serializers.ValidationError(
                    {"start": _("Legen har allerede en utdanningsstilling i denne perioden.")}
                )
        try:
            instance.validate_constraints()
        except DjangoValidationError as error:
            as_400(error)
        return attrs


class PlacementViewSet(RegisterViewSet):
    access = scoped_access(alis=OK, own_manager=OK, steering=OK, leader=OK, office=OK)
    serializer_class = PlacementSerializer
    model = Placement
    filterset_class = filters_for(
        Placement,
        programme=IdFilter(),
        doctor=IdFilter(),
        centre=IdFilter(),
        municipality=MunicipalityNumberFilter(),
    )

    def scoped(self, queryset):
        return queryset.order_by("pk")

    def _require(self, municipality):
        if not administers_municipality(self.request.user, municipality):
            raise PermissionDenied(_("Du kan bare registrere stillinger i kommuner du forvalter."))

    def perform_create(self, serializer):
        self._require(serializer.validated_data["municipality"])
        self.perform_save(serializer)

    def perform_update(self, serializer):
        self._require(serializer.instance.municipality)
        self._require(
            serializer.validated_data.get("municipality", serializer.instance.municipality)
        )
        self.perform_save(serializer)


# --- Supervisor assignments -------------------------------------------------------------


class SupervisorAssignmentSerializer(serializers.ModelSerializer):
    placement = serializers.PrimaryKeyRelatedField(queryset=Placement.objects.none())
    supervisor = serializers.PrimaryKeyRelatedField(queryset=User.objects.none())
    supervisor_name = serializers.CharField(source="supervisor.name", read_only=True)
    risks = serializers.SerializerMethodField()

    class Meta:
        model = SupervisorAssignment
        fields = [
            "id",
            "placement",
            "supervisor",
            "supervisor_name",
            "start",
            "end",
            "is_specialist",
            "same_centre",
            "risks",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = _authenticated(self)
        if user is not None:
            self.fields["placement"].queryset = Placement.objects.for_user(user)
            self.fields["supervisor"].queryset = User.objects.filter(
                Q(groups__name=Role.SUPERVISOR) | Q(supervisions__isnull=False), is_active=True
            ).distinct()
        if self.instance is not None and not isinstance(self.instance, list):
            for name in ("placement", "supervisor", "start"):
                self.fields[name].read_only = True

    def get_risks(self, assignment) -> list[str]:
        return [str(r) for r in assignment.risks]

    def validate(self, attrs):
        if self.instance is not None:
            full_clean_or_400(proposed_instance(self, attrs))
        return attrs


class SupervisorAssignmentViewSet(RegisterViewSet):
    """Creating a new assignment ends the current one the day before, as on the page."""

    access = scoped_access(alis=OK, own_manager=OK, steering=OK, leader=OK, office=OK)

    serializer_class = SupervisorAssignmentSerializer
    model = SupervisorAssignment
    filterset_class = filters_for(SupervisorAssignment, placement=IdFilter())

    def scoped(self, queryset):
        return queryset.select_related("supervisor").order_by("pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        placement = data.pop("placement")
        try:
            with transaction.atomic():
                serializer.instance = services.assign_supervisor(
                    placement, by=self.request.user, **data
                )
        except DjangoValidationError as error:
            as_400(error)
        except IntegrityError as error:
            integrity_error_as_400(error, self.constraint_fields, self.constraint_messages)

    def perform_update(self, serializer):
        require(services.can_edit_register(self.request.user, serializer.instance.placement))
        self.perform_save(serializer)


# --- Absences ---------------------------------------------------------------------------


class AbsenceSerializer(serializers.ModelSerializer):
    placement = serializers.PrimaryKeyRelatedField(queryset=Placement.objects.none())
    extension_days = serializers.SerializerMethodField(
        help_text="Dager planlagt slutt bør flyttes etter langt fravær (0: ingen forespørsel)."
    )

    class Meta:
        model = Absence
        fields = [
            "id",
            "placement",
            "kind",
            "start",
            "end",
            "substitute_arranged",
            "note",
            "end_decision",
            "extension_days",
        ]
        read_only_fields = ["end_decision"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = _authenticated(self)
        if user is not None:
            self.fields["placement"].queryset = Placement.objects.for_user(user)
        if self.instance is not None and not isinstance(self.instance, list):
            self.fields["placement"].read_only = True

    def get_extension_days(self, absence) -> int:
        return services.extension_days(absence)

    def validate(self, attrs):
        full_clean_or_400(proposed_instance(self, attrs))
        return attrs


class AbsenceViewSet(RegisterViewSet):
    access = scoped_access(alis=OK, own_manager=OK, steering=OK, leader=OK, office=OK)
    serializer_class = AbsenceSerializer
    model = Absence
    filterset_class = filters_for(Absence, placement=IdFilter())

    def scoped(self, queryset):
        return queryset.order_by("pk")

    def _require(self, placement):
        require(services.can_record_absence(self.request.user, placement))

    def perform_create(self, serializer):
        self._require(serializer.validated_data["placement"])
        self.perform_save(serializer)

    def perform_update(self, serializer):
        """As on the page: the planned end follows a corrected absence."""
        try:
            serializer.instance = services.update_absence(
                serializer.instance, by=self.request.user, **serializer.validated_data
            )
        except DjangoValidationError as error:
            as_400(error)


# --- Recruitment rounds -----------------------------------------------------------------


class RecruitmentRoundSerializer(serializers.ModelSerializer):
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.objects.none())
    municipality = serializers.SlugRelatedField(
        slug_field="number", queryset=Municipality.objects.none()
    )

    class Meta:
        model = RecruitmentRound
        fields = ["id", "programme", "municipality", "label", "date", "applicants", "hired", "note"]
        validators = []  # the unique rule is checked in validate(), naming the field

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = _authenticated(self)
        if user is not None:
            self.fields["programme"].queryset = Programme.objects.all()
            self.fields["municipality"].queryset = Municipality.objects.for_user(user).current()

    def validate(self, attrs):
        instance = proposed_instance(self, attrs)
        if instance.programme_id and instance.municipality_id:
            lineage = Municipality.objects.lineage_of([instance.municipality_id])
            if not instance.programme.participations.filter(municipality__in=lineage).exists():
                raise serializers.ValidationError(
                    {"programme": _("Kommunen deltar ikke i dette programmet.")}
                )
            duplicate = RecruitmentRound.objects.filter(
                programme=instance.programme,
                municipality=instance.municipality,
                label=instance.label,
            ).exclude(pk=instance.pk)
            if duplicate.exists():
                raise serializers.ValidationError(
                    {"label": _("Kommunen har allerede en runde med dette navnet i programmet.")}
                )
        full_clean_or_400(instance)
        return attrs


class RecruitmentRoundViewSet(RegisterViewSet):
    access = scoped_access(own_manager=OK, researcher=OK, steering=OK, leader=OK)
    serializer_class = RecruitmentRoundSerializer
    model = RecruitmentRound
    filterset_class = filters_for(
        RecruitmentRound, programme=IdFilter(), municipality=MunicipalityNumberFilter()
    )

    def scoped(self, queryset):
        return queryset.select_related("municipality").order_by("pk")

    def _require(self, municipality):
        if not administers_municipality(self.request.user, municipality):
            raise PermissionDenied(
                _("Du kan bare registrere rekruttering i kommuner du forvalter.")
            )

    def perform_create(self, serializer):
        self._require(serializer.validated_data["municipality"])
        self.perform_save(serializer)

    def perform_update(self, serializer):
        self._require(serializer.instance.municipality)
        self._require(
            serializer.validated_data.get("municipality", serializer.instance.municipality)
        )
        self.perform_save(serializer)
