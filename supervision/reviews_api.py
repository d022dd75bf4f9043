"""Half-year reviews (list, read, write, amend, sign) and post evaluations (the ALIS's own,
and the project leader's aggregate) over the API, with the pages' scope and rules."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access, require
from alisvest.api import ScopedViewSet, as_400, scoped_access
from alisvest.roles import access_of
from placements.models import Placement, Programme

from . import permissions
from . import review_services as services
from .evaluations import GROUPINGS, aggregate
from .models import PostEvaluation, ProgressReview, ReviewSignature
from .reviews import schedule


class ReviewSignatureSerializer(serializers.ModelSerializer):
    user = serializers.StringRelatedField()

    class Meta:
        model = ReviewSignature
        fields = ["role", "user", "signed_at"]


class ProgressReviewSerializer(serializers.ModelSerializer):
    placement = serializers.PrimaryKeyRelatedField(queryset=Placement.objects.none())
    signatures = ReviewSignatureSerializer(many=True, read_only=True)
    status = serializers.CharField(read_only=True)
    superseded_by = serializers.SerializerMethodField()

    class Meta:
        model = ProgressReview
        fields = [
            "id",
            "placement",
            "number",
            "period_start",
            "period_end",
            "version",
            "supersedes",
            "superseded_by",
            "summary",
            "plan_next",
            "alis_comment",
            "status",
            "signatures",
            "created_at",
        ]
        read_only_fields = [
            "period_start",
            "period_end",
            "version",
            "supersedes",
            "alis_comment",
            "created_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["placement"].queryset = Placement.objects.filter(
                pk__in=ProgressReview.objects.scope_placements(request.user)
            )
        if self.instance is not None and not isinstance(self.instance, list):
            self.fields["placement"].read_only = True
            self.fields["number"].read_only = True

    def get_superseded_by(self, review) -> int | None:
        successor = getattr(review, "superseded_by", None)
        return successor.pk if successor else None


class SignSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=ReviewSignature.Role.choices, label=_("Rolle"))
    comment = serializers.CharField(required=False, allow_blank=True, label=_("Din kommentar"))


REVIEWERS = {"alis": OK, "leader": OK}
SIGNERS = access(NOT_FOUND, alis=OK, leader=OK, method="POST")
WRITER = access(NOT_FOUND, alis=FORBIDDEN, leader=FORBIDDEN, method="POST")


class ProgressReviewViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet):
    access = scoped_access(**REVIEWERS) | {"sign": SIGNERS, "amend": WRITER}
    model = ProgressReview
    serializer_class = ProgressReviewSerializer

    def scoped(self, queryset):
        return (
            queryset.select_related("placement", "superseded_by")
            .prefetch_related("signatures__user")
            .order_by("placement", "number", "version")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        placement = data["placement"]
        half = next(
            (h for h in schedule([placement])[placement.pk] if h.number == data["number"]), None
        )
        if half is None:
            raise serializers.ValidationError(
                {"number": [_("Stillingen har ikke dette halvåret.")]}
            )
        try:
            serializer.instance = services.write_review(
                placement,
                half,
                by=self.request.user,
                summary=data["summary"],
                plan_next=data["plan_next"],
            )
        except DjangoValidationError as error:
            as_400(error)

    def perform_update(self, serializer):
        review = serializer.instance
        data = serializer.validated_data
        try:
            services.update_review(
                review,
                by=self.request.user,
                summary=data.get("summary", review.summary),
                plan_next=data.get("plan_next", review.plan_next),
            )
        except DjangoValidationError as error:
            as_400(error)

    @extend_schema(request=SignSerializer, responses=ProgressReviewSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None, **kwargs):
        """Sign as supervisor, as ALIS (with the comment) or acknowledge as project leader."""
        review = self.get_object()
        body = SignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        role = body.validated_data["role"]
        comment = body.validated_data.get("comment") if role == ReviewSignature.Role.ALIS else None
        services.sign_review(review, role, by=request.user, comment=comment)
        return Response(self.get_serializer(self.get_queryset().get(pk=review.pk)).data)

    @extend_schema(request=None, responses=ProgressReviewSerializer)
    @action(detail=True, methods=["post"])
    def amend(self, request, pk=None, **kwargs):
        """A new version of a signed review, to be signed again."""
        new = services.amend_review(self.get_object(), by=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=new.pk)).data, status=201)


class PostEvaluationSerializer(serializers.ModelSerializer):
    placement = serializers.PrimaryKeyRelatedField(queryset=Placement.objects.none())

    class Meta:
        model = PostEvaluation
        fields = [
            "id",
            "placement",
            "year",
            "supervision_quality",
            "workload",
            "centre",
            "stay",
            "submitted_at",
        ]
        read_only_fields = ["year", "submitted_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["placement"].queryset = Placement.objects.filter(doctor__user=request.user)


class EvaluationGroupSerializer(serializers.Serializer):
    name = serializers.CharField()
    count = serializers.IntegerField()
    suppressed = serializers.BooleanField()
    means = serializers.DictField(child=serializers.FloatField(allow_null=True))
    texts = serializers.ListField(child=serializers.CharField())


class PostEvaluationViewSet(mixins.CreateModelMixin, ScopedViewSet):
    """The ALIS's own answers; `aggregate/` is the project leader's view of them all."""

    access = scoped_access(alis=OK) | {"aggregate": access(FORBIDDEN, leader=OK)}
    model = PostEvaluation
    serializer_class = PostEvaluationSerializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        placement = data.pop("placement")
        try:
            serializer.instance = services.submit_evaluation(
                placement, by=self.request.user, year=timezone.localdate().year, **data
            )
        except DjangoValidationError as error:
            as_400(error)

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int),
            OpenApiParameter("by", str, enum=list(GROUPINGS)),
        ],
        responses=EvaluationGroupSerializer(many=True),
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def aggregate(self, request, **kwargs):
        """Means and counts per municipality or centre; groups under 3 answers suppressed."""
        require(permissions.can_read_evaluations(request.user))
        access_ = access_of(request.user)
        programmes = Programme.objects.all() if access_.superuser else access_.led_programmes
        try:
            year = int(request.query_params.get("year", timezone.localdate().year))
        except ValueError as error:
            raise serializers.ValidationError({"year": [_("Oppgi et år, f.eks. 2025.")]}) from error
        by = request.query_params.get("by", "municipality")
        if by not in GROUPINGS:
            raise Http404
        groups = aggregate(programmes, year, by)
        return Response(EvaluationGroupSerializer(groups, many=True).data)
