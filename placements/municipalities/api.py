from rest_framework import serializers

from alisvest.access import OK, require
from alisvest.api import (
    ScopedViewSet,
    WritableScopedViewSet,
    full_clean_or_400,
    proposed_instance,
    scoped_access,
)
from alisvest.filters import MunicipalityNumberFilter, filters_for
from placements.municipalities.models import Equipment, MedicalCentre, Municipality, Programme
from placements.municipalities.permissions import can_add_centre, can_edit_centre


class ProgrammeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = [
            "id",
            "name",
            "slug",
            "started",
            "ended",
            "monthly_supervision_minutes",
            "rule_set",
            "supervision_rule",
        ]


class MunicipalitySerializer(serializers.ModelSerializer):
    merged_into = serializers.SlugRelatedField(slug_field="number", read_only=True, allow_null=True)

    class Meta:
        model = Municipality
        fields = ["id", "number", "name", "county", "centrality", "valid_to", "merged_into"]


class MedicalCentreSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(
        slug_field="number", queryset=Municipality.objects.none()
    )
    equipment = serializers.ListField(
        child=serializers.ChoiceField(choices=Equipment.choices), required=False
    )

    class Meta:
        model = MedicalCentre
        fields = [
            "id",
            "municipality",
            "name",
            "ownership",
            "address",
            "doctor_count",
            "specialist_count",
            "doctor_ages",
            "doctor_specialties",
            "has_lis1",
            "has_alis_office",
            "support_staff_count",
            "support_staff_competence",
            "equipment",
            "accepts_alis",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["municipality"].queryset = Municipality.objects.for_user(
                request.user
            ).current()

    def validate(self, attrs):
        full_clean_or_400(proposed_instance(self, attrs))
        return attrs


class ProgrammeViewSet(ScopedViewSet):
    access = scoped_access(researcher=OK, steering=OK, leader=OK)
    serializer_class = ProgrammeSerializer
    model = Programme

    def scoped(self, queryset):
        return queryset.order_by("pk")


class MunicipalityViewSet(ScopedViewSet):
    access = scoped_access(own_manager=OK, researcher=OK, steering=OK, leader=OK, office=OK)
    serializer_class = MunicipalitySerializer
    lookup_field = "number"
    model = Municipality

    def scoped(self, queryset):
        return queryset.current().select_related("merged_into").order_by("number")


class MedicalCentreViewSet(WritableScopedViewSet):
    # Staff counts and ages are quasi-identifiers: not for the researcher (SECURITY.md).
    access = scoped_access(own_manager=OK, steering=OK, leader=OK)
    serializer_class = MedicalCentreSerializer
    model = MedicalCentre
    filterset_class = filters_for(MedicalCentre, municipality=MunicipalityNumberFilter())

    def get_queryset(self):
        return self.scoped(MedicalCentre.objects.for_user(self.request.user, research=False))

    def scoped(self, queryset):
        return queryset.for_table().order_by("pk")

    def perform_create(self, serializer):
        require(can_add_centre(self.request.user, serializer.validated_data["municipality"]))
        serializer.save()

    def perform_update(self, serializer):
        require(can_edit_centre(self.request.user, serializer.instance))
        serializer.save()
