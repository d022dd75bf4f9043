from django.core.exceptions import PermissionDenied
from rest_framework import mixins, serializers, viewsets

from alisvest.access import NOT_FOUND, OK, access
from alisvest.api import full_clean_or_400, proposed_instance
from placements.municipalities.models import Equipment, MedicalCentre, Municipality, Programme
from placements.municipalities.permissions import can_add_centre, can_edit_centre


class ProgrammeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = ["id", "name", "slug", "started", "ended", "monthly_supervision_minutes"]


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


class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    access = {
        "list": access(OK),
        "detail": access(NOT_FOUND, researcher=OK, steering=OK, leader=OK),
    }
    serializer_class = ProgrammeSerializer

    def get_queryset(self):
        return Programme.objects.for_user(self.request.user).order_by("pk")


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    access = {
        "list": access(OK),
        "detail": access(NOT_FOUND, own_manager=OK, researcher=OK, steering=OK, leader=OK),
    }
    serializer_class = MunicipalitySerializer
    lookup_field = "number"

    def get_queryset(self):
        return (
            Municipality.objects.for_user(self.request.user)
            .current()
            .select_related("merged_into")
            .order_by("number")
        )


class MedicalCentreViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    access = {
        "list": access(OK),
        "detail": access(NOT_FOUND, own_manager=OK, researcher=OK, steering=OK, leader=OK),
    }
    serializer_class = MedicalCentreSerializer

    def get_queryset(self):
        return MedicalCentre.objects.for_user(self.request.user).for_table().order_by("pk")

    def perform_create(self, serializer):
        allowed, reason = can_add_centre(
            self.request.user, serializer.validated_data["municipality"]
        )
        if not allowed:
            raise PermissionDenied(reason)
        serializer.save()

    def perform_update(self, serializer):
        allowed, reason = can_edit_centre(self.request.user, serializer.instance)
        if not allowed:
            raise PermissionDenied(reason)
        serializer.save()
