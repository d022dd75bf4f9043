"""Assessments over the API: list and read (with the same summary as the page: never one
respondent's multi-source answers), and create with the assessors, as the ALIS."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers
from rest_framework.response import Response

from alisvest.access import NOT_FOUND, OK, access, require
from alisvest.api import ScopedViewSet
from placements.models import LearningObjective, Placement

from .. import permissions
from ..models import Assessment, AssessorInvitation
from . import services
from .summary import summary


class AssessorSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, label=_("Navn"))
    email = serializers.EmailField(label=_("E-post"))
    relation = serializers.ChoiceField(
        choices=AssessorInvitation.Relation.choices,
        default=AssessorInvitation.Relation.DOCTOR,
        label=_("Rolle"),
    )


class AssessmentSerializer(serializers.ModelSerializer):
    placement = serializers.PrimaryKeyRelatedField(queryset=Placement.objects.none())
    learning_objective = serializers.PrimaryKeyRelatedField(
        queryset=LearningObjective.objects.all(), required=False, allow_null=True
    )
    assessors = AssessorSerializer(many=True, write_only=True)
    summary = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "placement",
            "kind",
            "learning_objective",
            "context",
            "language",
            "status",
            "created_at",
            "completed_at",
            "assessors",
            "summary",
        ]
        read_only_fields = ["status", "created_at", "completed_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["placement"].queryset = Placement.objects.for_user(request.user)

    def get_summary(self, assessment) -> dict:
        result = summary(assessment)
        if "responses" in result:
            for response in result["responses"]:
                response["submitted_at"] = response["submitted_at"].isoformat()
        return result


class AssessmentViewSet(mixins.CreateModelMixin, ScopedViewSet):
    model = Assessment
    serializer_class = AssessmentSerializer
    access = {
        "list": access(OK),
        "detail": access(NOT_FOUND, alis=OK, leader=OK),
    }

    def scoped(self, queryset):
        return (
            queryset.select_related("learning_objective")
            .prefetch_related("invitations__response")
            .order_by("-created_at", "-pk")
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        placement = data.pop("placement")
        require(permissions.can_request_assessment(request.user, placement))
        assessors = data.pop("assessors")
        kind = data.pop("kind")
        try:
            assessment = services.request_assessment(
                placement, kind, assessors, by=request.user, **data
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return Response(self.get_serializer(assessment).data, status=201)
