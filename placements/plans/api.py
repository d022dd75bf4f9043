"""Learning objectives (read) and learning-objective progress (read, and one step at a time
through the same services and role checks as the pages)."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.response import Response

from alisvest.access import OK, access
from alisvest.api import ScopedViewSet, scoped_access
from alisvest.filters import IdFilter, filters_for
from placements.plans import services
from placements.plans.models import LearningObjective, ObjectiveProgress
from placements.register.models import Placement


class LearningObjectiveSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = LearningObjective
        fields = ["id", "programme", "code", "group", "text", "order"]


class ObjectiveProgressSerializer(serializers.ModelSerializer):
    objective_code = serializers.CharField(source="objective.code", read_only=True)
    objective_group = serializers.CharField(source="objective.group", read_only=True)
    logged_by = serializers.StringRelatedField()
    signed_by = serializers.StringRelatedField()
    approved_by = serializers.StringRelatedField()

    class Meta:
        model = ObjectiveProgress
        fields = [
            "id",
            "placement",
            "objective",
            "objective_code",
            "objective_group",
            "status",
            "activity_note",
            "logged_by",
            "logged_at",
            "signed_by",
            "signed_at",
            "approved_by",
            "approved_at",
        ]
        read_only_fields = fields


class ObjectiveStepSerializer(serializers.Serializer):
    STEPS = {
        "log_activity": services.log_activity,
        "sign": services.sign,
        "approve": services.approve,
    }

    placement = serializers.PrimaryKeyRelatedField(queryset=Placement.objects.none())
    objective = serializers.PrimaryKeyRelatedField(queryset=LearningObjective.objects.none())
    step = serializers.ChoiceField(choices=list(STEPS))
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["placement"].queryset = Placement.objects.for_user(request.user)
            self.fields["objective"].queryset = LearningObjective.objects.for_user(request.user)

    def validate(self, attrs):
        if attrs["objective"].programme_id != attrs["placement"].programme_id:
            raise serializers.ValidationError(
                {"objective": "Læringsmålet hører ikke til stillingens program."}
            )
        if attrs["step"] == "log_activity" and not attrs.get("note", "").strip():
            raise serializers.ValidationError({"note": "Beskriv aktiviteten."})
        return attrs


class LearningObjectiveViewSet(ScopedViewSet):
    # The programme's catalogue of learning objectives: no personal data.
    access = {"list": access(OK), "detail": access(OK)}
    serializer_class = LearningObjectiveSerializer
    model = LearningObjective

    filterset_class = filters_for(
        LearningObjective,
        programme=filters.CharFilter("programme__slug", help_text="programme slug"),
    )

    def scoped(self, queryset):
        return queryset.select_related("programme").order_by("programme", "order", "code", "pk")


class ObjectiveProgressViewSet(mixins.CreateModelMixin, ScopedViewSet):
    """Create takes one step (log_activity, sign, approve) on a placement's objective and
    answers with the progress; 403 with the reason when the role or order is wrong."""

    access = scoped_access(alis=OK, own_manager=OK, steering=OK, leader=OK, office=OK)
    serializer_class = ObjectiveProgressSerializer
    model = ObjectiveProgress

    filterset_class = filters_for(ObjectiveProgress, placement=IdFilter())

    def scoped(self, queryset):
        return queryset.select_related(
            "objective", "logged_by", "signed_by", "approved_by"
        ).order_by("placement", "objective__order", "objective__code", "pk")

    @extend_schema(request=ObjectiveStepSerializer, responses={201: ObjectiveProgressSerializer})
    def create(self, request, *args, **kwargs):
        step = ObjectiveStepSerializer(data=request.data, context={"request": request})
        step.is_valid(raise_exception=True)
        data = step.validated_data
        progress = services.progress_for(data["placement"], data["objective"])
        action = ObjectiveStepSerializer.STEPS[data["step"]]
        if data["step"] == "log_activity":
            progress = action(progress, by=request.user, note=data["note"])
        else:
            progress = action(progress, by=request.user)
        return Response(ObjectiveProgressSerializer(progress).data, status=status.HTTP_201_CREATED)
